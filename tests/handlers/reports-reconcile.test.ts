import { CONFIG, expireAccount, grantPoints } from '../../cloudfunctions/_lib/ledger'
import { closeLedger } from '../../cloudfunctions/_lib/ledger-close'
import { currentLevel, loadTierConfig } from '../../cloudfunctions/_lib/tiers'
import type { CouponRecord } from '../../shared/coupon/coupon'
import type { MallOrderRecord } from '../../shared/mall/order'
import type { Account } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { OrderRecord } from '../../shared/staff/order-record'
import type { MemberTier } from '../../shared/tier/member-tier'
import { openReports, type ReportsHarness } from './reports-fixtures'

/**
 * Drives the real functions through two months of a mall with two tenants (T1, T2) and a
 * stand-alone store (S), then recomputes every figure of every report from the raw documents, by
 * means of its own (joins where the reports read ids), and compares.
 */
const DAY = 86_400_000
const ADMIN = 'op-admin'
const [ALICE, BOB, CAROL, DAVE] = ['m-alice', 'm-bob', 'm-carol', 'm-dave']
const CLERK = { T1: 'clerk-t1', T2: 'clerk-t2', S: 'clerk-s' }
const VALUE = { fen: 3, points: 2 } // 1.5 fen a point: every conversion rounds

let h: ReportsHarness
beforeAll(async () => {
  h = openReports()
  await h.shop('T1', 'MALL1')
  await h.shop('T2', 'MALL1')
  await h.shop('S', null)
  for (const [store, clerk] of Object.entries(CLERK)) await h.staff(clerk, store, 'clerk')
  await h.staff(ADMIN, 'S', 'admin')
  await h.deps.db.collection(CONFIG).doc('finance').set({ pointValue: VALUE })
  let phone = 0
  for (const m of [ALICE, BOB, CAROL, DAVE]) await h.register(m, `1390000000${++phone}`)
  await h.item({ id: 'cup', pricePoints: 200, stock: 20, storeIds: null })
  await h.template({ id: 'c20', kind: 'cash', offFen: 2000, thresholdFen: 10_000 })
  await h.template({ id: 'p88', title: '88折', kind: 'percent', offFen: null, payPercent: 88, thresholdFen: 0 })
  await h.template({ id: 'gift', title: '赠饮', kind: 'gift', offFen: null, gift: '拿铁一杯', thresholdFen: 0 })

  // 31 January (Asia/Shanghai).
  await h.accrue(CLERK.T1, ALICE, 'POS-1', 100_000) // 1000 points at T1
  await h.accrue(CLERK.T2, BOB, 'POS-2', 50_001) // 500 at T2
  await h.accrue(CLERK.S, CAROL, 'POS-3', 80_000) // 800 at S
  await h.accrue(CLERK.T1, DAVE, 'POS-4', 30_000) // 300 at T1
  const aliceCup = await h.order(ALICE, 'cup')
  const bobCup = await h.order(BOB, 'cup')
  const carolCup = await h.order(CAROL, 'cup')
  await h.order(DAVE, 'cup') // left open
  await h.ok(h.mall(BOB, { action: 'cancel', orderCode: bobCup }))
  await h.ok(h.call(CLERK.S, { action: 'fulfil', orderCode: carolCup })) // handed over at the stand-alone store
  await h.refund(CLERK.T1, 'POS-4', 30_000) // takes back 100, 200 spent: owed as shortfall
  await h.ok(h.call(CLERK.T1, { action: 'writeOff', couponCode: await h.claim(ALICE, 'c20') }))
  const undone = await h.claim(BOB, 'c20')
  await h.ok(h.call(CLERK.T2, { action: 'writeOff', couponCode: undone }))
  await h.ok(h.call(CLERK.T2, { action: 'undoWriteOff', couponCode: undone, reason: '扫错了' }))
  await h.ok(h.call(CLERK.T2, { action: 'writeOff', couponCode: await h.claim(CAROL, 'p88') }))
  await h.ok(h.call(CLERK.S, { action: 'writeOff', couponCode: await h.claim(ALICE, 'gift') }))
  await h.claim(DAVE, 'c20') // never used: expires

  // 1 February.
  h.advance(DAY)
  await h.ok(h.call(CLERK.T2, { action: 'fulfil', orderCode: aliceCup })) // placed in January, handed over at tenant T2
  await h.accrue(CLERK.S, DAVE, 'POS-5', 50_000) // 500 at S, of which 200 settle the shortfall of T1's POS-4
  await h.refund(CLERK.T1, 'POS-1', 20_000) // 200 back from T1's POS-1
  await h.accrue(CLERK.T2, CAROL, 'POS-6', 12_345)
  await h.ok(h.call(CLERK.T1, { action: 'writeOff', couponCode: await h.claim(CAROL, 'c20') }))
  // Sign-up gifts made online: bob's lapses on 15 February and is expired; carol's lapses unexpired.
  const gift = (m: string, id: string) => grantPoints(h.deps.db, h.memberId(m), { entryId: id, points: 333, expiresOn: '2027-02-15', source: { kind: 'system', id: 'test', storeId: null }, reason: '礼', now: h.clock.now() })
  await gift(BOB, 'gift:bob')
  await gift(CAROL, 'gift:carol')
  h.advance(40 * DAY) // dave's c20 is past its last day, and so are the gifts
  await expireAccount(h.deps.db, h.memberId(BOB), h.clock.now())
})
afterAll(() => h.close())

