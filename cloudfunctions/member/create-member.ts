import { fail, ok, type Result } from '../../shared/errors'
import { newMemberRecord, toMemberView, type MemberRecord } from '../../shared/member/member-record'
import type { RegisterInput, RegisterResult, TierBadge } from '../../shared/member/schemas'
import { checkCode, type SmsCodeRecord } from '../../shared/member/sms-rules'
import { InviteCode } from '../../shared/share/schemas'
import { isDuplicate } from '../_lib/db-errors'
import { claimableImport } from '../_lib/import-jobs'
import { readAccount } from '../_lib/ledger'
import { attributeInvite } from '../_lib/share'
import { MEMBERS, memberByOpenid, memberByPhone } from '../_lib/members'
import type { Database } from '../_lib/deps'
import type { ActionContext } from '../_lib/router'
import { MEMBER_TIERS, tierBadge } from '../_lib/tiers'
import { commit, rollback, withTransaction, type Transaction } from '../_lib/transaction'
import { SMS_CODES } from './sms-codes'
import { isUnclaimed } from '../../shared/member/member-record'

type Profile = Pick<RegisterInput, 'nickname' | 'birthday' | 'gender' | 'region' | 'invite'>

const created = (m: MemberRecord, isNew: boolean, tier: TierBadge): Result<RegisterResult> =>
  ok({ member: toMemberView(m, { viewer: 'owner', tier }), created: isNew })

/** The caller is already a member: the same phone is a repeat of their registration, another is not allowed. */
async function existing(db: Database, m: MemberRecord, phone: string, now: Date): Promise<Result<RegisterResult>> {
  return m.phone === phone ? created(m, false, await tierBadge(db, m, now)) : fail('ALREADY_REGISTERED')
}

/**
 * Checks the phone's SMS code inside the registration transaction and consumes it. A wrong code is
 * counted (and committed: that count is what locks the code); other failures write nothing.
 */
async function useSmsCode(tx: Transaction, ctx: ActionContext, phone: string, submittedHash: string) {
  const doc = tx.collection(SMS_CODES).doc(phone)
  const record = (await doc.get()).data as SmsCodeRecord | null
  const check = checkCode({ record, openid: ctx.identity.openid, submittedHash, now: ctx.now })
  if (check.ok) {
    await doc.update({ codeHash: null })
    return null
  }
  if ('wrongAttempts' in check) {
    await doc.update({ wrongAttempts: check.wrongAttempts })
    return commit(fail(check.code))
  }
  return rollback(fail(check.code))
}

const MEMBER_NO_ATTEMPTS = 5

/** A member brought in by an import whose owner has not registered yet (claimImported checks the rest). */
const unclaimed = (m: MemberRecord | null): m is MemberRecord => !!m && m.imported === true && isUnclaimed(m)

/**
 * The caller registers with the phone of an imported member: that record becomes theirs (openid,
 * unionid; what they entered now fills or replaces the imported profile), with its imported
 * balance and level, whose tier record follows the openid. Null when it was claimed meanwhile.
 */
async function claimImported(ctx: ActionContext, imported: MemberRecord, args: { phoneSimulated: boolean; profile: Profile; smsCodeHash?: string }) {
  const { deps, identity, now } = ctx
  return withTransaction<Result<MemberRecord> | null>(deps.db, async (tx) => {
    if (args.smsCodeHash !== undefined) {
      const refused = await useSmsCode(tx, ctx, imported.phone, args.smsCodeHash)
      if (refused) return refused
    }
    const doc = tx.collection(MEMBERS).doc(imported._id)
    const current = (await doc.get()).data as MemberRecord | null
    if (!current || !(await claimableImport(tx, current))) return rollback(null)
    const p = args.profile
    const claimed: MemberRecord = {
      ...current,
      _id: imported._id,
      openid: identity.openid,
      unionid: identity.unionid,
      phoneSimulated: args.phoneSimulated,
      nickname: p.nickname ?? current.nickname,
      birthday: p.birthday ?? current.birthday,
      gender: p.gender ?? current.gender,
      region: p.region ?? current.region,
      updatedAt: now,
    }
    await doc.update({ openid: claimed.openid, unionid: claimed.unionid, phoneSimulated: claimed.phoneSimulated, nickname: claimed.nickname, birthday: claimed.birthday, gender: claimed.gender, region: claimed.region, updatedAt: now })
    const tier = tx.collection(MEMBER_TIERS).doc(imported._id)
    if ((await tier.get()).data) await tier.update({ openid: identity.openid })
    return commit(ok(claimed))
  })
}

