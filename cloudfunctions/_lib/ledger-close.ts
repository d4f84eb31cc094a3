import { monthOf } from '../../shared/finance/period'
import { costRollup, monthRollup, nextMonth, type CostRollup, type RollupGroup } from '../../shared/finance/ledger-rollup'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { COUPONS } from './coupons'
import { costRecordsOf, isUsed, saleMonth, type Sale, type Used } from './cost-records'
import type { Database } from './deps'
import { cryptoIds } from './ids'
import { LEDGER } from './ledger'
import { forEachById, pageAfter } from './paging'
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
 * - `ledger_months/_run` and `ledger_months/_part:…`: the checkpoint of a full pass (below).
 * A month is closed one day after it ends: its entries are final (the ledger is append-only and
 * stamped with the clock), and calls in flight at midnight have long finished.
 */
export const LEDGER_MONTHS = 'ledger_months'
const STATE_ID = '_state'
const RUN_ID = '_run'
const PART_PREFIX = '_part:'
const PAGE = 1000
/** A call stops between parts after this long: the function is cut at 900 s. */
const BUDGET_MS = 780_000
/** How much work a part holds: what a call killed mid-way loses at most. */
const PART_MS = 60_000

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

export interface LedgerCloseOptions {
  /** Stop between parts once this much time has passed (default 780 s). */
  budgetMs?: number
  /** Checkpoint after this much work (default 60 s); 0: after every page. */
  partMs?: number
  /** Stop after this many steps, a part counted or a month written (tests: a run cut short). */
  maxParts?: number
  /** Documents a page (default 1,000, CloudBase's most). */
  pageSize?: number
}

export interface LedgerCloseSummary {
  /** `paused`: a full pass stopped at its checkpoint, the next call goes on; `unchanged`: nothing to close. */
  status: 'done' | 'paused' | 'unchanged'
  /** Months this call closed (a full pass names them all on the call that finishes it). */
  closed: string[]
  /** Ledger entries summed: by this call, or by the whole pass on the call that finishes it. */
  entries: number
  fullPass: boolean
  complete: boolean
}

const prevMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The last month that may be closed at `now`: the one before the month of a day ago. */
export const lastClosable = (now: Date) => prevMonth(monthOf(new Date(now.getTime() - 86_400_000)))

const first = <T>(res: { data: unknown }): T | null => ((res.data as T[])[0] ?? null) as T | null

export async function closeState(db: Database): Promise<LedgerCloseState | null> {
  const doc = first<LedgerCloseState>(await db.collection(LEDGER_MONTHS).doc(STATE_ID).get())
  return doc ? { closedThrough: doc.closedThrough, complete: doc.complete } : null
}

const setState = (db: Database, closedThrough: string | null, complete: boolean, now: Date) =>
  db.collection(LEDGER_MONTHS).doc(STATE_ID).set({ closedThrough, complete, updatedAt: now })

/** A month's document, groups and sales in key order: the same however the month was summed. */
async function writeMonth(db: Database, month: string, sums: ReturnType<typeof monthRollup>, cost: ReturnType<typeof costRollup>, now: Date): Promise<void> {
  const r = sums.result(true)
  const doc: Omit<MonthDoc, '_id'> = { entries: r.entries, groups: r.groups, cost: cost.result(true), closedAt: now }
  await db.collection(LEDGER_MONTHS).doc(month).set(doc)
}

/**
 * Closes every month up to `lastClosable(now)` not closed yet.
 * - Once every record carries its month stamp and a close is recorded, each month is read by its
 *   indexes (`month`, `creditedMonth`, `refundMonths`, `usedMonth`), and the state moves past it as
 *   soon as its document is written: a stopped run goes on from the next month.
 * - Otherwise (the first close, or one after a run that found unstamped records in open months) a
 *   full pass reads the whole ledger, every credited order and every used coupon, with a checkpoint
 *   (`fullPass`): it may take many calls, each stopping itself within `budgetMs`.
 * Month documents are written before the state names them, so reports never see half a close.
 */
