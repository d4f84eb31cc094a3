import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import type { TierBadge } from '../../shared/member/schemas'
import { earn } from '../../shared/points/account'
import { lotDates, pointsForPurchase } from '../../shared/points/earning-rules'
import { EntryIds } from '../../shared/points/ledger-entry'
import { toAccrueResult, type ApprovalRecord, type OrderRecord, type TillOrderFacts } from '../../shared/staff/order-record'
import { orderKey } from '../../shared/staff/staff-record'
import { approvalNeeded, selfCredit } from '../../shared/staff/till-rules'
import { appendEntries, loadAccount, loadEarningRules, readAccount, saveAccount } from '../_lib/ledger'
import type { Handler } from '../_lib/router'
import type { AccrueResult } from '../../shared/staff/schemas'
import { authorizeStaff } from '../_lib/staff-auth'
import { creditGrowth, currentLevel, loadMemberTier, loadTierConfig } from '../_lib/tiers'
import { welcomeToLevel } from '../_lib/tier-welcome'
import { afterPurchase } from './after-purchase'
import { APPROVALS, CODE_USES, ORDERS, STAFF_DAILY } from '../_lib/staff-records'
import { commit, rollback, withTransaction, type Transaction } from '../_lib/transaction'
import { memberFromCode } from './member-code'
import { staffSource } from './source'
import { monthOf } from '../../shared/finance/period'

/** A clerk's running total for one day (`staff_daily`): what the per-staff daily limit counts. */
interface StaffDaily {
  openid: string
  storeId: string
  day: string
  creditedFen: number
  credits: number
}

/**
 * staff.accrue: credits a purchase at the caller's store. One transaction reads the order (its id is
 * the per-store order key, so a retried or raced call finds it and answers the first result with
 * `duplicate: true`), the member code's use, the clerk's daily total and the member's account, then
 * writes the order, the code's use, the ledger entries and the account together, or nothing.
 * Above a till limit the order is kept as `pending_approval` for a manager and earns nothing yet.
 */
export const accrue: Handler<'staff', 'accrue'> = async (input, ctx) => {
  const { deps, identity, now } = ctx
  const { db } = deps
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const staff = auth.data
  const key = orderKey(staff.storeId, input.orderId)

  const member = await memberFromCode(deps, input.memberCode, now)
  if (!member.ok) {
    // A till retrying after the code expired still gets its answer, if this code credited this order.
    if (member.error.code === 'MEMBER_CODE_EXPIRED') {
      const order = (await db.collection(ORDERS).doc(key).get()).data as OrderRecord[]
      if (order[0]?.codeKey === input.memberCode && order[0].amountFen === input.amountFen)
        return ok(toAccrueResult(order[0], (await readAccount(db, order[0].memberId)).balance, true))
    }
    return member
  }
  const m = member.data
  if (selfCredit({ openid: staff.openid, unionid: identity.unionid, phone: staff.phone }, m)) return fail('SELF_CREDIT_FORBIDDEN')

  const [rules, tiers] = await Promise.all([loadEarningRules(db), loadTierConfig(db)])
  const today = shanghaiDay(now)

  // The call's staff_actions record joins the credit's transaction: one commit per accrual.
  const audited = async (tx: Transaction, result: Result<AccrueResult>) => {
    await ctx.audit?.writeIn(tx, result)
    return result
  }

  const outcome = await withTransaction<{ result: Result<AccrueResult>; upgradedTo: TierBadge | null }>(db, async (tx) => {
    const answer = (result: Result<AccrueResult>) => ({ result, upgradedTo: null })
    const existing = (await tx.collection(ORDERS).doc(key).get()).data as OrderRecord | null
    if (existing) {
      if (existing.memberId !== m._id || existing.amountFen !== input.amountFen) return rollback(answer(fail('ORDER_MEMBER_MISMATCH')))
      return rollback(answer(ok(toAccrueResult(existing, (await loadAccount(tx, m._id)).balance, true))))
    }
    if ((await tx.collection(CODE_USES).doc(input.memberCode).get()).data) return rollback(answer(fail('MEMBER_CODE_USED')))

    // Points at the level held before this purchase; the purchase itself may then lift it.
    const tier = await loadMemberTier(tx, tiers, m, now)
    const level = currentLevel(tiers, tier, now)
    const { points } = pointsForPurchase({
      amountFen: input.amountFen,
      rules,
      tierMultiplier: level.benefits.pointsMultiplier,
      storeId: staff.storeId,
      birthday: m.birthday,
      today,
    })

    const dailyId = `${staff.openid}:${today}`
    const stored = (await tx.collection(STAFF_DAILY).doc(dailyId).get()).data as StaffDaily | null
    const daily: StaffDaily = {
      openid: staff.openid,
      storeId: staff.storeId,
      day: today,
      creditedFen: stored?.creditedFen ?? 0,
      credits: stored?.credits ?? 0,
    }
    const held = approvalNeeded(input.amountFen, daily.creditedFen, rules.till)
    const facts: TillOrderFacts = {
      storeId: staff.storeId,
      orderId: input.orderId,
      memberId: m._id,
      memberNo: m.memberNo,
      amountFen: input.amountFen,
      points,
      staffOpenid: staff.openid,
    }
    const order: Omit<OrderRecord, '_id'> = {
      ...facts,
      status: held ? 'pending_approval' : 'credited',
      refundedFen: 0,
      reversedPoints: 0,
      refunds: [],
      codeKey: input.memberCode,
      approvalId: held ? key : null,
      createdAt: now,
      creditedAt: held ? null : now,
      creditedMonth: held ? null : monthOf(now),
      updatedAt: now,
    }
    const upgradedTo = held ? null : await creditGrowth(tx, tiers, tier, { day: today, amountFen: input.amountFen, orderKey: key, now })
    order.upgradedTo = upgradedTo
    await tx.collection(ORDERS).add({ _id: key, ...order })
    await tx.collection(CODE_USES).add({ _id: input.memberCode, orderKey: key, at: now })

    if (held) {
      const approval: ApprovalRecord = {
        _id: key,
        ...facts,
        staffName: staff.name,
        reason: held,
        status: 'pending',
        createdAt: now,
        decidedBy: null,
        decidedAt: null,
        rejectReason: null,
      }
      await tx.collection(APPROVALS).add(approval)
      const balance = (await loadAccount(tx, m._id)).balance
      return commit(answer(await audited(tx, ok(toAccrueResult({ _id: key, ...order }, balance, false)))))
    }

    const change = earn(await loadAccount(tx, m._id), {
      entryId: EntryIds.earn(key),
      points,
      ...lotDates(rules, today),
      orderKey: key,
      source: staffSource(staff),
      reason: '门店消费积分',
      now,
    })
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    await tx.collection(STAFF_DAILY).doc(dailyId).set({ ...daily, creditedFen: daily.creditedFen + input.amountFen, credits: daily.credits + 1 })
    const result = await audited(tx, ok(toAccrueResult({ _id: key, ...order }, change.account.balance, false)))
    return commit({ result, upgradedTo })
  })
  if (outcome.upgradedTo) await welcomeToLevel(deps, tiers, m, outcome.upgradedTo, now)
  if (outcome.result.ok && outcome.result.data.status === 'credited' && !outcome.result.data.duplicate) await afterPurchase(deps, m._id, key, now)
  return outcome.result
}
