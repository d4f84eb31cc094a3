import { addDays, shanghaiDay } from '../../shared/day'
import type { MemberRecord } from '../../shared/member/member-record'
import { earn } from '../../shared/points/account'
import { attributionRefusal, dueNow, underCap, type Referral } from '../../shared/share/referral'
import type { ShareRules } from '../../shared/share/schemas'
import { issueCoupons, loadTemplate } from './coupons'
import { isDuplicate } from './db-errors'
import type { Database, Deps } from './deps'
import { appendEntries, loadAccount, saveAccount } from './ledger'
import { memberById } from './members'
import { loadSettings, SETTINGS } from './settings'
import { commit, rollback, withTransaction, type Transaction } from './transaction'

/**
 * The invitation collections, named in one place:
 * - `invites/<memberId>` → `{ code }`, and `invite_codes/<code>` → `{ memberId }`: a member's one code.
 * - `referrals/<inviteeMemberId>`: who invited this member (at most one, ever).
 * - `invite_stats/<inviterMemberId>`: friends joined and paid for, and points earned (the cap's counter).
 */
export const INVITES = 'invites'
export const INVITE_CODES = 'invite_codes'
export const REFERRALS = 'referrals'
export const INVITE_STATS = 'invite_stats'
export const SHARE_RULES_ID = SETTINGS.invite.id

export interface InviteStats {
  joined: number
  rewarded: number
  points: number
}

/** Points earned by inviting stay usable this long. */
const REWARD_DAYS = 365

export const loadShareRules = (db: Database): Promise<ShareRules> => loadSettings(db, 'invite')

/** The member's invite code, made the first time it is asked for (racing first calls agree on one). */
export async function inviteCodeFor(deps: Deps, member: Pick<MemberRecord, '_id'>): Promise<string> {
  const { db } = deps
  for (let attempt = 0; attempt < 5; attempt++) {
    const have = ((await db.collection(INVITES).doc(member._id).get()).data as Array<{ code: string }>)[0]
    if (have) return have.code
    const code = deps.ids.code().slice(0, 8)
    try {
      await withTransaction(db, async (tx) => {
        await tx.collection(INVITE_CODES).add({ _id: code, memberId: member._id })
        await tx.collection(INVITES).add({ _id: member._id, code })
        return commit(null)
      })
      return code
    } catch (err) {
      if (!isDuplicate(err)) throw err // a racing call made one (read it next time round), or the code was taken
    }
  }
  throw new Error(`no invite code for ${member._id} after 5 attempts`)
}

/** Pays both sides of a referral inside a transaction (or marks it over the inviter's cap). */
async function pay(tx: Transaction, deps: Deps, rules: ShareRules, referral: Referral, trigger: string, now: Date): Promise<Referral> {
  const stats = await readStats(tx, referral.inviterId)
  if (!underCap(rules, stats.rewarded)) {
    const over: Referral = { ...referral, status: 'over_cap' }
    await tx.collection(REFERRALS).doc(referral._id).set(strip(over))
    return over
  }
  const today = shanghaiDay(now)
  for (const side of ['inviter', 'invitee'] as const) {
    const memberId = side === 'inviter' ? referral.inviterId : referral.inviteeId
    const reward = rules[side]
    if (reward.points > 0) {
      const change = earn(await loadAccount(tx, memberId), {
        entryId: `invite:${referral.inviteeId}:${side}`,
        points: reward.points,
        expiresOn: addDays(today, REWARD_DAYS - 1),
        availableOn: null,
        orderKey: null,
        source: { kind: 'system', id: 'share', storeId: null },
        reason: side === 'inviter' ? '邀请好友奖励' : '受邀注册奖励',
        now,
      })
      await saveAccount(tx, change.account)
      await appendEntries(tx, change.entries)
    }
    const template = reward.couponTemplateId ? await loadTemplate(deps.db, reward.couponTemplateId) : null
    const member = template?.active ? await memberById(deps.db, memberId) : null
    if (template && member) await issueCoupons(tx, deps, template, member, { channel: 'campaign', issueKey: `invite:${referral.inviteeId}:${side}`, count: 1, now })
  }
  const paid: Referral = { ...referral, status: 'rewarded', rewardedAt: now, rewardedFor: trigger }
  await tx.collection(REFERRALS).doc(referral._id).set(strip(paid))
  await tx.collection(INVITE_STATS).doc(referral.inviterId).set({ ...stats, rewarded: stats.rewarded + 1, points: stats.points + rules.inviter.points })
  return paid
}

const strip = ({ _id, ...rest }: Referral) => rest

/** The inviter's counters inside a transaction (the document read back carries its `_id`, which a write may not). */
async function readStats(tx: Transaction, inviterId: string): Promise<InviteStats> {
  const doc = (await tx.collection(INVITE_STATS).doc(inviterId).get()).data as InviteStats | null
  return { joined: doc?.joined ?? 0, rewarded: doc?.rewarded ?? 0, points: doc?.points ?? 0 }
}

/**
 * After a registration that carried an invite code: records who invited the new member (once, ever),
 * and pays both sides at once when the programme pays on registration. An unknown code, a
 * self-invite or the inviter's own phone attribute nothing. Runs after the registration committed;
 * returns what it recorded, or why not.
 */
export async function attributeInvite(deps: Deps, invitee: MemberRecord, code: string, now: Date): Promise<Referral | string> {
  const { db } = deps
  const owner = ((await db.collection(INVITE_CODES).doc(code).get()).data as Array<{ memberId: string }>)[0]
  const inviter = owner ? await memberById(db, owner.memberId) : null
  const refusal = attributionRefusal({ inviterId: inviter?._id ?? null, inviteeId: invitee._id, inviterPhone: inviter?.phone ?? null, inviteePhone: invitee.phone })
  if (refusal || !inviter) return refusal ?? 'unknown code'
  const rules = await loadShareRules(db)
  return withTransaction<Referral | string>(db, async (tx) => {
    if ((await tx.collection(REFERRALS).doc(invitee._id).get()).data) return rollback('already attributed')
    const referral: Referral = { _id: invitee._id, inviterId: inviter._id, inviteeId: invitee._id, code, status: 'joined', joinedAt: now, rewardedAt: null, rewardedFor: null }
    await tx.collection(REFERRALS).add(referral)
    const stats = await readStats(tx, inviter._id)
    await tx.collection(INVITE_STATS).doc(inviter._id).set({ ...stats, joined: stats.joined + 1 })
    return commit(dueNow(rules, referral, 'registration') ? await pay(tx, deps, rules, referral, 'registration', now) : referral)
  })
}

/**
 * After a credited purchase: a friend's first one pays the referral when the programme pays on the
 * first purchase. One read when there is nothing to do; runs after the credit committed.
 */
export async function rewardFirstPurchase(deps: Deps, memberId: string, orderKey: string, now: Date): Promise<void> {
  const { db } = deps
  const seen = ((await db.collection(REFERRALS).doc(memberId).get()).data as Referral[])[0]
  if (!seen || seen.status !== 'joined') return
  const rules = await loadShareRules(db)
  if (!dueNow(rules, seen, 'purchase')) return
  await withTransaction(db, async (tx) => {
    const referral = (await tx.collection(REFERRALS).doc(memberId).get()).data as Referral | null
    if (!referral || referral.status !== 'joined') return rollback(null)
    return commit(await pay(tx, deps, rules, { ...referral, _id: memberId }, orderKey, now))
  })
}
