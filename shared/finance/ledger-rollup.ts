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

/** Sums one month's entries into groups. */
export function monthRollup() {
  const groups = new Map<string, RollupGroup>()
  let entries = 0
  return {
    add(e: Rollable) {
      const g = groupOf(e)
      const key = `${g.kind}|${g.credit ? '+' : '-'}|${g.storeId ?? ''}|${g.voidsStore ?? ''}`
      let sum = groups.get(key)
      if (!sum) groups.set(key, (sum = { ...g, points: 0, entries: 0 }))
      sum.points += e.points
      sum.entries++
      entries++
    },
    result: () => ({ entries, groups: [...groups.values()] }),
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
