import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { whatIf as simulate } from '../../shared/tier/status'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { loadTierConfig, readMemberTier } from '../_lib/tiers'

/** tier.whatIf: the level the caller would reach, and whether they would keep theirs, if they spent `spendFen` today. Writes nothing. */
export const whatIf: Handler<'tier', 'whatIf'> = async ({ spendFen }, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const config = await loadTierConfig(deps.db)
  const tier = await readMemberTier(deps.db, config, member, now)
  return ok(simulate(config, tier, shanghaiDay(now), spendFen))
}
