import { rng } from '../../bench/rng'
import { definition } from '../../cloudfunctions/admin'
import type { Database } from '../../cloudfunctions/_lib/deps'
import { closeLedger, LEDGER_MONTHS, type LedgerCloseOptions, type LedgerCloseSummary } from '../../cloudfunctions/_lib/ledger-close'
import { costRollup, monthRollup } from '../../shared/finance/ledger-rollup'
import { monthOf } from '../../shared/finance/period'
import { countingLost, killed, probeCollection } from './db-probes'
import { openHarness, type Harness } from './harness'

/**
 * The `ledger-close` job's full pass (the first close over a history) with its checkpoint: however it
 * is cut (a time box, a call killed between writing a part and moving the run, calls racing), it ends
 * with exactly the month documents of one call straight through, and those equal the sums of the raw
 * records.
 */
const DAY = 86_400_000
const STORES = ['T1', 'T2', 'S', null] as const
const NOW = new Date('2027-03-05T10:00:00+08:00') // closes through 2027-02; March is open

let h: Harness
beforeEach(async () => {
  h = openHarness(definition)
  h.clock.set(NOW, { frozen: true })
  await seed(h.deps.db, 1)
})
afterEach(() => h.close())

/** At a random instant of months 2026-01 … 2027-03, Asia/Shanghai. */
const instant = (r: () => number) => new Date(Date.parse('2025-12-31T16:00:00Z') + Math.floor(r() * (Date.parse('2027-03-05T00:00:00Z') - Date.parse('2025-12-31T16:00:00Z'))))

/**
 * Ledger entries, till orders (some pending, some refunded) and coupons (some used) over fifteen
 * months. Records of closed months lack their month stamp now and then, as records from before the
 * stamps do; those of the open month carry it, so the close is complete.
 */
async function seed(db: Database, s: number) {
  const r = rng(s)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]
  const stamp = (at: Date) => (at >= new Date('2027-02-28T16:00:00Z') || r() < 0.7 ? monthOf(at) : undefined)
  const ledger = Array.from({ length: 260 }, (_, i) => {
    const kind = pick(['earn', 'earn', 'spend', 'expire', 'reverse', 'adjust'] as const)
    const size = 1 + Math.floor(r() * 900)
    const points = kind === 'earn' ? size : kind === 'spend' || kind === 'expire' ? -size : r() < 0.7 ? -size : size
    const at = instant(r)
    const voids = kind === 'reverse' ? pick(['earn:T1:POS-1', 'earn:T2:POS-2', 'signin:m:2026-05-01', null]) : null
    return { _id: `e${String(i).padStart(4, '0')}`, memberId: `m${i % 17}`, seq: i, kind, points, reason: 't', source: { kind: 'staff', id: 'x', storeId: pick(STORES) }, orderKey: null, lot: null, consumed: null, voids, shortfall: null, createdAt: at, month: stamp(at) }
  })
  const orders = Array.from({ length: 90 }, (_, i) => {
    const created = instant(r)
    const credited = r() < 0.85
    const creditedAt = credited ? new Date(Math.min(created.getTime() + Math.floor(r() * 3) * DAY, NOW.getTime() - DAY)) : null
    const refunds = credited && r() < 0.3 ? [{ refundId: null, at: new Date(Math.min(creditedAt!.getTime() + Math.floor(r() * 40) * DAY, NOW.getTime() - DAY)), amountFen: 100 + Math.floor(r() * 500), points: 1 }] : []
    return {
      _id: `o${String(i).padStart(4, '0')}`, status: credited ? 'credited' : 'pending_approval', storeId: pick(['T1', 'T2', 'S']), amountFen: 1000 + Math.floor(r() * 50_000),
      refunds, createdAt: created, creditedAt, creditedMonth: creditedAt ? stamp(creditedAt) : null, refundMonths: refunds.map((x) => monthOf(x.at)),
    }
  })
  const coupons = Array.from({ length: 70 }, (_, i) => {
    const used = r() < 0.7
    const usedAt = used ? instant(r) : null
    const kind = pick(['cash', 'percent', 'gift'] as const)
    return { _id: `c${String(i).padStart(4, '0')}`, state: used ? 'used' : 'issued', kind, offFen: kind === 'cash' ? pick([500, 2000]) : null, usedAt, usedStoreId: used ? pick(['T1', 'T2', 'S']) : null, usedMonth: usedAt ? stamp(usedAt) : null }
  })
  for (const [c, docs] of [['ledger', ledger], ['orders', orders], ['coupons', coupons]] as const) for (let i = 0; i < docs.length; i += 50) await db.collection(c).add(docs.slice(i, i + 50))
}

/** Every month document and the state, without the instants they were written at. */
function closed(): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const { _id, closedAt: _at, updatedAt: _up, ...doc } of h.store.rawFind(LEDGER_MONTHS)) if (!String(_id).startsWith('_part') && _id !== '_run') out[String(_id)] = doc
  return out
}