export async function closeLedger(db: Database, now: Date, opts: LedgerCloseOptions = {}): Promise<LedgerCloseSummary> {
  const upTo = lastClosable(now)
  const state = await closeState(db)
  const after = state?.closedThrough ?? ''
  const run = await readRun(db)
  if (run && run.phase !== 'done') {
    // A pass under way goes on with the months it began with; a month ended since is closed after it.
    if (run.after === after && run.upTo <= upTo) return fullPass(db, now, run, opts)
    // Its months no longer apply (it finished but for this mark, or the clock went back).
    await db.collection(LEDGER_MONTHS).where({ _id: RUN_ID, runId: run.runId }).update({ phase: 'done', updatedAt: now })
    await dropParts(db, run.runId)
  }
  // Nothing new to close. Even when `complete` is false: the unstamped records that made it so stay
  // unstamped until their month closes, and a full pass over millions of records would find the same.
  if (state?.closedThrough && state.closedThrough >= upTo) return { status: 'unchanged', closed: [], entries: 0, fullPass: false, complete: state.complete }
  if (!state?.complete || !state.closedThrough) return fullPass(db, now, await startRun(db, now, after, upTo), opts)
  return closeByIndex(db, now, state.closedThrough, upTo)
}

/** The months after `after` through `upTo`, each read by its month indexes. */
async function closeByIndex(db: Database, now: Date, after: string, upTo: string): Promise<LedgerCloseSummary> {
  const closed: string[] = []
  let entries = 0
  for (let m = nextMonth(after); m <= upTo; m = nextMonth(m)) {
    const sums = monthRollup()
    const cost = costRollup()
    await forEachById<LedgerEntry>(db, LEDGER, { month: m }, PAGE, async (e) => sums.add(e))
    await costRecordsOf(db, m, {
      addSale: (o) => cost.sale(o.storeId, o.amountFen),
      addRefund: (storeId, r) => cost.refund(storeId, r.amountFen),
      addCoupon: (k) => cost.coupon(k.usedStoreId, k.kind, k.offFen),
    })
    await writeMonth(db, m, sums, cost, now)
    await setState(db, m, true, now)
    closed.push(m)
    entries += sums.result().entries
  }
  return { status: 'done', closed, entries, fullPass: false, complete: true }
}

// ---- The full pass, with a checkpoint ----
//
// `ledger_months/_run` holds where the pass stands: the walk it is in (ledger, then credited orders,
// then used coupons, then writing the months) and the last `_id` it has summed. Each call sums pages
// from there for about PART_MS, writes what it summed as a part (one document per month it touched:
// `_part:<run>:<month>:<n>:<token>`, no bigger than that month's own document), then moves the run
// with a compare-and-set on its part count, naming its own token as part n's. So a part counts once:
// a call killed before the move leaves a part nobody names; of two calls racing from the same
// checkpoint only one moves it, the other stops. Once the walks are done, each month's document is
// the sum of its named parts, in key order, the same whatever the parts were.

type Walk = 'ledger' | 'orders' | 'coupons'
type Phase = Walk | 'write' | 'done'
const WALKS: Record<Walk, { collection: string; filter: object; next: Phase }> = {
  ledger: { collection: LEDGER, filter: {}, next: 'orders' },
  orders: { collection: ORDERS, filter: { status: 'credited' }, next: 'coupons' },
  coupons: { collection: COUPONS, filter: { state: 'used' }, next: 'write' },
}
const isWalk = (p: Phase): p is Walk => p in WALKS

interface CloseRun {
  runId: string
  /** The state's `closedThrough` when the pass began ('' for none): months after it are closed. */
  after: string
  /** The last month the pass closes. */
  upTo: string
  phase: Phase
  /** In a walk, the last `_id` summed ('' at its start); while writing, the last month written. */
  cursor: string
  /** Parts counted; tokens[n] is the call whose part n counts, partMonths[n] the months it holds (comma-separated). */
  parts: number
  tokens: string[]
  partMonths: string[]
  /** The earliest month with anything to close (null: none yet). */
  first: string | null
  entries: number
  unstampedOpen: number
  startedAt: Date
  updatedAt: Date
  invocations: number
}

interface PartDoc {
  _id: string
  run: string
  month: string
  n: number
  token: string
  entries: number
  groups: RollupGroup[]
  cost: CostRollup
}

const readRun = async (db: Database) => first<CloseRun>(await db.collection(LEDGER_MONTHS).doc(RUN_ID).get())

const partId = (runId: string, month: string, n: number, token: string) => `${PART_PREFIX}${runId}:${month}:${String(n).padStart(5, '0')}:${token}`

