import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { toMemberView } from '../../shared/member/member-record'
import { usableCount } from '../_lib/coupons'
import { currentAccount } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { tierBadge } from '../_lib/tiers'

/** member.me: the caller's own membership, full phone number included, with the live points balance and usable coupons. */
export const me: Handler<'member', 'me'> = async (_input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const [account, tier, couponCount] = await Promise.all([
    currentAccount(deps.db, member._id, now),
    tierBadge(deps.db, member, now),
    usableCount(deps.db, member._id, shanghaiDay(now)),
  ])
  return ok(toMemberView(member, { viewer: 'owner', points: account.balance, tier, couponCount }))
}
