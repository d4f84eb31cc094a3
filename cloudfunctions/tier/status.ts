import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { tierStatus } from '../../shared/tier/status'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { loadTierConfig, readMemberTier } from '../_lib/tiers'

/** tier.status: the caller's level, the next one, progress toward both, the review day, in one sentence too. */
export const status: Handler<'tier', 'status'> = async (_input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const config = await loadTierConfig(deps.db)
  const tier = await readMemberTier(deps.db, config, member, now)
  return ok(tierStatus(config, tier, shanghaiDay(now)))
}
