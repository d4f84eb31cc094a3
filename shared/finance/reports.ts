import type { ReportName } from '../admin/schemas'

/**
 * Reports with a store dimension, which a manager may run for their own store. The others (liability,
 * coupons, tiers) are programme-wide: accounts, coupons and levels belong to no one store.
 */
export const PER_STORE: Record<ReportName, boolean> = {
  liability: false,
  points: true,
  redemption: true,
  cost: true,
  coupons: false,
  tiers: false,
  settlement: true,
}

/** A report asked for in a way it cannot answer (a store for a programme-wide report...). */
export class ReportError extends Error {}

/** `huika-<name>[-<store or mall>][-<from>_<to>]-<day>.<csv|json>`: ASCII only, safe in any browser's download. */
export function reportFilename(a: { name: ReportName; day: string; format: 'json' | 'csv'; from?: string; to?: string; storeIds?: string[] | null; mallId?: string }): string {
  const parts = ['huika', a.name]
  if (a.mallId) parts.push(`mall_${a.mallId}`)
  if (a.storeIds && a.storeIds.length > 0) parts.push(a.storeIds.join('_'))
  if (a.from || a.to) parts.push(`${a.from ?? 'start'}_${a.to ?? 'now'}`)
  parts.push(a.day)
  return `${parts.join('-').replace(/[^\w.-]/g, '_')}.${a.format}`
}
