import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import type { MemberRecord } from '../../shared/member/member-record'
import type { TierBadge } from '../../shared/member/schemas'
import { earn } from '../../shared/points/account'
import { lotDates } from '../../shared/points/earning-rules'
import { EntryIds } from '../../shared/points/ledger-entry'
import { toAccrueResult, type ApprovalRecord, type OrderRecord } from '../../shared/staff/order-record'
import { selfCredit } from '../../shared/staff/till-rules'
import { appendEntries, loadAccount, loadEarningRules, saveAccount } from '../_lib/ledger'
import { MEMBERS } from '../_lib/members'
import type { Handler } from '../_lib/router'
import type { AccrueResult } from '../../shared/staff/schemas'
import { authorizeStaff, checkStore } from '../_lib/staff-auth'
import { creditGrowth, loadMemberTier, loadTierConfig } from '../_lib/tiers'
import { welcomeToLevel } from '../_lib/tier-welcome'
import { afterPurchase } from './after-purchase'
import { APPROVALS, ORDERS } from '../_lib/staff-records'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import { staffSource } from './source'
import { monthOf } from '../../shared/finance/period'

/**
 * staff.approve: a manager of the order's store (or an admin) credits a held order. Idempotent: an
 * approval already approved answers the credit again with `duplicate: true`. Four eyes: nobody
 * approves a credit they asked for themselves, or one to their own member account.
 */
export const approve: Handler<'staff', 'approve'> = async ({ approvalId }, ctx) => {
  const { deps, identity, now } = ctx
  const { db } = deps
  const auth = await authorizeStaff(ctx, 'manager')
  if (!auth.ok) return auth
  const manager = auth.data
  const [rules, tiers] = await Promise.all([loadEarningRules(db), loadTierConfig(db)])
  const today = shanghaiDay(now)

  const outcome = await withTransaction<{ result: Result<AccrueResult>; upgradedTo: TierBadge | null; member: MemberRecord | null }>(db, async (tx) => {
    const answer = (result: Result<AccrueResult>) => ({ result, upgradedTo: null, member: null })
    const approval = (await tx.collection(APPROVALS).doc(approvalId).get()).data as ApprovalRecord | null
    if (!approval) return rollback(answer(fail('APPROVAL_NOT_FOUND')))
    const store = checkStore(manager, approval.storeId)
    if (!store.ok) return rollback(answer(store))
    const order = (await tx.collection(ORDERS).doc(approval._id).get()).data as OrderRecord
    if (approval.status === 'approved') return rollback(answer(ok(toAccrueResult(order, (await loadAccount(tx, order.memberId)).balance, true))))
    if (approval.status !== 'pending') return rollback(answer(fail('APPROVAL_DECIDED')))
    if (approval.staffOpenid === manager.openid) return rollback(answer(fail('FORBIDDEN', '不能审批自己发起的积分')))
    const member = (await tx.collection(MEMBERS).doc(order.memberId).get()).data as MemberRecord | null
    if (!member) return rollback(answer(fail('MEMBER_NOT_FOUND')))
    if (selfCredit({ openid: manager.openid, unionid: identity.unionid, phone: manager.phone }, member))
      return rollback(answer(fail('SELF_CREDIT_FORBIDDEN')))

    const change = earn(await loadAccount(tx, order.memberId), {
      entryId: EntryIds.earn(order._id),
      points: order.points,
      ...lotDates(rules, today),
      orderKey: order._id,
      source: staffSource({ openid: order.staffOpenid, storeId: order.storeId }),
      reason: '门店消费积分（店长审批）',
      now,
    })
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    // Growth counts the purchase on the day it was made; the level may rise today.
    const tier = await loadMemberTier(tx, tiers, member, now)
    const upgradedTo = await creditGrowth(tx, tiers, tier, { day: shanghaiDay(new Date(order.createdAt)), amountFen: order.amountFen, orderKey: order._id, now })
    const { _id: key, ...data } = order
    const credited = { ...data, status: 'credited' as const, upgradedTo, creditedAt: now, creditedMonth: monthOf(now), updatedAt: now }
    await tx.collection(ORDERS).doc(key).set(credited)
    await tx.collection(APPROVALS).doc(approval._id).update({ status: 'approved', decidedBy: manager.openid, decidedAt: now })
    return commit({ result: ok(toAccrueResult({ _id: key, ...credited }, change.account.balance, false)), upgradedTo, member })
  })
  if (outcome.upgradedTo && outcome.member) await welcomeToLevel(deps, tiers, outcome.member, outcome.upgradedTo, now)
  if (outcome.member && outcome.result.ok && !outcome.result.data.duplicate) await afterPurchase(deps, outcome.member._id, approvalId, now)
  return outcome.result
}
