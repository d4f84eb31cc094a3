import fc from 'fast-check'
import { pointsFlow } from '../../shared/finance/points-flow'
import { settlement, type TenantStore } from '../../shared/finance/settlement'
import type { LedgerEntry } from '../../shared/points/ledger-entry'

const stores: TenantStore[] = [
  { id: 'T1', name: '租户一', mallId: 'M' },
  { id: 'T2', name: '租户二', mallId: 'M' },
  { id: 'X', name: '另一商场', mallId: 'N' },
  { id: 'S', name: '独立店', mallId: null },
]
const entry = (kind: LedgerEntry['kind'], points: number, storeId: string | null, createdAt: string, voids: string | null = null) => ({
  kind,
  points,
  source: { kind: 'staff' as const, id: 'x', storeId },
  voids,
  createdAt: new Date(createdAt),
})
const handed = (store: string | null, points: number, createdAt: string, status: 'completed' | 'cancelled' | 'awaiting_pickup' = 'completed') => ({
  status,
  fulfilledStoreId: store,
  spendEntryId: 'mall:x',
  points,
  createdAt: new Date(createdAt),
})

test('funded: till earnings net of their reversals; owed: redemptions handed over at the tenant; net = owed − funded, in fen once per figure', () => {
  const s = settlement(stores, { stores: null })
  s.addEntry(entry('earn', 1001, 'T1', '2027-01-05T02:00:00Z'))
  s.addEntry(entry('reverse', -101, 'T1', '2027-01-06T02:00:00Z', 'earn:T1:A')) // a refund at T1
  s.addEntry(entry('reverse', -50, 'S', '2027-02-06T02:00:00Z', 'earn:T1:A')) // a shortfall paid out of an earning at S: still T1's
  s.addEntry(entry('earn', 500, 'S', '2027-02-06T02:00:00Z'))
  s.addEntry(entry('spend', -300, null, '2027-01-07T02:00:00Z')) // the mall order below
  s.addEntry(entry('spend', -200, null, '2027-01-08T02:00:00Z')) // a mall order not handed over at a tenant
  s.addEntry(entry('reverse', 200, null, '2027-01-09T02:00:00Z', 'mall:y')) // ... cancelled
  s.addEntry(entry('expire', -10, null, '2027-02-01T02:00:00Z')) // neither
  s.addMallOrder(handed('T2', 300, '2027-01-07T02:00:00Z'))
  s.addMallOrder(handed('S', 999, '2027-01-07T02:00:00Z')) // not a tenant: stays elsewhere (its spend is not in this test)
  s.addMallOrder(handed('T1', 77, '2027-01-07T02:00:00Z', 'awaiting_pickup')) // not handed over yet
  const r = s.result({ fen: 1, points: 2 })
  expect(r.malls.map((m) => m.mallId)).toEqual(['M', 'N'])
  const [t1, t2] = r.malls[0].tenants
  expect(t1.months).toEqual([
    { month: '2027-01', fundedPoints: 900, fundedFen: 450, owedPoints: 0, owedFen: 0, netFen: -450 },
    { month: '2027-02', fundedPoints: -50, fundedFen: -25, owedPoints: 0, owedFen: 0, netFen: 25 },
  ])
  expect(t1.total).toEqual({ fundedPoints: 850, fundedFen: 425, owedPoints: 0, owedFen: 0, netFen: -425 })
  expect(t2.total).toEqual({ fundedPoints: 0, fundedFen: 0, owedPoints: 300, owedFen: 150, netFen: 150 })
  expect(r.malls[0].total).toEqual({ fundedPoints: 850, fundedFen: 425, owedPoints: 300, owedFen: 150, netFen: -275 })
  expect(r.malls[1].tenants[0]).toMatchObject({ storeId: 'X', months: [], total: { fundedPoints: 0 } })
  expect(r.reconciliation).toEqual({ fundedPoints: 850, issuedElsewherePoints: 500, owedPoints: 300, redeemedElsewherePoints: 200 - 200 + 300 - 300 })
})

test('one mall, one store, or a period', () => {
  const s = settlement(stores, { mallId: 'M', stores: new Set(['T2']) })
  s.addEntry(entry('earn', 10, 'T1', '2027-01-05T02:00:00Z'))
  s.addEntry(entry('earn', 20, 'T2', '2027-01-05T02:00:00Z'))
  s.addEntry(entry('earn', 40, 'T2', '2027-03-05T02:00:00Z'))
  const r = s.result({ fen: 1, points: 1 }, { from: '2027-02' })
  expect(r.malls).toHaveLength(1)
  expect(r.malls[0].tenants.map((t) => [t.storeId, t.total.fundedPoints])).toEqual([['T2', 40]])
  expect(r.reconciliation).toBeNull() // a store's view shows no one else's figures
})

const arbitrary = fc.record({
  kind: fc.constantFrom<LedgerEntry['kind']>('earn', 'spend', 'expire', 'reverse', 'adjust'),
  size: fc.integer({ min: 1, max: 1000 }),
  back: fc.boolean(),
  store: fc.constantFrom(null, 'T1', 'T2', 'X', 'S'),
  voided: fc.constantFrom('earn:T1:a', 'earn:S:b', 'signin:m:d', 'mall:z'),
  month: fc.integer({ min: 0, max: 3 }),
})

test('property: tenants + elsewhere = the points report’s issued − reversed and redeemed, month range by month range', () => {
  fc.assert(
    fc.property(fc.array(arbitrary, { maxLength: 60 }), fc.array(fc.record({ store: fc.constantFrom('T1', 'T2', 'S'), points: fc.integer({ min: 1, max: 500 }), month: fc.integer({ min: 0, max: 3 }) }), { maxLength: 5 }), (raw, handovers) => {
      const entries = raw.map((x) => {
        const points = x.kind === 'earn' || (x.kind === 'reverse' && x.back) || (x.kind === 'adjust' && x.back) ? x.size : -x.size
        return entry(x.kind, points, x.store, `2027-0${x.month + 1}-10T02:00:00Z`, x.kind === 'reverse' ? x.voided : null)
      })
      // Each hand-over is a mall order whose spend is in the ledger (made online).
      for (const h of handovers) entries.push(entry('spend', -h.points, null, `2027-0${h.month + 1}-11T02:00:00Z`))
      const s = settlement(stores, { stores: null })
      const flow = pointsFlow()
      for (const e of entries) {
        s.addEntry(e)
        flow.add(e)
      }
      for (const h of handovers) s.addMallOrder(handed(h.store, h.points, `2027-0${h.month + 1}-11T02:00:00Z`))
      for (const period of [{}, { from: '2027-02', to: '2027-03' }]) {
        const r = s.result({ fen: 1, points: 1 }, period).reconciliation!
        const months = flow.result(period).months
        const issuedNet = months.reduce((t, m) => t + m.total.issued - m.total.reversed, 0)
        const redeemed = months.reduce((t, m) => t + m.total.redeemed, 0)
        expect(r.fundedPoints + r.issuedElsewherePoints).toBe(issuedNet)
        expect(r.owedPoints + r.redeemedElsewherePoints).toBe(redeemed)
        const tenantsTotal = s.result({ fen: 1, points: 1 }, period).malls.flatMap((m) => m.tenants).reduce((t, x) => t + x.total.owedPoints, 0)
        expect(tenantsTotal).toBe(r.owedPoints)
      }
    }),
  )
})
