import { monthOf } from './period'
import type { LedgerEntry } from '../points/ledger-entry'

/**
 * Where points came from and went, per Asia/Shanghai month and per store, straight from the ledger.
 * Every entry falls in exactly one column, so for any month:
 *   opening + issued − redeemed − expired − reversed + adjusted = closing
 * and the last closing is the sum of the ledger.
 */
export interface Flow {
  /** Earned: purchases, sign-in, games, invitations, grants (`earn`). */
  issued: number
  /** Spent in the mall or on games, less what cancelled redemptions gave back (`spend`, and `reverse` of a spend). */
  redeemed: number
  /** Left to lapse (`expire`). */
  expired: number
  /** Taken back by refunds and their shortfall settlements (`reverse` of an earning). */
  reversed: number
  /** An operator's corrections, signed (`adjust`). */
  adjusted: number
}

export const emptyFlow = (): Flow => ({ issued: 0, redeemed: 0, expired: 0, reversed: 0, adjusted: 0 })
/** The store column for entries made away from a till (the mall, games, jobs). */
export const NO_STORE = '(线上)'

/** The column an entry's points go to, and the amount (positive, except `adjusted`). */
export function column(e: Pick<LedgerEntry, 'kind' | 'points'>): [keyof Flow, number] {
  switch (e.kind) {
    case 'earn':
      return ['issued', e.points]
    case 'spend':
      return ['redeemed', -e.points]
    case 'expire':
      return ['expired', -e.points]
    case 'adjust':
      return ['adjusted', e.points]
    case 'reverse':
      // A reverse with positive points gives a redemption back; a negative one takes an earning back.
      return e.points > 0 ? ['redeemed', -e.points] : ['reversed', -e.points]
  }
}

export const net = (f: Flow) => f.issued - f.redeemed - f.expired - f.reversed + f.adjusted

export interface MonthFlow {
  month: string
  opening: number
  total: Flow
  closing: number
  byStore: Array<{ storeId: string } & Flow>
}

/** Sums entries one at a time (a job pages through millions), then lays the months out with opening and closing. */
export function pointsFlow() {
  const months = new Map<string, Map<string, Flow>>()
  return {
    add(e: Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'createdAt'>) {
      const month = monthOf(e.createdAt)
      const store = e.source.storeId ?? NO_STORE
      const byStore = months.get(month) ?? new Map<string, Flow>()
      months.set(month, byStore)
      const flow = byStore.get(store) ?? emptyFlow()
      byStore.set(store, flow)
      const [col, n] = column(e)
      flow[col] += n
    },
    result(range: { from?: string; to?: string } = {}): { months: MonthFlow[]; ledgerSum: number } {
      let balance = 0
      const out: MonthFlow[] = []
      for (const month of [...months.keys()].sort()) {
        const stores = [...months.get(month)!].sort(([a], [b]) => (a < b ? -1 : 1))
        const total = emptyFlow()
        for (const [, f] of stores) for (const k of Object.keys(total) as Array<keyof Flow>) total[k] += f[k]
        const opening = balance
        balance += net(total)
        if ((!range.from || month >= range.from) && (!range.to || month <= range.to))
          out.push({ month, opening, total, closing: balance, byStore: stores.map(([storeId, f]) => ({ storeId, ...f })) })
      }
      return { months: out, ledgerSum: balance }
    },
  }
}
