import { fail, ok } from '../../shared/errors'
import { cancelRefusal, type MallOrderRecord } from '../../shared/mall/order'
import { closeOrder, MALL_ORDERS, orderView } from '../_lib/mall'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

/** mall.cancel: the member calls off an order not yet handed over; points and stock come back (lib/mall.ts closeOrder). */
export const cancel: Handler<'mall', 'cancel'> = async ({ orderCode }, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const order = ((await deps.db.collection(MALL_ORDERS).doc(orderCode).get()).data as MallOrderRecord[])[0]
  // Someone else's order is not found: codes are not to be probed.
  if (!order || order.memberId !== member._id) return fail('MALL_ORDER_NOT_FOUND')
  const refusal = cancelRefusal(order)
  if (refusal) return fail(refusal)
  const closed = await closeOrder(deps.db, orderCode, { status: 'cancelled', reason: '会员取消', source: { kind: 'member', id: member.openid, storeId: null }, now })
  if (!closed) {
    // Fulfilled or closed between the read and the transaction: say which.
    const after = ((await deps.db.collection(MALL_ORDERS).doc(orderCode).get()).data as MallOrderRecord[])[0]
    return fail(cancelRefusal(after) ?? 'ORDER_NOT_CANCELLABLE')
  }
  return ok({ order: await orderView(deps.db, closed.order), balance: closed.balance })
}
