import { monthOf } from '../../shared/finance/period'
import { costRollup, monthRollup, nextMonth, replay, replayCost, type CostRollup, type CostSink, type RollupGroup } from '../../shared/finance/ledger-rollup'
import type { CouponRecord } from '../../shared/coupon/coupon'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { OrderRecord } from '../../shared/staff/order-record'
import { COUPONS } from './coupons'
import type { Database } from './deps'
import { LEDGER } from './ledger'
import { forEachById } from './paging'
import { ORDERS } from './staff-records'

/**
 * Closing the ledger's months, so that finance reports over millions of entries read a closed month
 * as one small document instead of paging through it again:
 * - `ledger_months/<YYYY-MM>`: `{ entries, groups: RollupGroup[], cost: CostRollup, closedAt }`, written
 *   once: the ledger's groups, and the month's till sales, refunds and coupon write-offs per store.
 * - `ledger_months/_state`: `{ closedThrough, complete }`. `complete` is false while some record of a
 *   month still open lacks its month stamp (entries' `month`, orders' `creditedMonth` and
 *   `refundMonths`, coupons' `usedMonth`: written before records carried them): then reports cannot
 *   page open months by those indexes and read every record, as before.
 * A month is closed one day after it ends: its entries are final (the ledger is append-only and
 * stamped with the clock), and calls in flight at midnight have long finished.
 */
export const LEDGER_MONTHS = 'ledger_months'
const STATE_ID = '_state'
const PAGE = 1000

export interface LedgerCloseState {
  closedThrough: string | null
  complete: boolean
}

interface MonthDoc {
  _id: string
  entries: number
  groups: RollupGroup[]
  /** Absent on months closed before sales were closed too: then the report reads orders and coupons. */
  cost?: CostRollup
  closedAt: Date
}

type Sale = Pick<OrderRecord, 'status' | 'storeId' | 'amountFen' | 'createdAt' | 'creditedAt' | 'creditedMonth' | 'refunds' | 'refundMonths'>
type Used = Pick<CouponRecord, 'state' | 'kind' | 'offFen' | 'usedAt' | 'usedStoreId' | 'usedMonth'>
const saleMonth = (o: Pick<OrderRecord, 'createdAt' | 'creditedAt'>) => monthOf(o.creditedAt ?? o.createdAt)
const isUsed = (c: Used): c is Used & { usedAt: Date; usedStoreId: string } => c.state === 'used' && !!c.usedAt && !!c.usedStoreId

const prevMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The last month that may be closed at `now`: the one before the month of a day ago. */
export const lastClosable = (now: Date) => prevMonth(monthOf(new Date(now.getTime() - 86_400_000)))

export async function closeState(db: Database): Promise<LedgerCloseState | null> {
  const doc = ((await db.collection(LEDGER_MONTHS).doc(STATE_ID).get()).data as Array<LedgerCloseState & { _id: string }>)[0]
  return doc ? { closedThrough: doc.closedThrough, complete: doc.complete } : null
}

/**
 * Closes every month up to `lastClosable(now)` not closed yet. The first run (or any run after one
 * that found entries without a month) reads the whole ledger once; later runs read only the months
 * they close, by the `month` index. Month documents are written before the state names them, so a
 * run stopped half way leaves the previous state in force and the next run does the work again.
 */
