import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { summarize } from '../../shared/points/account'
import { currentAccount, loadEarningRules } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

/** points.summary: the caller's balance, what is pending, what expires soon and every expiry date. */
export const summary: Handler<'points', 'summary'> = async (_input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const [account, rules] = await Promise.all([currentAccount(deps.db, member._id, now), loadEarningRules(deps.db)])
  return ok(summarize(account, shanghaiDay(now), rules))
}
