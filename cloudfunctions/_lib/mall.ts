import { flashPool, itemPool } from '../../shared/mall/item'
import { close, toOrderView, type MallOrderRecord } from '../../shared/mall/order'
import type { OrderView } from '../../shared/mall/schemas'
import { MallItem } from '../../shared/mall/schemas'
import { refundSpend } from '../../shared/points/account'
import { EntryIds } from '../../shared/points/ledger-entry'
import type { EntrySource } from '../../shared/points/schemas'
import { shardId, splitUnits, type StockShard } from '../../shared/stock'
import type { Database } from './deps'
import { emitOrder } from './events'
import { oneAtATime } from './hot-keys'
import { appendEntries, LEDGER, loadAccount, saveAccount } from './ledger'
import { storeNamesFor } from './staff-records'
import { ensurePool, readPool, returnUnits, STOCK } from './stock'
import { commit, rollback, withTransaction, type Transaction } from './transaction'

/**
 * The mall collections, named in one place:
 * - `mall_items`: `_id` = item id; the stock is in stock shards (`item:<id>`, `flash:<id>:<sale>`).
 * - `mall_orders`: `_id` = the order's code (also its pickup code); indexed by member and by status.
 * - `mall_requests`: `<memberId>:<requestId>` → the order: a retried redemption finds its order here.
 * - `mall_limits`: `<memberId>:<itemId>[:<flashId>]`, units the member redeemed (the per-member limit).
 * - `vouchers`: partner codes, `_id` = `<shardId>:<n>`; the n-th unit sold from a shard gets the n-th code.
 */
export const MALL_ITEMS = 'mall_items'
export const MALL_ORDERS = 'mall_orders'
export const MALL_REQUESTS = 'mall_requests'
export const MALL_LIMITS = 'mall_limits'
export const VOUCHERS = 'vouchers'

export interface VoucherRecord {
  _id: string
  itemId: string
  code: string
  importedAt: Date
}

const parseItem = (doc: Record<string, unknown>): MallItem => {
  const { _id, ...rest } = doc
  return MallItem.parse({ ...rest, id: _id })
}

export async function loadItem(db: Database, id: string): Promise<MallItem | null> {
  const doc = ((await db.collection(MALL_ITEMS).doc(id).get()).data as Array<Record<string, unknown>>)[0]
  return doc ? parseItem(doc) : null
}

/** Every active item (a mall shows dozens, not thousands). */
export async function activeItems(db: Database): Promise<MallItem[]> {
  const res = await db.collection(MALL_ITEMS).where({ active: true }).limit(500).get()
  return (res.data as Array<Record<string, unknown>>).map(parseItem)
}

/**
 * Saves an item (validated with MallItem) and creates its stock pools the first time: the item's
 * own with `stock` units, and the flash sale's allocation when it has one. Changing `stock` later
 * does not restock; that is `restock` (one place where units are added).
 */
export async function saveItem(db: Database, item: MallItem): Promise<void> {
  const { id, ...rest } = item
  await db.collection(MALL_ITEMS).doc(id).set(rest)
  await ensurePool(db, itemPool(id), item.stock, Math.min(item.stockShards, Math.max(1, item.stock)))
  if (item.flash?.stock !== undefined)
    await ensurePool(db, flashPool(id, item.flash.id), item.flash.stock, Math.min(item.stockShards, Math.max(1, item.flash.stock)))
}

/** Units left in a pool. */
export const poolStock = async (db: Database, poolId: string) => (await readPool(db, poolId)).reduce((s, x) => s + x.remaining, 0)

/**
 * Imports partner codes for a voucher item: each shard gets its share, numbered after its last code,
 * and its stock grows by as many, in one transaction per shard. Codes the item already has are skipped.
 */
