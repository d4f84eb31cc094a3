import { FinanceConfig } from '../../shared/finance/liability'
import { EarningRules } from '../../shared/points/earning-rules'
import { ShareRules } from '../../shared/share/schemas'
import { SigninRules } from '../../shared/signin/schemas'
import type { SettingsKind } from '../../shared/admin/schemas'
import type * as z from '../../shared/zod'
import type { Database } from './deps'
import { CONFIG, EARNING_RULES_ID } from './ledger'
import { SHARE_RULES_ID } from './share'
import { SIGNIN_RULES_ID } from './signin'
import type { Transaction } from './transaction'

/**
 * The programme settings kept in one `config` document each, with the schema the functions read
 * them with: the console saves only what that schema accepts, so a function never meets a document
 * it cannot parse. Every schema has defaults, so an absent document reads as the defaults.
 */
export const SETTINGS: Record<SettingsKind, { id: string; schema: z.ZodTypeAny }> = {
  earning: { id: EARNING_RULES_ID, schema: EarningRules },
  signin: { id: SIGNIN_RULES_ID, schema: SigninRules },
  invite: { id: SHARE_RULES_ID, schema: ShareRules },
  finance: { id: 'finance', schema: FinanceConfig },
}

/** The stored document without its `_id`, or null when none was saved. */
export async function storedSettings(db: Database | Transaction, kind: SettingsKind): Promise<Record<string, unknown> | null> {
  const res = await db.collection(CONFIG).doc(SETTINGS[kind].id).get()
  const doc = (Array.isArray(res.data) ? res.data[0] : res.data) as Record<string, unknown> | null | undefined
  if (!doc) return null
  const { _id, ...rest } = doc
  return rest
}

/** The settings in effect: the stored document completed with defaults. */
export async function loadSettings(db: Database, kind: SettingsKind): Promise<unknown> {
  return SETTINGS[kind].schema.parse((await storedSettings(db, kind)) ?? {})
}