const report = async (name: string, extra: object = {}) => h.ok(h.admin(ADMIN, { action: 'report', name, ...extra }))
const raw = <T>(c: string) => h.store.rawFind(c) as unknown as T[]
const month = (at: unknown) => new Date(new Date(at as Date).getTime() + 8 * 3600_000).toISOString().slice(0, 7)
const today = () => new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10)
/** Points in fen at 3 fen per 2 points, the magnitude rounded half up (exact for these sizes). */
const fen = (p: number) => Math.sign(p) * Math.floor((Math.abs(p) * 3) / 2 + 0.5) + 0
const bump = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n)
const ONLINE = '(线上)'

/** What each entry is, read from the entry itself and, for reversals, the entry it voids. */
function ledgerTruth() {
  const entries = raw<LedgerEntry>('ledger')
  const byId = new Map(entries.map((e) => [e._id, e]))
  const orders = raw<MallOrderRecord>('mall_orders')
  const handedAt = new Map(orders.filter((o) => o.status === 'completed' && o.spendEntryId).map((o) => [o.spendEntryId!, o.fulfilledStoreId]))
  const classify = (e: LedgerEntry) => {
    const voided = e.voids ? byId.get(e.voids) : undefined
    if (e.kind === 'earn') return { col: 'issued' as const, n: e.points, issueStore: e.source.storeId ?? ONLINE }
    if (e.kind === 'reverse' && voided?.kind === 'earn') return { col: 'reversed' as const, n: -e.points, issueStore: voided.source.storeId ?? ONLINE }
    if (e.kind === 'reverse') return { col: 'redeemed' as const, n: -e.points, redeemStore: e.source.storeId ?? ONLINE }
    if (e.kind === 'spend') return { col: 'redeemed' as const, n: -e.points, redeemStore: handedAt.get(e._id) ?? e.source.storeId ?? ONLINE }
    if (e.kind === 'expire') return { col: 'expired' as const, n: -e.points }
    return { col: 'adjusted' as const, n: e.points }
  }
  return { entries, classify }
}

test('the ledger the functions wrote has every kind of entry the reports must handle', () => {
  const { entries, classify } = ledgerTruth()
  const ids = entries.map((e) => e._id)
  expect(ids).toEqual(expect.arrayContaining(['earn:T1:POS-1', 'rev:T1:POS-4:@30000', expect.stringMatching(/^settle:earn:S:POS-5:/), expect.stringMatching(/^mall-back:/)]))
  // The settlement of T1's shortfall was made at S, voiding T1's earning.
  const settle = entries.find((e) => e._id.startsWith('settle:'))!
  expect(settle).toMatchObject({ source: { storeId: 'S' }, voids: 'earn:T1:POS-4', points: -200 })
  expect(entries.filter((e) => classify(e).col === 'redeemed').length).toBeGreaterThanOrEqual(5)
})

test('report points: per month and store, every column from the raw ledger; the last closing is the ledger sum', async () => {
  const { entries, classify } = ledgerTruth()
  const r = (await report('points')).data
  const cells = new Map<string, number>()
  for (const e of entries) bump(cells, `${month(e.createdAt)}|${e.source.storeId ?? ONLINE}|${classify(e).col}`, classify(e).n)
  for (const m of r.months)
    for (const s of m.byStore) for (const col of ['issued', 'redeemed', 'expired', 'reversed', 'adjusted']) expect([m.month, s.storeId, col, s[col]]).toEqual([m.month, s.storeId, col, cells.get(`${m.month}|${s.storeId}|${col}`) ?? 0])
  const reported = r.months.flatMap((m: any) => m.byStore.map((s: any) => s.issued + s.redeemed + s.expired + s.reversed + Math.abs(s.adjusted))).reduce((a: number, b: number) => a + b, 0)
  expect(reported).toBe([...cells.values()].reduce((a, b) => a + Math.abs(b), 0))
  expect(r.ledgerSum).toBe(entries.reduce((s, e) => s + e.points, 0))
  expect(r.months.map((m: any) => m.month)).toEqual(['2027-01', '2027-02', '2027-03'])
})

