import { toCouponView, walletOrder } from '../../shared/coupon/coupon'
import type { CouponStatus } from '../../shared/coupon/schemas'
import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { memberCoupons } from '../_lib/coupons'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { storeNamesFor } from '../_lib/staff-records'

/** coupon.list: the caller's coupons in wallet order, with the count in each status (the tabs). */
export const list: Handler<'coupon', 'list'> = async ({ status }, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const today = shanghaiDay(now)
  const coupons = await memberCoupons(deps.db, member._id)
  const names = await storeNamesFor(deps.db, coupons.map((c) => c.storeIds))
  const views = walletOrder(coupons.map((c) => toCouponView(c, today, names)))
  const counts: Record<CouponStatus, number> = { usable: 0, upcoming: 0, used: 0, expired: 0 }
  for (const v of views) counts[v.status]++
  return ok({ coupons: status ? views.filter((v) => v.status === status) : views, counts })
}
