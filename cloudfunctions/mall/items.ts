import { ok, fail } from '../../shared/errors'
import { flashPool, itemPool, listOrder, salePlan, toItemView, visibleTo } from '../../shared/mall/item'
import type { MallItem } from '../../shared/mall/schemas'
import type { StockShard } from '../../shared/stock'
import type { Database } from '../_lib/deps'
import { activeItems, loadItem } from '../_lib/mall'
import type { Handler } from '../_lib/router'
import { storeNamesFor } from '../_lib/staff-records'
import { STOCK } from '../_lib/stock'
import { shopper, type Shopper } from './shopper'

/** Units left per pool, for the given pools, in one query. */
async function stockByPool(db: Database, pools: string[]): Promise<Map<string, number>> {
  const left = new Map(pools.map((p) => [p, 0]))
  const _ = db.command
  for (let i = 0; i < pools.length; i += 100) {
    const res = await db.collection(STOCK).where({ poolId: _.in(pools.slice(i, i + 100)) }).limit(1000).get()
    for (const s of res.data as StockShard[]) left.set(s.poolId, (left.get(s.poolId) ?? 0) + s.remaining)
  }
  return left
}

async function views(db: Database, items: MallItem[], me: Shopper, now: Date) {
  const pools = items.flatMap((i) => [itemPool(i.id), ...(i.flash?.stock !== undefined ? [flashPool(i.id, i.flash.id)] : [])])
  const [stock, names] = await Promise.all([stockByPool(db, pools), storeNamesFor(db, items.map((i) => i.storeIds))])
  return items.map((item) => {
    const plan = salePlan(item, now)
    const flashStock = item.flash?.stock !== undefined ? (stock.get(flashPool(item.id, item.flash.id)) ?? 0) : null
    return toItemView(item, { now, stock: stock.get(plan.poolId) ?? 0, flashStock, bought: me.bought.get(plan.limitKey) ?? 0, available: me.available, storeNames: names })
  })
}

/** mall.items: what the caller may see, flash sales first, with stock, price now and their remaining limit. */
export const items: Handler<'mall', 'items'> = async ({ category }, ctx) => {
  const me = await shopper(ctx)
  if (!me.ok) return me
  const visible = listOrder(
    (await activeItems(ctx.deps.db)).filter((i) => visibleTo(i, me.data.level.id, ctx.now)),
    ctx.now,
  )
  const categories = [...new Set(visible.map((i) => i.category))]
  const shown = category ? visible.filter((i) => i.category === category) : visible
  return ok({ items: await views(ctx.deps.db, shown, me.data, ctx.now), categories, available: me.data.available, serverTime: ctx.now.toISOString() })
}

/** mall.item: one item's detail, if the caller may see it. */
export const item: Handler<'mall', 'item'> = async ({ itemId }, ctx) => {
  const me = await shopper(ctx)
  if (!me.ok) return me
  const found = await loadItem(ctx.deps.db, itemId)
  if (!found || !visibleTo(found, me.data.level.id, ctx.now)) return fail('ITEM_NOT_FOUND')
  const [view] = await views(ctx.deps.db, [found], me.data, ctx.now)
  return ok({ item: view, available: me.data.available, serverTime: ctx.now.toISOString() })
}