export async function importVouchers(db: Database, itemId: string, codes: string[], now: Date): Promise<{ added: number; skipped: number }> {
  const shards = await readPool(db, itemPool(itemId))
  if (shards.length === 0) throw new Error(`item ${itemId} has no stock pool`)
  const unique = [...new Set(codes.map((c) => c.trim()).filter(Boolean))]
  const known = new Set<string>()
  const _ = db.command
  for (let i = 0; i < unique.length; i += 500) {
    const res = await db.collection(VOUCHERS).where({ itemId, code: _.in(unique.slice(i, i + 500)) }).limit(500).get()
    for (const v of res.data as VoucherRecord[]) known.add(v.code)
  }
  const fresh = unique.filter((c) => !known.has(c))
  const split = splitUnits(fresh.length, shards.length)
  let from = 0
  for (const [i, s] of shards.entries()) {
    const batch = fresh.slice(from, from + split[i])
    from += split[i]
    if (batch.length === 0) continue
    await oneAtATime(s._id, () =>
      withTransaction(db, async (tx) => {
        const shard = (await tx.collection(STOCK).doc(s._id).get()).data as StockShard
        for (const [k, code] of batch.entries()) {
          const v: VoucherRecord = { _id: `${s._id}:${shard.supplied + k + 1}`, itemId, code, importedAt: now }
          await tx.collection(VOUCHERS).add(v)
        }
        await tx.collection(STOCK).doc(s._id).update({ remaining: shard.remaining + batch.length, supplied: shard.supplied + batch.length })
        return commit(null)
      }),
    )
  }
  return { added: fresh.length, skipped: unique.length - fresh.length }
}

/** Inside a transaction: the codes for units `taken - quantity + 1 … taken` of a shard. */
export async function takeVouchers(tx: Transaction, shard: StockShard, quantity: number): Promise<string[]> {
  const codes: string[] = []
  for (let n = shard.taken - quantity + 1; n <= shard.taken; n++) {
    const v = (await tx.collection(VOUCHERS).doc(`${shardId(shard.poolId, shard.shard)}:${n}`).get()).data as VoucherRecord | null
    if (!v) throw new Error(`voucher ${shard._id}:${n} is missing: the pool's stock and its codes disagree`)
    codes.push(v.code)
  }
  return codes
}

/**
 * Closes an open order (the member cancelled it, or it was not collected in time): in one
 * transaction the order is closed, its units go back to their shard, the member's limit counter
 * drops, and the points come back as a reversing entry. Returns null when the order was no longer
 * open (someone else closed or fulfilled it first).
 */
export async function closeOrder(
  db: Database,
  code: string,
  args: { status: 'cancelled' | 'expired'; reason: string; source: EntrySource; now: Date },
): Promise<{ order: MallOrderRecord; balance: number } | null> {
  const first = ((await db.collection(MALL_ORDERS).doc(code).get()).data as MallOrderRecord[])[0]
  if (!first) return null
  return oneAtATime(first.shardId, () =>
    withTransaction(db, async (tx) => {
      const order = (await tx.collection(MALL_ORDERS).doc(code).get()).data as MallOrderRecord | null
      if (!order || (order.status !== 'awaiting_pickup' && order.status !== 'awaiting_delivery')) return rollback(null)
      const closed = close(order, args.status, args.reason, args.now)
      const { _id, ...data } = closed
      await tx.collection(MALL_ORDERS).doc(code).set(data)
      await emitOrder(tx, closed, args.status) // webhooks
      await returnUnits(tx, order.shardId, order.quantity)
      const limit = (await tx.collection(MALL_LIMITS).doc(order.limitId).get()).data as { count: number } | null
      if (limit) await tx.collection(MALL_LIMITS).doc(order.limitId).update({ count: Math.max(0, limit.count - order.quantity) })
      const account = await loadAccount(tx, order.memberId)
      let balance = account.balance
      if (order.spendEntryId) {
        const spend = (await tx.collection(LEDGER).doc(order.spendEntryId).get()).data as { consumed: Array<{ lotId: string; points: number; expiresOn?: string }> } | null
        if (!spend) throw new Error(`order ${code}: its spend ${order.spendEntryId} is missing`)
        const change = refundSpend(account, {
          entryId: EntryIds.redeemBack(code),
          spendId: order.spendEntryId,
          consumed: spend.consumed,
          source: args.source,
          reason: args.status === 'cancelled' ? `取消兑换：${order.title}` : `兑换未提货过期：${order.title}`,
          now: args.now,
          orderKey: `mall:${code}`,
        })
        await saveAccount(tx, change.account)
        await appendEntries(tx, change.entries)
        balance = change.account.balance
      }
      return commit({ order: closed, balance })
    }),
  )
}

/** Orders as the member and the till see them, with store names where an order names stores. */
export async function orderViews(db: Database, orders: MallOrderRecord[]): Promise<OrderView[]> {
  const names = await storeNamesFor(db, orders.map((o) => o.storeIds))
  return orders.map((o) => toOrderView(o, names))
}
export const orderView = async (db: Database, order: MallOrderRecord) => (await orderViews(db, [order]))[0]