export async function closeLedger(db: Database, now: Date): Promise<{ closed: string[]; entries: number; fullPass: boolean; complete: boolean }> {
  const upTo = lastClosable(now)
  const state = await closeState(db)
  if (state?.closedThrough && state.closedThrough >= upTo && state.complete) return { closed: [], entries: 0, fullPass: false, complete: true }
  const sums = new Map<string, ReturnType<typeof monthRollup>>()
  const rollupOf = (month: string) => {
    let r = sums.get(month)
    if (!r) sums.set(month, (r = monthRollup()))
    return r
  }
  const costs = new Map<string, ReturnType<typeof costRollup>>()
  const costOf = (month: string) => {
    let r = costs.get(month)
    if (!r) costs.set(month, (r = costRollup()))
    return r
  }
  const after = state?.closedThrough ?? ''
  let entries = 0
  let unstampedOpen = 0
  const fullPass = !state?.complete || !state.closedThrough
  if (fullPass) {
    await forEachById<LedgerEntry>(db, LEDGER, {}, PAGE, async (e) => {
      const month = monthOf(e.createdAt)
      if (month > upTo) {
        if (!e.month) unstampedOpen++
        return
      }
      if (month <= after) return
      rollupOf(month).add(e)
      entries++
    })
    // Till sales by the month they were credited, refunds and write-offs by their own.
    const closing = (month: string) => month <= upTo && month > after
    await forEachById<Sale & { _id: string }>(db, ORDERS, { status: 'credited' }, PAGE, async (o) => {
      const m = saleMonth(o)
      if (closing(m)) costOf(m).sale(o.storeId, o.amountFen)
      else if (m > upTo && o.creditedMonth !== m) unstampedOpen++
      for (const r of o.refunds) {
        const rm = monthOf(r.at)
        if (closing(rm)) costOf(rm).refund(o.storeId, r.amountFen)
        else if (rm > upTo && !(o.refundMonths ?? []).includes(rm)) unstampedOpen++
      }
    })
    await forEachById<Used & { _id: string }>(db, COUPONS, { state: 'used' }, PAGE, async (c) => {
      if (!isUsed(c)) return
      const m = monthOf(c.usedAt)
      if (closing(m)) costOf(m).coupon(c.usedStoreId, c.kind, c.offFen)
      else if (m > upTo && c.usedMonth !== m) unstampedOpen++
    })
  }
  // Months with no entries are closed too (an empty document), so the state can move past them.
  const first = after ? nextMonth(after) : [...new Set([...sums.keys(), ...costs.keys()])].filter((m) => m <= upTo).sort()[0]
  const closed: string[] = []
  for (let m = first; m && m <= upTo; m = nextMonth(m)) {
    if (!fullPass) {
      await forEachById<LedgerEntry>(db, LEDGER, { month: m }, PAGE, async (e) => {
        rollupOf(m).add(e)
        entries++
      })
      await forEachById<Sale & { _id: string }>(db, ORDERS, { creditedMonth: m }, PAGE, async (o) => {
        if (o.status === 'credited') costOf(m).sale(o.storeId, o.amountFen)
      })
      await forEachById<Sale & { _id: string }>(db, ORDERS, { refundMonths: m }, PAGE, async (o) => {
        if (o.status !== 'credited') return
        for (const r of o.refunds) if (monthOf(r.at) === m) costOf(m).refund(o.storeId, r.amountFen)
      })
      await forEachById<Used & { _id: string }>(db, COUPONS, { usedMonth: m }, PAGE, async (c) => {
        if (isUsed(c)) costOf(m).coupon(c.usedStoreId, c.kind, c.offFen)
      })
    }
    const r = (sums.get(m) ?? monthRollup()).result()
    const doc: Omit<MonthDoc, '_id'> = { entries: r.entries, groups: r.groups, cost: (costs.get(m) ?? costRollup()).result(), closedAt: now }
    await db.collection(LEDGER_MONTHS).doc(m).set(doc)
    closed.push(m)
  }
  const closedThrough = closed.length > 0 ? closed[closed.length - 1] : (state?.closedThrough ?? null)
  const complete = unstampedOpen === 0
  await db.collection(LEDGER_MONTHS).doc(STATE_ID).set({ closedThrough, complete, updatedAt: now })
  return { closed, entries, fullPass, complete }
}

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
  for (let m = nextMonth(state.closedThrough); m <= openUntil(now); m = nextMonth(m)) {
    await forEachById<Sale & { _id: string }>(db, ORDERS, { creditedMonth: m }, PAGE, async (o) => {
      if (o.status === 'credited') sink.addSale({ status: 'credited', storeId: o.storeId, amountFen: o.amountFen, createdAt: o.createdAt, creditedAt: o.creditedAt ?? o.createdAt })
    })
    await forEachById<Sale & { _id: string }>(db, ORDERS, { refundMonths: m }, PAGE, async (o) => {
      if (o.status !== 'credited') return
      for (const r of o.refunds) if (monthOf(r.at) === m) sink.addRefund(o.storeId, r)
    })
    await forEachById<Used & { _id: string }>(db, COUPONS, { usedMonth: m }, PAGE, async (c) => {
      if (isUsed(c)) sink.addCoupon({ state: 'used', kind: c.kind, offFen: c.offFen, usedAt: c.usedAt, usedStoreId: c.usedStoreId })
    })
  }
}
