import { toTillCouponView, usableAt } from '../../shared/coupon/coupon'
import { shanghaiDay } from '../../shared/day'
import { ok } from '../../shared/errors'
import { summarize } from '../../shared/points/account'
import { toTillMemberView } from '../../shared/staff/till-view'
import { heldCoupons } from '../_lib/coupons'
import { loadEarningRules, readAccount } from '../_lib/ledger'
import type { Handler } from '../_lib/router'
import { authorizeStaff } from '../_lib/staff-auth'
import { storeNamesFor } from '../_lib/staff-records'
import { levelNow } from '../_lib/tiers'
import { memberFromCode } from './member-code'

/** staff.lookup: the member behind a scanned code, as a till should show them. Reads only. */
export const lookup: Handler<'staff', 'lookup'> = async ({ memberCode }, ctx) => {
  const { deps, now } = ctx
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const member = await memberFromCode(deps, memberCode, now)
  if (!member.ok) return member
  const today = shanghaiDay(now)
  const [account, rules, level, coupons] = await Promise.all([
    readAccount(deps.db, member.data._id),
    loadEarningRules(deps.db),
    levelNow(deps.db, member.data, now),
    heldCoupons(deps.db, member.data._id, today),
  ])
  const usableHere = usableAt(coupons, auth.data.storeId, today)
  const names = await storeNamesFor(deps.db, usableHere.map((c) => c.storeIds))
  const usable = usableHere.map((c) => toTillCouponView(c, names))
  return ok(toTillMemberView(member.data, summarize(account, today, rules), today, level, usable))
}
