import { monthOf } from '../../shared/finance/period'
import { monthRollup, nextMonth, replay, type RollupGroup } from '../../shared/finance/ledger-rollup'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { Database } from './deps'
import { LEDGER } from './ledger'
import { forEachById } from './paging'

/**
 * Closing the ledger's months, so that finance reports over millions of entries read a closed month
 * as one small document instead of paging through it again:
 * - `ledger_months/<YYYY-MM>`: `{ entries, groups: RollupGroup[], closedAt }`, written once.
 * - `ledger_months/_state`: `{ closedThrough, complete }`. `complete` is false while some entry of a
 *   month still open has no `month` field (written before entries carried one): then reports cannot
 *   page open months by the `month` index and read the whole ledger, as before.
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
  }
  // Months with no entries are closed too (an empty document), so the state can move past them.
  const first = after ? nextMonth(after) : [...sums.keys()].sort()[0]
  const closed: string[] = []
  for (let m = first; m && m <= upTo; m = nextMonth(m)) {
    if (!fullPass) {
      await forEachById<LedgerEntry>(db, LEDGER, { month: m }, PAGE, async (e) => {
        rollupOf(m).add(e)
        entries++
      })
    }
    const r = (sums.get(m) ?? monthRollup()).result()
    const doc: Omit<MonthDoc, '_id'> = { entries: r.entries, groups: r.groups, closedAt: now }
    await db.collection(LEDGER_MONTHS).doc(m).set(doc)
    closed.push(m)
  }
  const closedThrough = closed.length > 0 ? closed[closed.length - 1] : (state?.closedThrough ?? null)
  const complete = unstampedOpen === 0
  await db.collection(LEDGER_MONTHS).doc(STATE_ID).set({ closedThrough, complete, updatedAt: now })
  return { closed, entries, fullPass, complete }
}

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
  const _ = db.command
  const res = await db.collection(LEDGER_MONTHS).where({ _id: _.lte(state.closedThrough) }).orderBy('_id', 'asc').limit(1000).get()
  for (const doc of res.data as MonthDoc[]) {
    if (!/^\d{4}-\d{2}$/.test(doc._id)) continue
    for (const g of doc.groups) visit(replay(doc._id, g))
    rolledUp += doc.entries
  }
  // Open months through two past today's, in case the clock was set back after entries were written.
  const last = nextMonth(nextMonth(monthOf(now)))
  for (let m = nextMonth(state.closedThrough); m <= last; m = nextMonth(m)) {
    await forEachById<LedgerEntry>(db, LEDGER, { month: m }, PAGE, async (e) => {
      paged++
      visit(e)
    })
  }
  return { rolledUp, paged }
}
