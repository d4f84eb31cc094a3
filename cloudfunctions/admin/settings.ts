import { ok } from '../../shared/errors'
import { authorizeOperator, recordChange } from '../_lib/operators'
import { CONFIG } from '../_lib/ledger'
import { invalidInput, type Handler } from '../_lib/router'
import { loadSettings, SETTINGS, storedSettings } from '../_lib/settings'
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
