import { shanghaiDay } from '../../shared/day'
import { displayName } from '../../shared/member/member-record'
import { fail, ok, type Result } from '../../shared/errors'
import type { FulfilResult } from '../../shared/mall/schemas'
import { fulfil as handOver, fulfilRefusal, sameFulfilment, type MallOrderRecord } from '../../shared/mall/order'
import { emitOrder } from '../_lib/events'
import { MALL_ORDERS, orderView } from '../_lib/mall'
import { memberById } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { authorizeStaff } from '../_lib/staff-auth'
import { commit, rollback, withTransaction } from '../_lib/transaction'

/** staff.checkOrder: the scanned pickup code's order and whether this store can hand it over now. Reads only. */
export const checkOrder: Handler<'staff', 'checkOrder'> = async ({ orderCode }, ctx) => {
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const order = ((await db.collection(MALL_ORDERS).doc(orderCode).get()).data as MallOrderRecord[])[0]
  if (!order || order.kind !== 'goods') return fail('MALL_ORDER_NOT_FOUND')
  const member = await memberById(db, order.memberId)
  return ok({
    order: await orderView(db, order),
    memberNo: member?.memberNo ?? '',
    nickname: member ? displayName(member) : null,
    collectFen: order.fen,
    refusal: fulfilRefusal(order, auth.data.storeId, shanghaiDay(ctx.now)),
  })
}

/**
 * staff.fulfil: hands a goods order over (pickup) or marks it sent (delivery, with tracking), once:
 * one transaction on the order, so a second scan by the same clerk answers `duplicate: true` and
 * anyone else ORDER_FULFILLED.
 */
export const fulfil: Handler<'staff', 'fulfil'> = async ({ orderCode, tracking }, ctx) => {
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const staff = auth.data
  const { db } = ctx.deps
  const by = { staffOpenid: staff.openid, storeId: staff.storeId }
  const answer = async (order: MallOrderRecord, duplicate: boolean): Promise<FulfilResult> => {
    const member = await memberById(db, order.memberId)
    return { order: await orderView(db, order), memberNo: member?.memberNo ?? '', nickname: member ? displayName(member) : null, collectFen: order.fen, duplicate }
  }
  // The answer is made inside the transaction: the audit record written with it must be the
  // very result returned, or the function records the call a second time (StaffCallAudit.finish).
  return withTransaction<Result<FulfilResult>>(db, async (tx) => {
    const order = (await tx.collection(MALL_ORDERS).doc(orderCode).get()).data as MallOrderRecord | null
    if (!order || order.kind !== 'goods') return rollback(fail('MALL_ORDER_NOT_FOUND'))
    if (sameFulfilment(order, by)) return rollback(ok(await answer(order, true)))
    const refusal = fulfilRefusal(order, staff.storeId, shanghaiDay(ctx.now))
    if (refusal) return rollback(fail(refusal))
    const after = handOver(order, { ...by, tracking: tracking ?? null }, ctx.now)
    const { _id, ...data } = after
    await tx.collection(MALL_ORDERS).doc(orderCode).set(data)
    await emitOrder(tx, after, 'fulfilled') // webhooks
    const result = ok(await answer(after, false))
    await ctx.audit?.writeIn(tx, result)
    return commit(result)
  })
}
