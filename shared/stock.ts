/**
 * Stock as a pool of shard documents (`stock`, `_id` = `<poolId>#<n>`): a mall item's units, a
 * flash sale's allocation, a coupon template's total cap. Every sale reads and writes ONE shard in
 * its transaction, so concurrent buyers spread over the shards instead of all conflicting on one
 * hot document. The totals are sums over the shards. Pure functions only here.
 */
export interface StockShard {
  _id: string
  poolId: string
  shard: number
  /** Units left to sell. */
  remaining: number
  /** Units ever put in (initial stock plus restocks): sold = supplied - remaining. */
  supplied: number
  /** Units ever taken (never decreases, not even on a return): numbers voucher codes. */
  taken: number
}

export const shardId = (poolId: string, shard: number) => `${poolId}#${shard}`

/** `units` split as evenly as possible over `shards` shards (the first ones get the remainder). */
export function splitUnits(units: number, shards: number): number[] {
  const base = Math.floor(units / shards)
  return Array.from({ length: shards }, (_, i) => base + (i < units % shards ? 1 : 0))
}

export const poolRemaining = (shards: Array<Pick<StockShard, 'remaining'>>) => shards.reduce((s, x) => s + x.remaining, 0)

/**
 * The shards worth trying for `quantity` units, in the order to try them: those that can cover it
 * alone, starting at a random one (`pick` in [0, 1)) so that concurrent buyers spread out.
 */
export function shardOrder(shards: StockShard[], quantity: number, pick: number): StockShard[] {
  const able = shards.filter((s) => s.remaining >= quantity)
  if (able.length === 0) return []
  const start = Math.floor(pick * able.length) % able.length
  return [...able.slice(start), ...able.slice(0, start)]
}