test('report liability: the points held in lots not past their day, from the raw ledger', async () => {
  const { entries } = ledgerTruth()
  const lots = new Map<string, { remaining: number; expiresOn: string }>()
  for (const e of entries) if (e.kind === 'earn') lots.set(e._id, { remaining: e.points, expiresOn: e.lot!.expiresOn })
  for (const e of entries) if (e.kind !== 'earn' && e.consumed) for (const c of e.consumed) lots.get(c.lotId)!.remaining += (e.kind === 'reverse' && e.points > 0 ? 1 : -1) * c.points
  const outstanding = [...lots.values()].filter((l) => l.expiresOn >= today()).reduce((s, l) => s + l.remaining, 0)
  const r = (await report('liability')).data
  expect(r).toMatchObject({ outstandingPoints: outstanding, liabilityFen: fen(outstanding), pointValue: VALUE })
  expect(r.outstandingPoints + r.awaitingExpiry).toBe(entries.reduce((s, e) => s + e.points, 0))
  expect(r.awaitingExpiry).toBe(333) // carol's gift, not yet expired by the job
  expect(raw<Account>('accounts').reduce((s, a) => s + a.balance, 0)).toBe(r.outstandingPoints + r.awaitingExpiry)
})

test('report redemption: redeemed net of cancellations over issued, and over issued − expired', async () => {
  const { entries, classify } = ledgerTruth()
  const r = (await report('redemption')).data
  const sum = (col: string, m?: string) => entries.filter((e) => classify(e).col === col && (!m || month(e.createdAt) === m)).reduce((s, e) => s + classify(e).n, 0)
  for (const m of r.months) {
    expect(m).toMatchObject({ issued: sum('issued', m.month), redeemed: sum('redeemed', m.month), expired: sum('expired', m.month) })
    expect(m.redeemedOfIssued).toMatchObject({ numerator: sum('redeemed', m.month), denominator: sum('issued', m.month) })
  }
  expect(r.overall.redeemedOfIssued).toEqual({ numerator: sum('redeemed'), denominator: sum('issued'), percent: Math.round((sum('redeemed') * 10_000) / sum('issued')) / 100 })
  expect(r.overall.redeemedOfUnexpired).toMatchObject({ numerator: sum('redeemed'), denominator: sum('issued') - sum('expired') })
  // Four cups of 200 points; bob's was cancelled and given back (dave's is still open: spent).
  expect(r.overall.redeemed).toBe(3 * 200)
  expect(r.months.map((m: any) => [m.month, m.expired])).toEqual([['2027-01', 0], ['2027-02', 0], ['2027-03', 333]])
})

test('report cost: credited sales less refunds, points net of their reversals at the point value, cash coupons used', async () => {
  const { entries, classify } = ledgerTruth()
  const r = (await report('cost')).data
  const sales = new Map<string, number>()
  const refunded = new Map<string, number>()
  for (const o of raw<OrderRecord>('orders')) {
    if (o.status !== 'credited') continue
    bump(sales, `${month(o.creditedAt ?? o.createdAt)}|${o.storeId}`, o.amountFen)
    for (const x of o.refunds) bump(refunded, `${month(x.at)}|${o.storeId}`, x.amountFen)
  }
  const points = new Map<string, number>()
  for (const e of entries) {
    const c = classify(e)
    if ('issueStore' in c) bump(points, `${month(e.createdAt)}|${c.issueStore}`, c.col === 'issued' ? c.n : -c.n)
  }
  const cash = new Map<string, number>()
  const percent = new Map<string, number>()
  for (const k of raw<CouponRecord>('coupons')) {
    if (k.state !== 'used') continue
    if (k.kind === 'cash') bump(cash, `${month(k.usedAt)}|${k.usedStoreId}`, k.offFen!)
    if (k.kind === 'percent') bump(percent, `${month(k.usedAt)}|${k.usedStoreId}`, 1)
  }
  const keys = new Set([...sales.keys(), ...refunded.keys(), ...points.keys(), ...cash.keys(), ...percent.keys()])
  const rows = r.months.flatMap((m: any) => m.stores.map((s: any) => ({ ...s, key: `${m.month}|${s.storeId}` })))
  expect(rows.map((s: any) => s.key).sort()).toEqual([...keys].sort())
  for (const s of rows) {
    const net = (sales.get(s.key) ?? 0) - (refunded.get(s.key) ?? 0)
    const cost = fen(points.get(s.key) ?? 0) + (cash.get(s.key) ?? 0)
    expect(s).toMatchObject({ netSalesFen: net, pointsNet: points.get(s.key) ?? 0, costFen: cost, percentCoupons: percent.get(s.key) ?? 0, share: { numerator: cost, denominator: net } })
  }
  // The undone write-off is not a cost; T1's January: 1000 + 300 − 100 points, one ¥20 coupon.
  expect(rows.find((s: any) => s.key === '2027-01|T2')).toMatchObject({ cashCoupons: 0, percentCoupons: 1 })
  const totalPoints = [...points.values()].reduce((a, b) => a + b, 0)
  expect(r.overall).toMatchObject({ pointsNet: totalPoints, pointsCostFen: fen(totalPoints), cashCouponFen: 4000 })
})

