import { emptyHolding, type DrawDay, type Holding } from '../../shared/game/collect-set'
import { SetCampaign } from '../../shared/game/schemas'
import type { Database } from './deps'
import type { Transaction } from './transaction'

/**
 * The collect-the-set collections, named in one place:
 * - `set_campaigns/<id>`: the campaign (shared/game/schemas.ts SetCampaign).
 * - `set_holdings/<memberId>:<campaignId>`: the member's cards and claimed tiers (their lock in the campaign).
 * - `set_days/<memberId>:<campaignId>:<day>`: draws made and extra draws earned by sharing that day.
 * - `set_draws/<memberId>:<campaignId>:<day>:<n>`: every draw with its roll, for audit against the odds.
 */
export const SET_CAMPAIGNS = 'set_campaigns'
export const SET_HOLDINGS = 'set_holdings'
export const SET_DAYS = 'set_days'
export const SET_DRAWS = 'set_draws'

export async function loadCampaign(db: Database, id: string): Promise<SetCampaign | null> {
  const doc = ((await db.collection(SET_CAMPAIGNS).doc(id).get()).data as Array<Record<string, unknown>>)[0]
  if (!doc) return null
  const { _id, ...rest } = doc
  return SetCampaign.parse({ ...rest, id: _id })
}

export async function saveCampaign(db: Database, c: SetCampaign): Promise<void> {
  const { id, ...rest } = c
  await db.collection(SET_CAMPAIGNS).doc(id).set(rest)
}

/** The member's holding and today's draws, inside a transaction or outside it. */
export async function readPlay(db: Database | Transaction, memberId: string, campaignId: string, day: string): Promise<{ holding: Holding; drawDay: DrawDay }> {
  const one = async <T>(coll: string, id: string): Promise<T | null> => {
    const res = await db.collection(coll).doc(id).get()
    const data = Array.isArray(res.data) ? res.data[0] : res.data
    return (data ?? null) as T | null
  }
  const [h, d] = await Promise.all([one<Holding>(SET_HOLDINGS, `${memberId}:${campaignId}`), one<DrawDay>(SET_DAYS, `${memberId}:${campaignId}:${day}`)])
  return {
    holding: h ? { cards: { ...h.cards }, claimed: [...h.claimed] } : emptyHolding(),
    drawDay: { draws: d?.draws ?? 0, shared: d?.shared ?? 0 },
  }
}
