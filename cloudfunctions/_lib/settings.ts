import { FinanceConfig } from '../../shared/finance/liability'
import { EarningRules } from '../../shared/points/earning-rules'
import { ShareRules } from '../../shared/share/schemas'
import { SigninRules } from '../../shared/signin/schemas'
import { InsightConfig } from '../../shared/insight/rfm'
import { MessagingConfig } from '../../shared/messaging/config'
import { JourneysConfig } from '../../shared/marketing/journeys'
import type { SettingsKind } from '../../shared/admin/schemas'
import type * as z from '../../shared/zod'
import type { Database } from './deps'
import type { Transaction } from './transaction'

/** The `config` collection: one document per programme setting (and `tiers`, kept by _lib/tiers.ts). */
export const CONFIG = 'config'

/**
 * The programme settings kept in one `config` document each, with the schema the functions read
 * them with: the console saves only what that schema accepts, so a function never meets a document
 * it cannot parse. Every schema has defaults, so an absent document reads as the defaults. The one
 * place those documents are read.
 */
export const SETTINGS = {
  earning: { id: 'earning', schema: EarningRules },
  signin: { id: 'signin', schema: SigninRules },
  invite: { id: 'share', schema: ShareRules },
  finance: { id: 'finance', schema: FinanceConfig },
  insight: { id: 'insight', schema: InsightConfig },
  messaging: { id: 'messaging', schema: MessagingConfig },
  journeys: { id: 'journeys', schema: JourneysConfig },
} satisfies Record<SettingsKind, { id: string; schema: z.ZodTypeAny }>

export type SettingsOf<K extends SettingsKind> = z.output<(typeof SETTINGS)[K]['schema']>

/** The stored document without its `_id`, or null when none was saved. */
export async function storedSettings(db: Database | Transaction, kind: SettingsKind): Promise<Record<string, unknown> | null> {
  const res = await db.collection(CONFIG).doc(SETTINGS[kind].id).get()
  const doc = (Array.isArray(res.data) ? res.data[0] : res.data) as Record<string, unknown> | null | undefined
  if (!doc) return null
  const { _id, ...rest } = doc
  return rest
}

/** The settings in effect: the stored document completed with defaults; a malformed one throws. */
export async function loadSettings<K extends SettingsKind>(db: Database | Transaction, kind: K): Promise<SettingsOf<K>> {
  return SETTINGS[kind].schema.parse((await storedSettings(db, kind)) ?? {}) as SettingsOf<K>
}
