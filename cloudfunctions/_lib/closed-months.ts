import { nextMonth, replay, replayCost, type CostSink } from '../../shared/finance/ledger-rollup'
import { monthOf } from '../../shared/finance/period'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { COUPONS } from './coupons'
import { costRecordsOf, isUsed, type Sale, type Used } from './cost-records'
import type { Database } from './deps'
import { LEDGER } from './ledger'
import { closeState, LEDGER_MONTHS, type MonthDoc } from './ledger-close'
import { forEachById } from './paging'
import { ORDERS } from './staff-records'

/**
 * How the finance reports read the ledger, till orders and coupons once months are closed
 * (`ledger-close.ts`): closed months from their rollups, open months by their month indexes, and
 * everything, as before, while no close is usable.
 */
const PAGE = 1000

/** The month documents through `closedThrough` (24 a year, read in one query). */
async function closedMonths(db: Database, closedThrough: string): Promise<MonthDoc[]> {
  const res = await db.collection(LEDGER_MONTHS).where({ _id: db.command.lte(closedThrough) }).orderBy('_id', 'asc').limit(1000).get()
  return (res.data as MonthDoc[]).filter((d) => /^\d{4}-\d{2}$/.test(d._id))
}

/** Open months are read through two past today's, in case the clock was set back after records were written. */
const openUntil = (now: Date) => nextMonth(nextMonth(monthOf(now)))

type ReportEntry = Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids' | 'createdAt'>

/**
 * Every ledger entry as the finance reports need it: closed months from their rollups (one entry
 * per group), open months by paging the `month` index; the whole ledger when no close is usable.
 */
export async function forEachReportEntry(db: Database, now: Date, visit: (e: ReportEntry) => void): Promise<{ rolledUp: number; paged: number }> {
  const state = await closeState(db)
  let rolledUp = 0
  let paged = 0
  if (!state?.complete || !state.closedThrough) {
    await forEachById<LedgerEntry>(db, LEDGER, {}, PAGE, async (e) => {
      paged++
      visit(e)
    })
    return { rolledUp, paged }
  }
  for (const doc of await closedMonths(db, state.closedThrough)) {
    for (const g of doc.groups) visit(replay(doc._id, g))
    rolledUp += doc.entries
  }
  for (let m = nextMonth(state.closedThrough); m <= openUntil(now); m = nextMonth(m)) {
    await forEachById<LedgerEntry>(db, LEDGER, { month: m }, PAGE, async (e) => {
      paged++
      visit(e)
    })
  }
  return { rolledUp, paged }
}

/**
 * Every till sale, refund and coupon write-off as the cost report needs them: closed months from their
 * rollups, open months by the `creditedMonth`, `refundMonths` and `usedMonth` indexes; every order
 * and used coupon when no close is usable (or a closed month predates closing sales).
 */
export async function forEachCostRecord(db: Database, now: Date, sink: CostSink & { addOrder(o: Sale): void }): Promise<void> {
  const state = await closeState(db)
  const months = state?.complete && state.closedThrough ? await closedMonths(db, state.closedThrough) : null
  if (!state?.closedThrough || !months || months.some((d) => !d.cost)) {
    await forEachById<Sale & { _id: string }>(db, ORDERS, { status: 'credited' }, PAGE, async (o) => sink.addOrder(o))
    await forEachById<Used & { _id: string }>(db, COUPONS, { state: 'used' }, PAGE, async (c) => {
      if (isUsed(c)) sink.addCoupon({ state: 'used', kind: c.kind, offFen: c.offFen, usedAt: c.usedAt, usedStoreId: c.usedStoreId })
    })
    return
  }
  for (const doc of months) replayCost(doc._id, doc.cost!, sink)
  for (let m = nextMonth(state.closedThrough); m <= openUntil(now); m = nextMonth(m)) await costRecordsOf(db, m, sink)
}