/** The friend who shared the link gets the new member (share.ts); a bad code never fails a registration. */
async function attribute(ctx: ActionContext, member: MemberRecord, invite: string) {
  const code = InviteCode.safeParse(invite)
  if (!code.success) return
  try {
    await attributeInvite(ctx.deps, member, code.data, ctx.now)
  } catch (err) {
    ctx.deps.log.error(`invite ${code.data} for ${member._id} not attributed`, err)
  }
}

/**
 * Creates the caller's member record for `phone`, exactly once. The unique indexes on openid,
 * phone and memberNo are the real guard: when an insert collides, the records say which rule was
 * hit (a concurrent repeat of this registration, a phone held by another WeChat identity, or, rarely,
 * a member number already given out, which is retried with a new one).
 */
export async function createMember(
  ctx: ActionContext,
  args: { phone: string; phoneSimulated: boolean; profile: Profile; smsCodeHash?: string },
): Promise<Result<RegisterResult>> {
  const { deps, identity, now } = ctx
  const { phone } = args
  const mine = await memberByOpenid(deps.db, identity.openid)
  if (mine) return existing(deps.db, mine, phone, now)
  const holder = await memberByPhone(deps.db, phone)
  if (unclaimed(holder)) {
    try {
      const claimed = await claimImported(ctx, holder, args)
      if (claimed?.ok) {
        const m = claimed.data
        const points = (await readAccount(deps.db, m._id)).balance
        return ok({ member: toMemberView(m, { viewer: 'owner', tier: await tierBadge(deps.db, m, now), points }), created: true })
      }
      if (claimed && claimed.error.code === 'SMS_CODE_MISSING') {
        const winner = await memberByOpenid(deps.db, identity.openid)
        return winner ? existing(deps.db, winner, phone, now) : claimed
      }
      if (claimed) return claimed
    } catch (err) {
      if (!isDuplicate(err)) throw err
      // The caller's openid got a member meanwhile (a concurrent repeat of this registration).
      const winner = await memberByOpenid(deps.db, identity.openid)
      if (winner) return existing(deps.db, winner, phone, now)
      throw err
    }
  }
  const base = await tierBadge(deps.db, { _id: '', openid: identity.openid }, now)

  for (let attempt = 0; attempt < MEMBER_NO_ATTEMPTS; attempt++) {
    const record = newMemberRecord({
      id: deps.ids.memberId(),
      openid: identity.openid,
      unionid: identity.unionid,
      phone,
      phoneSimulated: args.phoneSimulated,
      memberNo: deps.ids.memberNo(),
      profile: args.profile,
      now,
    })
    try {
      const result = await withTransaction(deps.db, async (tx) => {
        if (args.smsCodeHash !== undefined) {
          const refused = await useSmsCode(tx, ctx, phone, args.smsCodeHash)
          if (refused) return refused
        }
        await tx.collection(MEMBERS).add(record)
        return commit(created(record, true, base))
      })
      if (result.ok && args.profile.invite) await attribute(ctx, record, args.profile.invite)
      if (result.ok || result.error.code !== 'SMS_CODE_MISSING') return result
      // The code is gone because a concurrent identical call used it: answer as that call did.
      const winner = await memberByOpenid(deps.db, identity.openid)
      return winner ? existing(deps.db, winner, phone, now) : result
    } catch (err) {
      if (!isDuplicate(err)) throw err
      const winner = await memberByOpenid(deps.db, identity.openid)
      if (winner) return existing(deps.db, winner, phone, now)
      if (await memberByPhone(deps.db, phone)) return fail('PHONE_TAKEN')
      // Otherwise the member number was taken: go round with a new one.
    }
  }
  throw new Error(`no free member number after ${MEMBER_NO_ATTEMPTS} attempts`)
}