/** Removes the parts of a run, or of every run (`runId` ''). */
const dropParts = (db: Database, runId: string) => {
  const _ = db.command
  const from = runId ? `${PART_PREFIX}${runId}:` : PART_PREFIX
  // ';' follows ':' : the range holds exactly the ids that start with `from`.
  return db.collection(LEDGER_MONTHS).where({ _id: _.gte(from).and(_.lt(`${from.slice(0, -1)};`)) }).remove()
}

async function startRun(db: Database, now: Date, after: string, upTo: string): Promise<CloseRun> {
  // Parts of passes that never finished (a pass whose months no longer apply, a start that lost a race).
  await dropParts(db, '')
  const run: CloseRun = {
    runId: `${now.getTime().toString(36)}-${cryptoIds.code()}`,
    after,
    upTo,
    phase: 'ledger',
    cursor: '',
    parts: 0,
    tokens: [],
    partMonths: [],
    first: null,
    entries: 0,
    unstampedOpen: 0,
    startedAt: now,
    updatedAt: now,
    invocations: 0,
  }
  // Two calls starting at once: the later document wins and the other's first move fails.
  await db.collection(LEDGER_MONTHS).doc(RUN_ID).set(run)
  return run
}

/** What one part sums: each closing month's ledger groups and cost, and records of open months without their stamp. */
function partSums(after: string, upTo: string) {
  const ledger = new Map<string, ReturnType<typeof monthRollup>>()
  const cost = new Map<string, ReturnType<typeof costRollup>>()
  const of = <T>(map: Map<string, T>, month: string, make: () => T) => {
    let r = map.get(month)
    if (!r) map.set(month, (r = make()))
    return r
  }
  const closing = (m: string) => m <= upTo && m > after
  let entries = 0
  let unstampedOpen = 0
  const visit: Record<Walk, (doc: never) => void> = {
    ledger(e: LedgerEntry) {
      const month = monthOf(e.createdAt)
      if (month > upTo) {
        if (!e.month) unstampedOpen++
      } else if (month > after) {
        of(ledger, month, monthRollup).add(e)
        entries++
      }
    },
    // Till sales by the month they were credited, refunds and write-offs by their own.
    orders(o: Sale) {
      const m = saleMonth(o)
      if (closing(m)) of(cost, m, costRollup).sale(o.storeId, o.amountFen)
      else if (m > upTo && o.creditedMonth !== m) unstampedOpen++
      for (const r of o.refunds) {
        const rm = monthOf(r.at)
        if (closing(rm)) of(cost, rm, costRollup).refund(o.storeId, r.amountFen)
        else if (rm > upTo && !(o.refundMonths ?? []).includes(rm)) unstampedOpen++
      }
    },
    coupons(c: Used) {
      if (!isUsed(c)) return
      const m = monthOf(c.usedAt)
      if (closing(m)) of(cost, m, costRollup).coupon(c.usedStoreId, c.kind, c.offFen)
      else if (m > upTo && c.usedMonth !== m) unstampedOpen++
    },
  }
  return {
    visit,
    months: () => [...new Set([...ledger.keys(), ...cost.keys()])].sort(),
    docOf: (month: string) => {
      const r = (ledger.get(month) ?? monthRollup()).result()
      return { entries: r.entries, groups: r.groups, cost: (cost.get(month) ?? costRollup()).result() }
    },
    get entries() {
      return entries
    },
    get unstampedOpen() {
      return unstampedOpen
    },
  }
}

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve))

