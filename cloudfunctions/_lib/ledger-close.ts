import { monthOf } from '../../shared/finance/period'
import { costRollup, monthRollup, nextMonth, type CostRollup, type RollupGroup } from '../../shared/finance/ledger-rollup'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { COUPONS } from './coupons'
import { costRecordsOf, isUsed, saleMonth, type Sale, type Used } from './cost-records'
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

export interface MonthDoc {
  _id: string
  entries: number
  groups: RollupGroup[]
  /** Absent on months closed before sales were closed too: then the report reads orders and coupons. */
  cost?: CostRollup
  closedAt: Date
}

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
      const sum = costOf(m)
      await costRecordsOf(db, m, {
        addSale: (o) => sum.sale(o.storeId, o.amountFen),
        addRefund: (storeId, r) => sum.refund(storeId, r.amountFen),
        addCoupon: (k) => sum.coupon(k.usedStoreId, k.kind, k.offFen),
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