/** Forgets every close, as before the first run. */
async function reopen() {
  for (const d of h.store.rawFind(LEDGER_MONTHS)) await h.deps.db.collection(LEDGER_MONTHS).doc(String(d._id)).remove()
}

/** Calls the job until a call finishes the pass; the answers of every call. */
async function untilDone(call: () => Promise<LedgerCloseSummary>, most = 500): Promise<LedgerCloseSummary[]> {
  const answers: LedgerCloseSummary[] = []
  for (let i = 0; i < most; i++) {
    answers.push(await call())
    if (answers[answers.length - 1].status === 'done') return answers
  }
  throw new Error('the pass never finished')
}

const SMALL: LedgerCloseOptions = { pageSize: 7, partMs: 0, maxParts: 2 }

test('one call straight through closes every finished month with the sums of the raw records', async () => {
  const done = await closeLedger(h.deps.db, h.clock.now())
  expect(done).toMatchObject({ status: 'done', fullPass: true, complete: true, entries: expect.any(Number) })
  expect(done.closed[0]).toBe('2026-01')
  expect(done.closed[done.closed.length - 1]).toBe('2027-02')
  // The same sums by hand: every record of a closed month, stamped or not.
  const ledger = new Map<string, ReturnType<typeof monthRollup>>()
  const cost = new Map<string, ReturnType<typeof costRollup>>()
  const of = <T>(map: Map<string, T>, m: string, make: () => T) => (map.get(m) ?? map.set(m, make()).get(m)!)
  const isClosed = (m: string) => m <= '2027-02'
  for (const e of h.store.rawFind('ledger') as any[]) if (isClosed(monthOf(e.createdAt))) of(ledger, monthOf(e.createdAt), monthRollup).add(e)
  for (const o of h.store.rawFind('orders') as any[]) {
    if (o.status !== 'credited') continue
    if (isClosed(monthOf(o.creditedAt))) of(cost, monthOf(o.creditedAt), costRollup).sale(o.storeId, o.amountFen)
    for (const x of o.refunds) if (isClosed(monthOf(x.at))) of(cost, monthOf(x.at), costRollup).refund(o.storeId, x.amountFen)
  }
  for (const c of h.store.rawFind('coupons') as any[]) if (c.state === 'used' && isClosed(monthOf(c.usedAt))) of(cost, monthOf(c.usedAt), costRollup).coupon(c.usedStoreId, c.kind, c.offFen)
  const docs = closed()
  expect(Object.keys(docs).sort()).toEqual([...done.closed, '_state'].sort())
  for (const m of done.closed) {
    const sums = (ledger.get(m) ?? monthRollup()).result(true)
    expect([m, docs[m]]).toEqual([m, { entries: sums.entries, groups: sums.groups, cost: (cost.get(m) ?? costRollup()).result(true) }])
  }
  expect(done.entries).toBe([...ledger.values()].reduce((n, s) => n + s.result().entries, 0))
  expect(docs._state).toEqual({ closedThrough: '2027-02', complete: true })
  expect(await closeLedger(h.deps.db, h.clock.now())).toMatchObject({ status: 'unchanged', closed: [] })
})

test('a pass cut into many calls by its time box ends with the documents of one call straight through; nothing shows before it ends', async () => {
  await closeLedger(h.deps.db, h.clock.now())
  const straight = closed()
  await reopen()
  const answers = await untilDone(async () => {
    const a = await closeLedger(h.deps.db, h.clock.now(), { ...SMALL, budgetMs: 0 })
    // Until the last call, the reports see no close at all.
    if (a.status === 'paused') expect(h.store.rawGet(LEDGER_MONTHS, '_state')).toBeUndefined()
    return a
  })
  expect(answers.length).toBeGreaterThan(20)
  expect(answers.slice(0, -1).every((a) => a.status === 'paused')).toBe(true)
  expect(answers[answers.length - 1]).toMatchObject({ status: 'done', fullPass: true, complete: true })
  expect(closed()).toEqual(straight)
  // The checkpoint's parts are gone once the months are written.
  expect(h.store.rawFind(LEDGER_MONTHS).filter((d) => String(d._id).startsWith('_part'))).toEqual([])
})

/** The db with the run's compare-and-set failing on its `nth` call, as if the process were killed there. */
function killedAtMove(nth: number): Database {
  let moves = 0
  return probeCollection(h.deps.db, LEDGER_MONTHS, { where: (q, real) => (q.parts !== undefined && ++moves === nth ? killed : real) })
}

test('a call killed after writing a part but before moving the run: that part is not counted, the next call sums it again', async () => {
  await closeLedger(h.deps.db, h.clock.now())
  const straight = closed()
  await reopen()
  await expect(closeLedger(killedAtMove(4), h.clock.now(), { pageSize: 7, partMs: 0 })).rejects.toThrow('killed')
  const run = h.store.rawGet(LEDGER_MONTHS, '_run') as { parts: number; tokens: string[] }
  expect(run.parts).toBe(3)
  // The fourth part is written, under a token the run does not name.
  const orphans = h.store.rawFind(LEDGER_MONTHS).filter((d) => String(d._id).startsWith('_part') && (d as { n: number }).n === 3)
  expect(orphans.length).toBeGreaterThan(0)
  await untilDone(() => closeLedger(h.deps.db, h.clock.now(), SMALL))
  expect(closed()).toEqual(straight)
})

