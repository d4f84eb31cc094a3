import { fail, ok, type Result } from '../../shared/errors'
import { shanghaiDay } from '../../shared/day'
import { reverseEarning } from '../../shared/points/account'
import { afterRefund, type MemberTier } from '../../shared/tier/member-tier'
import { EntryIds } from '../../shared/points/ledger-entry'
import type { OrderRecord } from '../../shared/staff/order-record'
import { planRefund } from '../../shared/staff/refund-rules'
import { orderKey } from '../../shared/staff/staff-record'
import { appendEntries, loadAccount, saveAccount } from '../_lib/ledger'
import type { Handler } from '../_lib/router'
import type { RefundResult } from '../../shared/staff/schemas'
import { authorizeStaff } from '../_lib/staff-auth'
import { loadTierConfig, MEMBER_TIERS, saveMemberTier } from '../_lib/tiers'
import { ORDERS } from '../_lib/staff-records'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import { staffSource } from './source'
import { monthOf } from '../../shared/finance/period'

const yuan = (fen: number) => (fen / 100).toFixed(2)

/**
 * staff.refund: takes back the points of (part of) a credited order of the caller's store, in
 * proportion (shared/staff/refund-rules.ts). Points already spent become the member's shortfall,
 * paid from later earnings; the balance never goes below zero. With a `refundId`, a repeat answers
 * the first result with `duplicate: true`.
 */
export const refund: Handler<'staff', 'refund'> = async (input, ctx) => {
  const { deps, now } = ctx
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const staff = auth.data
  const key = orderKey(staff.storeId, input.orderId)
  const refundId = input.refundId ?? null

  const tiers = await loadTierConfig(deps.db)

  return withTransaction<Result<RefundResult>>(deps.db, async (tx) => {
    const order = (await tx.collection(ORDERS).doc(key).get()).data as OrderRecord | null
    if (!order) return rollback(fail('ORDER_NOT_FOUND'))
    if (order.status !== 'credited') return rollback(fail('ORDER_NOT_CREDITED'))

    const prior = refundId === null ? undefined : order.refunds.find((r) => r.refundId === refundId)
    if (prior) {
      if (prior.amountFen !== input.amountFen) return rollback(fail('REFUND_ID_REUSED'))
      const balance = (await loadAccount(tx, order.memberId)).balance
      return rollback(ok({ orderId: order.orderId, refundedFen: order.refundedFen, pointsReversed: prior.pointsReversed, shortfall: prior.shortfall, balance, duplicate: true }))
    }

    const plan = planRefund(order, input.amountFen)
    if (!plan.ok) return rollback(fail('REFUND_EXCEEDS_ORDER', `退款金额超过订单剩余可退金额（还可退 ¥${yuan(plan.refundableFen)}）`))

    let account = await loadAccount(tx, order.memberId)
    let pointsReversed = 0
    let shortfall = 0
    let entryId: string | null = null
    if (plan.reverseNow > 0) {
      // Without a POS refund number the running refunded total names the entry ('@' never occurs in one).
      entryId = EntryIds.reverse(key, refundId ?? `@${plan.refundedFen}`)
      const change = reverseEarning(account, {
        entryId,
        lotId: EntryIds.earn(key),
        points: plan.reverseNow,
        source: staffSource(staff),
        reason: '退款扣回积分',
        now,
        orderKey: key,
      })
      await saveAccount(tx, change.account)
      await appendEntries(tx, change.entries)
      account = change.account
      pointsReversed = change.taken
      shortfall = change.shortfall
    }
    // The refunded spend leaves the member's growth; an upgrade it paid for may be undone (shared/tier).
    const tier = (await tx.collection(MEMBER_TIERS).doc(order.memberId).get()).data as MemberTier | null
    if (tier) {
      const refunded = afterRefund(tiers, { ...tier, _id: order.memberId }, { purchaseDay: shanghaiDay(new Date(order.createdAt)), amountFen: input.amountFen, today: shanghaiDay(now), orderKey: key, now })
      await saveMemberTier(tx, refunded.tier)
    }

    const { _id, ...rest } = order
    const updated: Omit<OrderRecord, '_id'> = {
      ...rest,
      refundedFen: plan.refundedFen,
      reversedPoints: plan.reversedPoints,
      refunds: [...order.refunds, { refundId, amountFen: input.amountFen, pointsReversed, shortfall, entryId, staffOpenid: staff.openid, at: now }],
      refundMonths: [...new Set([...(order.refundMonths ?? []), monthOf(now)])],
      updatedAt: now,
    }
    await tx.collection(ORDERS).doc(key).set(updated)
    return commit(ok({ orderId: order.orderId, refundedFen: plan.refundedFen, pointsReversed, shortfall, balance: account.balance, duplicate: false }))
  })
}
