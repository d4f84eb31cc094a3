import { issuable } from '../../shared/coupon/coupon'
import { addDays, shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { adjust } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { EntrySource } from '../../shared/points/schemas'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { issueByOperator, loadTemplate } from '../_lib/coupons'
import { appendEntries, LEDGER, loadAccount, saveAccount } from '../_lib/ledger'
import { operatorOnMember, recordChange } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { grantLevel } from '../_lib/tiers'
import { commit, rollback, withTransaction } from '../_lib/transaction'

/** Points added by hand stay usable this long (Asia/Shanghai days from today). */
const ADJUST_VALID_DAYS = 365

/** An operator's entries: a manager's count for their store, an admin's for none. */
const adminSource = (staff: StaffRecord): EntrySource => ({ kind: 'admin', id: staff.openid, storeId: staff.role === 'admin' ? null : staff.storeId })

const reused = (what: string) => fail('REQUEST_ID_REUSED', `该请求编号已用于另一次${what}，请刷新后重试`)

/**
 * admin.adjustPoints: adds or takes points by hand, as one `adjust` entry (`adjust:<requestId>`),
 * with the account and the operator's record in one transaction. The same requestId adjusts once.
 */
export const adjustPoints: Handler<'admin', 'adjustPoints'> = async (input, ctx) => {
  const access = await operatorOnMember(ctx, input.memberId)
  if (!access.ok) return access
  const { staff, member } = access.data
  const { deps, now } = ctx
  const entryId = `adjust:${input.requestId}`
  type Out = Result<{ entryId: string; balance: number; repeated: boolean }>
  return withTransaction<Out>(deps.db, async (tx) => {
    const account = await loadAccount(tx, member._id)
    const earlier = (await tx.collection(LEDGER).doc(entryId).get()).data as LedgerEntry | null
    if (earlier) {
      if (earlier.memberId !== member._id || earlier.points !== input.points) return rollback(reused('调整'))
      return rollback(ok({ entryId, balance: account.balance, repeated: true }))
    }
    const change = adjust(account, {
      entryId,
      points: input.points,
      expiresOn: addDays(shanghaiDay(now), ADJUST_VALID_DAYS),
      source: adminSource(staff),
      reason: input.reason,
      now,
    })
    if ('error' in change) return rollback(fail('INSUFFICIENT_POINTS', `可用积分不足：最多可扣减 ${change.available} 积分`))
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    await recordChange(tx, staff, {
      kind: 'member',
      targetId: member._id,
      action: 'adjustPoints',
      reason: input.reason,
      before: { balance: account.balance },
      after: { balance: change.account.balance, points: input.points },
      now,
      random: deps.ids.code(),
    })
    return commit(ok({ entryId, balance: change.account.balance, repeated: false }))
  })
}

/** admin.grantTier: sets the member's level by hand (as the CLI's `tier grant`), recorded. */
export const grantTier: Handler<'admin', 'grantTier'> = async (input, ctx) => {
  const access = await operatorOnMember(ctx, input.memberId)
  if (!access.ok) return access
  const { staff, member } = access.data
  const { deps, now } = ctx
  const view = (t: { levelId: string; reviewOn: string | null; manual: unknown }) => ({ levelId: t.levelId, reviewOn: t.reviewOn, manual: t.manual })
  const r = await grantLevel(deps.db, member, { levelId: input.levelId, kind: input.kind, by: staff.openid, reason: input.reason, now }, (tx, { from, to }) =>
    recordChange(tx, staff, { kind: 'member', targetId: member._id, action: 'grantTier', reason: input.reason, before: view(from), after: view(to), now, random: deps.ids.code() }),
  )
  if (!r.granted) return fail('LEVEL_NOT_FOUND', `等级方案 ${r.version} 中没有等级 ${input.levelId}（可选：${r.levels.join('、')}）`, 'levelId')
  return ok({ from: r.from, levelId: r.tier.levelId, reviewOn: r.tier.reviewOn })
}

/** admin.issueCoupon: issues coupons by hand (as the CLI's `coupon issue`), once per requestId, recorded. */
export const issueCoupon: Handler<'admin', 'issueCoupon'> = async (input, ctx) => {
  const access = await operatorOnMember(ctx, input.memberId)
  if (!access.ok) return access
  const { staff, member } = access.data
  const { deps, now } = ctx
  const template = await loadTemplate(deps.db, input.templateId)
  if (!template) return fail('TEMPLATE_NOT_FOUND')
  const refusal = issuable(template, shanghaiDay(now))
  if (refusal) return fail(refusal)
  const r = await issueByOperator(deps, template, member, { key: input.requestId, count: input.count, now }, (tx, issued) =>
    recordChange(tx, staff, {
      kind: 'member',
      targetId: member._id,
      action: 'issueCoupon',
      reason: input.reason,
      before: null,
      after: { templateId: template.id, title: template.title, count: issued.length, codes: issued.map((c) => c._id) },
      now,
      random: deps.ids.code(),
    }),
  )
  if (r.earlier && (r.earlier.memberId !== member._id || r.earlier.templateId !== template.id)) return reused('发券')
  return ok({ codes: r.codes, repeated: r.issued === null })
}
