import { fail, ok } from '../../shared/errors'
import { isOpen, type MallOrderRecord } from '../../shared/mall/order'
import { MALL_ORDERS, orderViews } from '../_lib/mall'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

/** mall.orders: the caller's orders, newest first; `open` = waiting for pickup or delivery, `done` = the rest. */
export const orders: Handler<'mall', 'orders'> = async ({ status }, { deps, identity }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const res = await deps.db.collection(MALL_ORDERS).where({ memberId: member._id }).orderBy('createdAt', 'desc').limit(200).get()
  const all = res.data as MallOrderRecord[]
  const shown = status === undefined ? all : all.filter((o) => isOpen(o.status) === (status === 'open'))
  return ok({ orders: await orderViews(deps.db, shown) })
}
