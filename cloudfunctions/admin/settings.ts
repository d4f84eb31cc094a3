import { fail, ok } from '../../shared/errors'
import { shanghaiDay } from '../../shared/day'
import { programmeOn, TierProgramme } from '../../shared/tier/programme'
import { authorizeOperator, recordChange } from '../_lib/operators'
import { CONFIG } from '../_lib/ledger'
import { invalidInput, type Handler } from '../_lib/router'
import { loadSettings, SETTINGS, storedSettings } from '../_lib/settings'
import { planTiers, publishRefusal, publishTiers } from '../_lib/tier-plan'
import { loadTierConfig } from '../_lib/tiers'
import { commit, withTransaction } from '../_lib/transaction'

/** admin.settings: one programme setting as in effect (defaults filled in); `saved` says whether a document exists. */
export const settings: Handler<'admin', 'settings'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const stored = await storedSettings(ctx.deps.db, input.kind)
  return ok({ kind: input.kind, value: await loadSettings(ctx.deps.db, input.kind), saved: stored !== null })
}

/**
 * admin.saveSettings (admins): checked with the schema the functions read it with, then saved with
 * the operator's change record (before and after) in one transaction.
 */
export const saveSettings: Handler<'admin', 'saveSettings'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'admin')
  if (!auth.ok) return auth
  const { id, schema } = SETTINGS[input.kind]
  const parsed = schema.safeParse(input.value)
  if (!parsed.success) return invalidInput(parsed.error)
  const { deps, now } = ctx
  await withTransaction(deps.db, async (tx) => {
    const before = await storedSettings(tx, input.kind)
    await tx.collection(CONFIG).doc(id).set(parsed.data as object)
    await recordChange(tx, auth.data, { kind: input.kind, targetId: id, action: 'save', before, after: parsed.data, now, random: deps.ids.code() })
    return commit(null)
  })
  return ok({ kind: input.kind, value: parsed.data, saved: true })
}

/** admin.tiers: every version of the tier programme, and which one is in force today. */
export const tiers: Handler<'admin', 'tiers'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const config = await loadTierConfig(ctx.deps.db)
  const today = shanghaiDay(ctx.now)
  return ok({ versions: config.versions, today, inForce: programmeOn(config, today).version })
}

/** admin.tierPlan: the dry run of a proposed version over every member; saves nothing. */
export const tierPlan: Handler<'admin', 'tierPlan'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const proposed = TierProgramme.safeParse(input.programme)
  if (!proposed.success) return invalidInput(proposed.error)
  return ok((await planTiers(ctx.deps.db, proposed.data, ctx.now)).plan)
}

/** admin.tierPublish (admins): the same dry run, then the version is added to config/tiers and recorded. */
export const tierPublish: Handler<'admin', 'tierPublish'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'admin')
  if (!auth.ok) return auth
  const proposed = TierProgramme.safeParse(input.programme)
  if (!proposed.success) return invalidInput(proposed.error)
  const { deps, now } = ctx
  const { plan, config } = await planTiers(deps.db, proposed.data, now)
  const refusal = publishRefusal(config, proposed.data, plan.today)
  if (refusal) return fail(refusal.code, refusal.message)
  await publishTiers(deps.db, config, proposed.data)
  await recordChange(deps.db, auth.data, {
    kind: 'tiers',
    targetId: proposed.data.version,
    action: 'publish',
    before: { inForce: plan.current },
    after: proposed.data,
    now,
    random: deps.ids.code(),
  })
  return ok(plan)
}