test('report coupons: per template issued, used, expired; the undone write-off is not a use', async () => {
  const coupons = raw<CouponRecord>('coupons')
  const r = (await report('coupons')).data
  for (const t of r.templates) {
    const mine = coupons.filter((k) => k.templateId === t.templateId)
    const used = mine.filter((k) => k.state === 'used').length
    const expired = mine.filter((k) => k.state !== 'used' && k.validUntil < today()).length
    expect(t).toMatchObject({ issued: mine.length, used, expired, open: mine.length - used - expired, useRate: { numerator: used, denominator: mine.length } })
  }
  expect(r.templates.find((t: any) => t.templateId === 'c20')).toMatchObject({ issued: 4, used: 2, expired: 2, undoneWriteOffs: 1 })
  expect(r.templates.map((t: any) => t.templateId)).toEqual(['c20', 'gift', 'p88'])
})

test('report tiers: every member at the level they hold today, records and moves as stored', async () => {
  const config = await loadTierConfig(h.deps.db)
  const tiers = raw<MemberTier>('member_tiers')
  const r = (await report('tiers')).data
  const held = new Map<string, number>()
  for (const t of tiers) bump(held, currentLevel(config, t, h.clock.now()).id, 1)
  bump(held, config.versions[0].levels[0].id, h.store.rawCount('members') - tiers.length)
  expect(Object.fromEntries(r.levels.map((l: any) => [l.levelId, l.members]))).toEqual(Object.fromEntries(held))
  const ups = tiers.flatMap((t) => t.moves).filter((m) => m.why === 'purchase').length
  expect(r.months.reduce((s: number, m: any) => s + m.upgrades, 0)).toBe(ups)
})

test('report settlement: funded and owed per tenant from the raw documents, and the totals agree with the points and liability reports', async () => {
  const { entries, classify } = ledgerTruth()
  const r = (await report('settlement')).data
  const funded = new Map<string, number>()
  const owed = new Map<string, number>()
  for (const e of entries) {
    const c = classify(e)
    if ('issueStore' in c) bump(funded, `${c.issueStore}|${month(e.createdAt)}`, c.col === 'issued' ? c.n : -c.n)
    if ('redeemStore' in c) bump(owed, `${c.redeemStore}|${month(e.createdAt)}`, c.n)
  }
  expect(r.malls.map((m: any) => [m.mallId, m.tenants.map((t: any) => t.storeId)])).toEqual([['MALL1', ['T1', 'T2']]])
  for (const t of r.malls[0].tenants)
    for (const m of t.months) {
      const f = funded.get(`${t.storeId}|${m.month}`) ?? 0
      const o = owed.get(`${t.storeId}|${m.month}`) ?? 0
      expect(m).toEqual({ month: m.month, fundedPoints: f, fundedFen: fen(f), owedPoints: o, owedFen: fen(o), netFen: fen(o) - fen(f) })
    }
  for (const t of r.malls[0].tenants) {
    const truth = (m: Map<string, number>) => [...m].filter(([k]) => k.startsWith(`${t.storeId}|`)).reduce((a, [, n]) => a + n, 0)
    expect(t.total).toMatchObject({ fundedPoints: truth(funded), owedPoints: truth(owed), fundedFen: fen(truth(funded)), owedFen: fen(truth(owed)) })
  }
  const [t1, t2] = r.malls[0].tenants
  // T1: 1000 + 300 − 100 (refund) − 200 (shortfall settled at S) − 200 (refund); T2: alice's cup, placed in January.
  expect(t1.total.fundedPoints).toBe(1000 + 300 - 100 - 200 - 200)
  expect(t2.total.owedPoints).toBe(200)
  expect(t2.months.find((m: any) => m.month === '2027-01').owedPoints).toBe(200)

  // Against the points report, month range by month range, and the liability report.
  for (const period of [{}, { from: '2027-01', to: '2027-01' }, { from: '2027-02' }]) {
    const s = (await report('settlement', period)).data.reconciliation
    const months = (await report('points', period)).data.months
    const total = (col: string) => months.reduce((a: number, m: any) => a + m.total[col], 0)
    expect(s.fundedPoints + s.issuedElsewherePoints).toBe(total('issued') - total('reversed'))
    expect(s.owedPoints + s.redeemedElsewherePoints).toBe(total('redeemed'))
  }
  const all = r.reconciliation
  const points = (await report('points')).data
  const expired = points.months.reduce((a: number, m: any) => a + m.total.expired, 0)
  const adjusted = points.months.reduce((a: number, m: any) => a + m.total.adjusted, 0)
  const liability = (await report('liability')).data
  expect(all.fundedPoints + all.issuedElsewherePoints - all.owedPoints - all.redeemedElsewherePoints - expired + adjusted).toBe(liability.outstandingPoints + liability.awaitingExpiry)
})