async function fullPass(db: Database, now: Date, start: CloseRun, opts: LedgerCloseOptions): Promise<LedgerCloseSummary> {
  const _ = db.command
  const started = performance.now()
  const budget = opts.budgetMs ?? BUDGET_MS
  const partMs = opts.partMs ?? PART_MS
  const pageSize = opts.pageSize ?? PAGE
  const token = cryptoIds.code()
  const out = (status: LedgerCloseSummary['status'], entries: number): LedgerCloseSummary => ({ status, closed: [], entries, fullPass: true, complete: false })
  const spent = () => performance.now() - started >= budget
  let run = start
  /** Parts counted and months written by this call: each call does at least one. */
  let steps = 0
  let entries = 0
  await db.collection(LEDGER_MONTHS).where({ _id: RUN_ID, runId: run.runId }).update({ invocations: _.inc(1) })

  while (isWalk(run.phase)) {
    if (steps > 0 && (steps >= (opts.maxParts ?? Infinity) || spent())) return out('paused', entries)
    const part = partSums(run.after, run.upTo)
    const partStarted = performance.now()
    let phase: Phase = run.phase
    let cursor = run.cursor
    while (isWalk(phase)) {
      const walk: (typeof WALKS)[Walk] = WALKS[phase]
      const page = await pageAfter<{ _id: string }>(db, walk.collection, walk.filter, cursor, pageSize)
      for (const doc of page) part.visit[phase](doc as never)
      if (page.length < pageSize) [phase, cursor] = [walk.next, '']
      else cursor = page[page.length - 1]._id
      await yieldToOthers()
      if (performance.now() - partStarted >= partMs || spent()) break
    }
    const n = run.parts
    const docs = part.months().map((month) => ({ _id: partId(run.runId, month, n, token), run: run.runId, month, n, token, ...part.docOf(month) }))
    // A few months a request: each document is at most its month's size.
    for (let i = 0; i < docs.length; i += 8) await db.collection(LEDGER_MONTHS).add(docs.slice(i, i + 8))
    const firstMonth = [run.first, part.months()[0]].filter((m): m is string => !!m).sort()[0] ?? null
    const moved = {
      phase,
      cursor,
      parts: n + 1,
      first: firstMonth,
      entries: run.entries + part.entries,
      unstampedOpen: run.unstampedOpen + part.unstampedOpen,
      updatedAt: now,
    }
    const months = part.months().join(',')
    const res = await db.collection(LEDGER_MONTHS).where({ _id: RUN_ID, runId: run.runId, parts: n }).update({ ...moved, tokens: _.push([token]), partMonths: _.push([months]) })
    // Another call counted part n first (or a new pass replaced this one): it goes on, this one stops.
    if (res.updated !== 1) return out('paused', entries)
    run = { ...run, ...moved, tokens: [...run.tokens, token], partMonths: [...run.partMonths, months] }
    steps++
    entries += part.entries
  }
  if (run.phase !== 'write') return out('unchanged', entries)

  // Each month from its named parts; the cursor moves past each so a stopped call goes on from there.
  const firstMonth = run.after ? nextMonth(run.after) : run.first
  const months: string[] = []
  for (let m = firstMonth; m && m <= run.upTo; m = nextMonth(m)) months.push(m)
  for (const m of months.filter((m) => m > run.cursor)) {
    if (steps > 0 && (steps >= (opts.maxParts ?? Infinity) || spent())) return out('paused', entries)
    const sum = await monthOfParts(db, run, m)
    // Parts missing: another call finished the pass and removed them. Its documents stand.
    if (!sum) return out('paused', entries)
    await writeMonth(db, m, sum.sums, sum.cost, now)
    const res = await db.collection(LEDGER_MONTHS).where({ _id: RUN_ID, runId: run.runId, phase: 'write', cursor: run.cursor }).update({ cursor: m, updatedAt: now })
    if (res.updated !== 1) return out('paused', entries)
    run = { ...run, cursor: m }
    steps++
  }
  const complete = run.unstampedOpen === 0
  await setState(db, months.length > 0 ? run.upTo : run.after || null, complete, now)
  await db.collection(LEDGER_MONTHS).where({ _id: RUN_ID, runId: run.runId }).update({ phase: 'done', updatedAt: now })
  await dropParts(db, run.runId)
  return { status: 'done', closed: months, entries: run.entries, fullPass: true, complete }
}

/**
 * A month summed from the parts the run names (a part left by a call that lost its move is skipped);
 * null when one of them is gone.
 */
async function monthOfParts(db: Database, run: CloseRun, month: string) {
  const sums = monthRollup()
  const cost = costRollup()
  const named = run.partMonths.filter((ms) => ms.split(',').includes(month)).length
  let found = 0
  let after = `${PART_PREFIX}${run.runId}:${month}:`
  for (;;) {
    const page = await pageAfter<PartDoc>(db, LEDGER_MONTHS, { run: run.runId, month }, after, 100)
    for (const p of page) {
      if (p.n >= run.parts || run.tokens[p.n] !== p.token) continue
      for (const g of p.groups) sums.addGroup(g)
      cost.addAll(p.cost)
      found++
    }
    if (page.length < 100) return found === named ? { sums, cost } : null
    after = page[page.length - 1]._id
  }
}
