import { addDays, shanghaiDay } from '../day'
import type { ErrorCode } from '../errors'
import type { FlashSale, ItemView, MallItem, StoreView } from './schemas'

/** Where a redemption takes its units from, and which limit it counts against. */
export interface SalePlan {
  /** The stock pool: the item's own, or the running flash sale's allocation. */
  poolId: string
  /** Unit price now. */
  points: number
  fen: number
  /** The flash sale the price or pool comes from, if one is running. */
  flash: FlashSale | null
  perMemberLimit: number | null
  /** The per-member counter this sale counts against (`mall_limits`, `<memberId>:<limitKey>`). */
  limitKey: string
}

export const itemPool = (itemId: string) => `item:${itemId}`
export const flashPool = (itemId: string, flashId: string) => `flash:${itemId}:${flashId}`

export function flashState(flash: FlashSale, now: Date): 'upcoming' | 'live' | 'ended' {
  const t = now.getTime()
  if (t < new Date(flash.startsAt).getTime()) return 'upcoming'
  return t < new Date(flash.endsAt).getTime() ? 'live' : 'ended'
}

/** The price, pool and limit that apply to a redemption at `now`. */
export function salePlan(item: MallItem, now: Date): SalePlan {
  const flash = item.flash && flashState(item.flash, now) === 'live' ? item.flash : null
  if (!flash) return { poolId: itemPool(item.id), points: item.pricePoints, fen: item.priceFen, flash: null, perMemberLimit: item.perMemberLimit, limitKey: item.id }
  const ownLimit = flash.perMemberLimit !== undefined
  return {
    poolId: flash.stock !== undefined ? flashPool(item.id, flash.id) : itemPool(item.id),
    points: flash.pricePoints ?? item.pricePoints,
    fen: flash.priceFen ?? item.priceFen,
    flash,
    perMemberLimit: ownLimit ? flash.perMemberLimit! : item.perMemberLimit,
    limitKey: ownLimit ? `${item.id}:${flash.id}` : item.id,
  }
}

/** Whether the caller sees the item at all: active, for their level, and not past its sale window. */
export function visibleTo(item: MallItem, levelId: string, now: Date): boolean {
  if (!item.active) return false
  if (item.levels !== null && !item.levels.includes(levelId)) return false
  if (item.saleUntil && now.getTime() >= new Date(item.saleUntil).getTime()) return false
  return true
}

/**
 * Why a visible item cannot be redeemed now in this quantity, if it cannot, from what is known
 * before the transaction (which checks stock, limit and points again where they are written).
 */
export function redeemRefusal(
  item: MallItem,
  plan: SalePlan,
  args: { quantity: number; stock: number; bought: number; available: number; now: Date },
): ErrorCode | null {
  if (item.saleFrom && args.now.getTime() < new Date(item.saleFrom).getTime()) return 'NOT_ON_SALE'
  if (args.quantity > item.maxPerOrder) return 'QUANTITY_TOO_LARGE'
  if (plan.perMemberLimit !== null && args.bought + args.quantity > plan.perMemberLimit) return 'LIMIT_REACHED'
  if (args.stock < args.quantity) return 'OUT_OF_STOCK'
  if (args.available < plan.points * args.quantity) return 'INSUFFICIENT_POINTS'
  return null
}

/** What the list and the detail page show of an item for one caller. */
export function toItemView(
  item: MallItem,
  args: { now: Date; stock: number; flashStock: number | null; bought: number; available: number; storeNames?: Record<string, string> },
): ItemView {
  const plan = salePlan(item, args.now)
  const remainingForMe = plan.perMemberLimit === null ? null : Math.max(0, plan.perMemberLimit - args.bought)
  const blockedBy = redeemRefusal(item, plan, { quantity: 1, stock: args.stock, bought: args.bought, available: args.available, now: args.now })
  const changed = plan.flash !== null && (plan.points !== item.pricePoints || plan.fen !== item.priceFen)
  return {
    id: item.id,
    title: item.title,
    subtitle: item.subtitle,
    description: item.description,
    category: item.category,
    images: item.images,
    kind: item.kind,
    fulfilment: item.fulfilment,
    partner: item.partner,
    price: { points: plan.points, fen: plan.fen },
    regularPrice: changed ? { points: item.pricePoints, fen: item.priceFen } : null,
    marketPriceFen: item.marketPriceFen,
    stock: args.stock,
    remainingForMe,
    maxPerOrder: item.maxPerOrder,
    flash: item.flash
      ? { id: item.flash.id, startsAt: item.flash.startsAt, endsAt: item.flash.endsAt, state: flashState(item.flash, args.now), stock: args.flashStock }
      : null,
    canRedeem: blockedBy === null,
    blockedBy,
    saleUntil: item.saleUntil,
    storeIds: item.storeIds,
    stores: namedStores(item.storeIds, args.storeNames),
    perMemberLimit: plan.perMemberLimit,
    pickupDays: item.pickupDays,
  }
}

/** Mall order: flash sales first while live or upcoming, then by `sort`, then by title. */
export function listOrder(items: MallItem[], now: Date): MallItem[] {
  const flashRank = (i: MallItem) => (i.flash && flashState(i.flash, now) !== 'ended' ? 0 : 1)
  return [...items].sort((a, b) => flashRank(a) - flashRank(b) || a.sort - b.sort || a.title.localeCompare(b.title, 'zh'))
}

/** The last day (Asia/Shanghai) to collect a pickup order made at `now`. */
export const pickupBy = (item: Pick<MallItem, 'pickupDays'>, now: Date) => addDays(shanghaiDay(now), item.pickupDays - 1)

/** Store ids with their names, for showing where an item is collected (null: any store). */
export const namedStores = (ids: string[] | null, names: Record<string, string> = {}): StoreView[] | null =>
  ids === null ? null : ids.map((id) => ({ id, name: names[id] ?? id }))
