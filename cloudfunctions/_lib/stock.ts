import { performance } from 'node:perf_hooks'
import { shardId, shardOrder, splitUnits, type StockShard } from '../../shared/stock'
import type { Database } from './deps'
import { oneAtATime } from './hot-keys'
import type { Transaction } from './transaction'

/** Stock shards (shared/stock.ts): `_id` = `<poolId>#<n>`, indexed by poolId. */
export const STOCK = 'stock'

/** A pool's shards, read outside any transaction (for views and for choosing a shard). */
export async function readPool(db: Database, poolId: string): Promise<StockShard[]> {
  const res = await db.collection(STOCK).where({ poolId }).limit(100).get()
  return (res.data as StockShard[]).sort((a, b) => a.shard - b.shard)
}

/**
 * Creates a pool of `units` over `shards` shards, once: a pool that exists is left as it is
 * (restocking is `restock`). Returns true when it was created.
 */
export async function ensurePool(db: Database, poolId: string, units: number, shards: number): Promise<boolean> {
  if ((await readPool(db, poolId)).length > 0) return false
  const split = splitUnits(units, shards)
  for (let i = 0; i < shards; i++) {
    const doc: Omit<StockShard, '_id'> = { poolId, shard: i, remaining: split[i], supplied: split[i], taken: 0 }
    await db.collection(STOCK).doc(shardId(poolId, i)).set(doc)
  }
  return true
}

/** Adds `units` to a pool (negative takes unsold units away, never below zero), spread over its shards. */
export async function restock(db: Database, poolId: string, units: number): Promise<{ remaining: number }> {
  const shards = await readPool(db, poolId)
  if (shards.length === 0) throw new Error(`no stock pool ${poolId}`)
  const split = splitUnits(Math.abs(units), shards.length)
  const _ = db.command
  for (const [i, s] of shards.entries()) {
    if (split[i] === 0) continue
    // An atomic increment needs no transaction and does not disturb buyers on the shard.
    const n = units >= 0 ? split[i] : -Math.min(split[i], s.remaining)
    await oneAtATime(s._id, () => db.collection(STOCK).doc(s._id).update({ remaining: _.inc(n), supplied: _.inc(n) }))
  }
  const after = await readPool(db, poolId)
  return { remaining: after.reduce((s, x) => s + x.remaining, 0) }
}

/** Inside a transaction: takes `quantity` units from one shard, or returns null when it has too few. */
export async function takeUnits(tx: Transaction, id: string, quantity: number): Promise<StockShard | null> {
  const shard = (await tx.collection(STOCK).doc(id).get()).data as StockShard | null
  if (!shard || shard.remaining < quantity) return null
  const after = { ...shard, remaining: shard.remaining - quantity, taken: shard.taken + quantity }
  await tx.collection(STOCK).doc(id).update({ remaining: after.remaining, taken: after.taken })
  return after
}

/** Inside a transaction: puts `quantity` units back on the shard they came from. */
export async function returnUnits(tx: Transaction, id: string, quantity: number): Promise<void> {
  const shard = (await tx.collection(STOCK).doc(id).get()).data as StockShard | null
  if (!shard) throw new Error(`stock shard ${id} is missing`)
  await tx.collection(STOCK).doc(id).update({ remaining: shard.remaining + quantity })
  emptyUntil.delete(id)
}

/** What an attempt answers when its shard had too few units: the buyer moves on to another shard. */
export const SHARD_EMPTY = Symbol('shard empty')

/**
 * Shards this process found empty a moment ago. In a sellout every loser passed the stock check
 * before the winners committed; without this, each would then spend a transaction on every empty
 * shard. A unit returned here clears the mark at once; a restock by another process is seen within
 * EMPTY_FOR_MS (stock, limits and points are always decided by the transaction, never by this).
 */
const emptyUntil = new Map<string, number>()
const EMPTY_FOR_MS = 1000
const seemsEmpty = (id: string) => (emptyUntil.get(id) ?? 0) > performance.now()

/**
 * Runs `attempt` (a transaction that takes `quantity` units from the shard it is given, or answers
 * SHARD_EMPTY) on the pool's shards that can cover the quantity, starting at a random one, one
 * attempt at a time per shard in this process (hot-keys.ts), re-reading the pool up to twice when
 * every shard tried was emptied meanwhile. SHARD_EMPTY at the end means the pool is out of stock.
 * `first` is a read of the pool the caller already made.
 */
export async function fromPool<T>(
  db: Database,
  poolId: string,
  quantity: number,
  attempt: (shardId: string) => Promise<T | typeof SHARD_EMPTY>,
  first?: StockShard[],
): Promise<T | typeof SHARD_EMPTY> {
  for (let round = 0; round < 3; round++) {
    const readAt = performance.now()
    const shards = shardOrder(round === 0 && first ? first : await readPool(db, poolId), quantity, Math.random())
    if (shards.length === 0) break
    // A read made after a shard was marked outranks the mark: it was restocked since.
    if (!(round === 0 && first)) for (const s of shards) if ((emptyUntil.get(s._id) ?? 0) - EMPTY_FOR_MS < readAt) emptyUntil.delete(s._id)
    for (const s of shards) {
      if (seemsEmpty(s._id)) continue
      const result = await oneAtATime(s._id, () => attempt(s._id))
      if (result !== SHARD_EMPTY) return result
      // Only a shard that could not give one unit is empty for everybody.
      if (quantity === 1) emptyUntil.set(s._id, performance.now() + EMPTY_FOR_MS)
    }
  }
  return SHARD_EMPTY
}
