import { Wheel } from '../../shared/game/schemas'
import type { Database } from './deps'
import { ensurePool } from './stock'

/**
 * The game collections, named in one place:
 * - `games`: `_id` = the wheel's id (shared/game/schemas.ts Wheel).
 * - `game_days`: `<memberId>:<wheelId>:<day>`, the member's spins that Asia/Shanghai day (the daily limit and free spins).
 * - `game_spins`: `<memberId>:<wheelId>:<day>:<n>`, every spin with its draw and what it paid: the audit of the odds.
 * - stock pools: the wheel's points budget `budget:<wheelId>` and each capped coupon prize `prize:<wheelId>:<prizeId>`.
 */
export const GAMES = 'games'
export const GAME_DAYS = 'game_days'
export const GAME_SPINS = 'game_spins'

export const budgetPool = (wheelId: string) => `budget:${wheelId}`
export const prizePool = (wheelId: string, prizeId: string) => `prize:${wheelId}:${prizeId}`

export interface SpinRecord {
  _id: string
  memberId: string
  wheelId: string
  day: string
  /** The draw: a whole number in [0, totalWeight), and the prize it landed on. */
  roll: number
  totalWeight: number
  drawnPrizeId: string
  /** What was paid: the drawn prize, or "thank you" when it had run out. */
  prizeId: string
  free: boolean
  costPoints: number
  wonPoints: number
  couponCodes: string[]
  /** item: the mall order the prize is collected with. */
  orderCode: string | null
  at: Date
}

export async function loadWheel(db: Database, id: string): Promise<Wheel | null> {
  const doc = ((await db.collection(GAMES).doc(id).get()).data as Array<Record<string, unknown>>)[0]
  if (!doc) return null
  const { _id, ...rest } = doc
  return Wheel.parse({ ...rest, id: _id })
}

/** Saves a wheel and creates its budget and prize pools the first time (later changes do not restock). */
export async function saveWheel(db: Database, wheel: Wheel): Promise<void> {
  const { id, ...rest } = wheel
  await db.collection(GAMES).doc(id).set(rest)
  const shards = (units: number) => Math.min(wheel.stockShards, Math.max(1, units))
  if (wheel.budgetPoints !== null) await ensurePool(db, budgetPool(id), wheel.budgetPoints, shards(wheel.budgetPoints))
  for (const p of wheel.prizes) if (p.kind === 'coupon' && p.stock !== null) await ensurePool(db, prizePool(id, p.id), p.stock, shards(p.stock))
}