test('calls racing from the same checkpoint count each part once', async () => {
  await closeLedger(h.deps.db, h.clock.now())
  const straight = closed()
  await reopen()
  // Count the moves that lost: the race really happened.
  let lost = 0
  const db = probeCollection(h.deps.db, LEDGER_MONTHS, { where: (q, real) => (q.parts === undefined ? real : countingLost(real, () => lost++)) })
  await closeLedger(db, h.clock.now(), { ...SMALL, maxParts: 1 }) // starts the pass: racing calls then resume one run
  let done = false
  for (let i = 0; i < 300 && !done; i++) {
    const answers = await Promise.all([1, 2, 3].map(() => closeLedger(db, h.clock.now(), SMALL)))
    done = answers.some((a) => a.status === 'done')
  }
  expect(done).toBe(true)
  expect(lost).toBeGreaterThan(0)
  expect(closed()).toEqual(straight)
})

test('a month that ends while a pass is under way is closed after it, by its index, as one pass at the later date would', async () => {
  await closeLedger(h.deps.db, h.clock.now(), { ...SMALL, maxParts: 5 })
  h.clock.set(new Date('2027-04-03T10:00:00+08:00'), { frozen: true })
  const answers = await untilDone(() => closeLedger(h.deps.db, h.clock.now(), SMALL))
  expect(answers[answers.length - 1]).toMatchObject({ fullPass: true, complete: true })
  expect(answers[answers.length - 1].closed.at(-1)).toBe('2027-02')
  expect(await closeLedger(h.deps.db, h.clock.now())).toMatchObject({ status: 'done', fullPass: false, closed: ['2027-03'] })
  const resumed = closed()
  await reopen()
  expect(await closeLedger(h.deps.db, h.clock.now())).toMatchObject({ status: 'done', fullPass: true })
  expect(closed()).toEqual(resumed)
})

test('later closes by index move the state month by month: a call stopped between months goes on from the next', async () => {
  await closeLedger(h.deps.db, h.clock.now())
  // Three more months, and a call that dies writing the second of them.
  h.clock.set(new Date('2027-06-03T10:00:00+08:00'), { frozen: true })
  let writes = 0
  const db = probeCollection(h.deps.db, LEDGER_MONTHS, { doc: (id, real) => (/^\d{4}-\d{2}$/.test(id) && ++writes === 2 ? killed : real) })
  await expect(closeLedger(db, h.clock.now())).rejects.toThrow('killed')
  expect(h.store.rawGet(LEDGER_MONTHS, '_state')).toMatchObject({ closedThrough: '2027-03', complete: true })
  expect(await closeLedger(h.deps.db, h.clock.now())).toMatchObject({ status: 'done', fullPass: false, closed: ['2027-04', '2027-05'] })
  const resumed = closed()
  await reopen()
  await closeLedger(h.deps.db, h.clock.now())
  expect(closed()).toEqual(resumed)
})

test('an unstamped record in an open month: the close is not complete; nothing is read again until a month more can close, then by a full pass', async () => {
  const entry = { memberId: 'm1', seq: 999, kind: 'earn', points: 5, reason: 't', source: { kind: 'staff', id: 'x', storeId: 'T1' }, orderKey: null, lot: null, consumed: null, voids: null, shortfall: null, createdAt: new Date('2027-03-02T12:00:00+08:00') }
  await h.deps.db.collection('ledger').doc('old-march').set(entry) // written before entries carried `month`
  expect(await closeLedger(h.deps.db, h.clock.now())).toMatchObject({ status: 'done', fullPass: true, complete: false })
  h.advance(3 * 3600_000)
  expect(await closeLedger(h.deps.db, h.clock.now())).toEqual({ status: 'unchanged', closed: [], entries: 0, fullPass: false, complete: false })
  h.clock.set(new Date('2027-04-02T10:00:00+08:00'), { frozen: true })
  const april = await closeLedger(h.deps.db, h.clock.now())
  expect(april).toMatchObject({ status: 'done', fullPass: true, complete: true, closed: ['2027-03'] })
  expect((h.store.rawGet(LEDGER_MONTHS, '2027-03') as { groups: Array<{ points: number; storeId: string; kind: string }> }).groups.filter((g) => g.kind === 'earn' && g.storeId === 'T1').reduce((n, g) => n + g.points, 0)).toBe(
    (h.store.rawFind('ledger') as any[]).filter((e) => e.kind === 'earn' && e.source.storeId === 'T1' && monthOf(e.createdAt) === '2027-03').reduce((n, e) => n + e.points, 0),
  )
})
