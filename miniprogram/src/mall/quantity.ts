// Relative, not @shared: the node tests import this module too.
import type { ItemView } from '../../../shared/mall/schemas'

/** The most one redemption may take: the per-order cap, what the member may still redeem, and the stock. */
export function maxQuantity(item: Pick<ItemView, 'maxPerOrder' | 'remainingForMe' | 'stock'>): number {
  return Math.max(0, Math.min(item.maxPerOrder, item.stock, item.remainingForMe ?? Number.POSITIVE_INFINITY))
}

/** A quantity kept within 1…max (1 when nothing can be taken: the button is disabled then anyway). */
export function clampQuantity(quantity: number, max: number): number {
  return Math.min(Math.max(1, Math.floor(quantity) || 1), Math.max(1, max))
}

/** How many of the items the member's spendable points cover at today's price (cash is paid at the store). */
export function affordableCount(items: Array<Pick<ItemView, 'price' | 'canRedeem' | 'blockedBy'>>, available: number): number {
  return items.filter((i) => i.price.points <= available && (i.canRedeem || i.blockedBy === 'INSUFFICIENT_POINTS')).length
}

/** 12345 → "12,345". */
export const pointsText = (points: number) => String(points).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