test('every report also comes as CSV with a BOM, one row per figure the JSON has', async () => {
  for (const name of ['liability', 'points', 'redemption', 'cost', 'coupons', 'tiers', 'settlement']) {
    const r = await report(name, { format: 'csv' })
    expect(r.csv.startsWith('\uFEFF')).toBe(true)
    expect(r.filename).toMatch(new RegExp(`^huika-${name}-.*\\.csv$`))
  }
  const csv = (await report('settlement', { format: 'csv' })).csv as string
  const lines = csv.slice(1).trimEnd().split('\r\n')
  const data = (await report('settlement')).data
  const t1 = data.malls[0].tenants[0]
  expect(lines).toContain(`MALL1,T1,门店 T1,合计,${t1.total.fundedPoints},${t1.total.fundedFen},${t1.total.owedPoints},${t1.total.owedFen},${t1.total.netFen}`)
  expect((await report('points')).csv).toBeNull()
})

test('after the ledger-close job sums the finished months, the ledger reports give the same figures (closed months from their rollups, open ones paged by month)', async () => {
  const ledgerReports = ['points', 'redemption', 'cost', 'settlement']
  const figures = async () => {
    const out: Record<string, unknown> = {}
    for (const name of ledgerReports) {
      const { asOf: _asOf, ...data } = (await report(name)).data
      out[name] = data
    }
    return out
  }
  const before = await figures()
  const first = await closeLedger(h.deps.db, h.clock.now())
  expect(first).toMatchObject({ fullPass: true, complete: true })
  expect(first.closed.length).toBeGreaterThan(0)
  expect(first.closed[first.closed.length - 1] < month(h.clock.now())).toBe(true)
  expect(await figures()).toEqual(before)
  // A month later: the open month is closed by its index alone, and new entries still count.
  h.advance(35 * DAY)
  await grantPoints(h.deps.db, h.memberId(CAROL), { entryId: 'gift:late', points: 77, expiresOn: '2028-01-01', source: { kind: 'system', id: 'test', storeId: null }, reason: '礼', now: h.clock.now() })
  // In the open month: a refund of an order from a closed month, a new sale, and a coupon written off.
  await h.refund(CLERK.T1, 'POS-1', 10_000)
  await h.accrue(CLERK.T2, BOB, 'POS-7', 23_456)
  await h.ok(h.call(CLERK.S, { action: 'writeOff', couponCode: await h.claim(BOB, 'gift') }))
  const later = await figures()
  // The same figures from every record, as before any close (the state removed, then put back).
  const state = h.store.rawGet('ledger_months', '_state')!
  await h.deps.db.collection('ledger_months').doc('_state').remove()
  expect(await figures()).toEqual(later)
  const { _id: _stateId, ...stateDoc } = state
  await h.deps.db.collection('ledger_months').doc('_state').set(stateDoc)
  expect((later.points as { ledgerSum: number }).ledgerSum).toBe(raw<LedgerEntry>('ledger').reduce((s, e) => s + e.points, 0))
  const second = await closeLedger(h.deps.db, h.clock.now())
  expect(second).toMatchObject({ fullPass: false, complete: true })
  expect(second.closed.length).toBeGreaterThan(0)
  expect(await figures()).toEqual(later)
  expect(await closeLedger(h.deps.db, h.clock.now())).toMatchObject({ closed: [], entries: 0 })
})
