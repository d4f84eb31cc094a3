import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { programmeOn, TierProgramme } from '../../shared/tier/programme'
import { authorizeOperator, recordChange } from '../_lib/operators'
import { invalidInput, type Handler } from '../_lib/router'
import { planContext, publishRefusal, publishTiers } from '../_lib/tier-plan'
import { startTierPlan, stepTierPlan, toPlanView } from '../_lib/tier-plan-runs'
import { loadTierConfig } from '../_lib/tiers'

/** admin.tiers: every version of the tier programme, and which one is in force today. */
export const tiers: Handler<'admin', 'tiers'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const config = await loadTierConfig(ctx.deps.db)
  const today = shanghaiDay(ctx.now)
  return ok({ versions: config.versions, today, inForce: programmeOn(config, today).version })
}

/** admin.tierPlan: starts the dry run of a proposed version over every member and runs its first step; saves nothing else. */
export const tierPlan: Handler<'admin', 'tierPlan'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const proposed = TierProgramme.safeParse(input.programme)
  if (!proposed.success) return invalidInput(proposed.error)
  const plan = await startTierPlan(ctx.deps, proposed.data, auth.data.openid, ctx.now)
  return ok(toPlanView((await stepTierPlan(ctx.deps.db, plan._id, ctx.now)) ?? plan))
}

/** admin.tierPlanStep {planId}: counts on for up to 8 s; the console calls it until the preview is done. */
export const tierPlanStep: Handler<'admin', 'tierPlanStep'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const plan = await stepTierPlan(ctx.deps.db, input.planId, ctx.now)
  return plan ? ok(toPlanView(plan)) : fail('TIER_PLAN_NOT_FOUND')
}

/**
 * admin.tierPublish (admins): the version is added to config/tiers and recorded. It does not count
 * the members again (the preview does that, in steps); it checks the version against those stored.
 */
export const tierPublish: Handler<'admin', 'tierPublish'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'admin')
  if (!auth.ok) return auth
  const proposed = TierProgramme.safeParse(input.programme)
  if (!proposed.success) return invalidInput(proposed.error)
  const { deps, now } = ctx
  const { config, head } = await planContext(deps.db, proposed.data, now)
  const refusal = publishRefusal(config, proposed.data, head.today)
  if (refusal) return fail(refusal.code, refusal.message)
  await publishTiers(deps.db, config, proposed.data)
  await recordChange(deps.db, auth.data, {
    kind: 'tiers',
    targetId: proposed.data.version,
    action: 'publish',
    before: { inForce: head.current },
    after: proposed.data,
    now,
    random: deps.ids.code(),
  })
  return ok({ today: head.today, current: head.current, proposed: head.proposed })
}
