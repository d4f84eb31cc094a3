import type { LedgerEntry } from '../points/ledger-entry'
import type { EntryKind } from '../points/schemas'
import { earningStoreOf, reversesEarning } from './attribution'
import { NO_STORE } from './points-flow'

/**
 * A closed month of the ledger, summed once (the `ledger-close` job) so that reports need not page
 * through it again. Entries are grouped by everything a report reads of them besides their points:
 * kind, sign, the store they were made at, and for reversals of earnings the store of the earning
 * voided. Every report adds points linearly within such a group, so feeding a report one synthetic
 * entry per group gives exactly the figures the entries themselves give.
 */
export interface RollupGroup {
  kind: EntryKind
  /** Points above zero (a reverse that gives a redemption back, an adjustment up). */
  credit: boolean
  storeId: string | null
  /** For reversals of earnings: the store of the earning voided ('' when it voids none). */
  voidsStore: string | null
  points: number
  entries: number
}

export type Rollable = Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids'>

function groupOf(e: Rollable): Omit<RollupGroup, 'points' | 'entries'> {
  const voidsStore = reversesEarning(e) ? (e.voids ? earningStoreOf(e.voids) : '') : null
  return { kind: e.kind, credit: e.points > 0, storeId: e.source.storeId, voidsStore }
}

/** A map's values, in key order when `sorted`: the same document however a month was split into parts. */
const valuesOf = <T>(m: Map<string, T>, sorted: boolean) => (sorted ? [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v) : [...m.values()])

const groupKey = (g: Omit<RollupGroup, 'points' | 'entries'>) => `${g.kind}|${g.credit ? '+' : '-'}|${g.storeId ?? ''}|${g.voidsStore ?? ''}`

/** Sums one month's entries into groups; `addGroup` adds a group summed elsewhere (a part of the month). */
export function monthRollup() {
  const groups = new Map<string, RollupGroup>()
  let entries = 0
  const into = (g: Omit<RollupGroup, 'points' | 'entries'>, points: number, n: number) => {
    const key = groupKey(g)
    let sum = groups.get(key)
    if (!sum) groups.set(key, (sum = { kind: g.kind, credit: g.credit, storeId: g.storeId, voidsStore: g.voidsStore, points: 0, entries: 0 }))
    sum.points += points
    sum.entries += n
    entries += n
  }
  return {
    add: (e: Rollable) => into(groupOf(e), e.points, 1),
    addGroup: (g: RollupGroup) => into(g, g.points, g.entries),
    result: (sorted = false) => ({ entries, groups: valuesOf(groups, sorted) }),
  }
}

/** The first instant of an Asia/Shanghai month. */
export const monthStart = (month: string) => new Date(`${month}-01T00:00:00+08:00`)

/** One group as the entry a report adds: same kind, sign, stores and month; the group's points. */
export function replay(month: string, g: RollupGroup): Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids' | 'createdAt'> {
  const voids = g.voidsStore === null || g.voidsStore === '' ? null : g.voidsStore === NO_STORE ? 'rollup' : `earn:${g.voidsStore}:rollup`
  return { kind: g.kind, points: g.points, source: { kind: 'system', id: 'ledger-close', storeId: g.storeId }, voids, createdAt: monthStart(month) }
}

/** 'YYYY-MM' of the month after `month`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** A closed month's till sales, refunds and coupon write-offs, per store: what the cost report reads besides the ledger. */
export interface CostRollup {
  sales: Array<{ storeId: string; fen: number; orders: number }>
  refunds: Array<{ storeId: string; fen: number; refunds: number }>
  /** Written-off coupons still used, by store, kind and face value: the report counts each. */
  coupons: Array<{ storeId: string; kind: 'cash' | 'percent' | 'gift'; offFen: number | null; count: number }>
}

export function costRollup() {
  const sales = new Map<string, CostRollup['sales'][number]>()
  const refunds = new Map<string, CostRollup['refunds'][number]>()
  const coupons = new Map<string, CostRollup['coupons'][number]>()
  const sale = (storeId: string, fen: number, orders = 1) => {
    const s = sales.get(storeId) ?? { storeId, fen: 0, orders: 0 }
    sales.set(storeId, s)
    s.fen += fen
    s.orders += orders
  }
  const refund = (storeId: string, fen: number, n = 1) => {
    const r = refunds.get(storeId) ?? { storeId, fen: 0, refunds: 0 }
    refunds.set(storeId, r)
    r.fen += fen
    r.refunds += n
  }
  const coupon = (storeId: string, kind: 'cash' | 'percent' | 'gift', offFen: number | null, count = 1) => {
    const key = `${storeId}|${kind}|${offFen ?? ''}`
    const c = coupons.get(key) ?? { storeId, kind, offFen, count: 0 }
    coupons.set(key, c)
    c.count += count
  }
  return {
    sale,
    refund,
    coupon,
    /** Adds a rollup summed elsewhere (a part of the month). */
    addAll(r: CostRollup) {
      for (const s of r.sales) sale(s.storeId, s.fen, s.orders)
      for (const x of r.refunds) refund(x.storeId, x.fen, x.refunds)
      for (const c of r.coupons) coupon(c.storeId, c.kind, c.offFen, c.count)
    },
    result: (sorted = false): CostRollup => ({ sales: valuesOf(sales, sorted), refunds: valuesOf(refunds, sorted), coupons: valuesOf(coupons, sorted) }),
  }
}

/** What the cost report is fed: the same calls its accumulator takes from orders and coupons. */
export interface CostSink {
  addSale(o: { status: 'credited'; storeId: string; amountFen: number; createdAt: Date; creditedAt: Date }): void
  addRefund(storeId: string, r: { at: Date; amountFen: number }): void
  addCoupon(k: { state: 'used'; kind: 'cash' | 'percent' | 'gift'; offFen: number | null; usedAt: Date; usedStoreId: string }): void
}

/** A closed month replayed into the cost report: one sale and one refund per store, each coupon once. */
export function replayCost(month: string, r: CostRollup, sink: CostSink): void {
  const at = monthStart(month)
  for (const s of r.sales) sink.addSale({ status: 'credited', storeId: s.storeId, amountFen: s.fen, createdAt: at, creditedAt: at })
  for (const x of r.refunds) sink.addRefund(x.storeId, { at, amountFen: x.fen })
  for (const c of r.coupons) for (let i = 0; i < c.count; i++) sink.addCoupon({ state: 'used', kind: c.kind, offFen: c.offFen, usedAt: at, usedStoreId: c.storeId })
}
