import { earningStoreOf, issueStoreOf } from '../../shared/finance/attribution'
import { costShare } from '../../shared/finance/cost'
import { fenOf } from '../../shared/finance/fen'
import { NO_STORE } from '../../shared/finance/points-flow'
import type { LedgerEntry } from '../../shared/points/ledger-entry'

const at = (iso: string) => new Date(iso)
const entry = (kind: LedgerEntry['kind'], points: number, storeId: string | null, createdAt: string, voids: string | null = null) => ({
  kind,
  points,
  source: { kind: 'staff' as const, id: 'x', storeId },
  voids,
  createdAt: at(createdAt),
})
const order = (storeId: string, amountFen: number, createdAt: string, refunds: Array<[number, string]> = [], status: 'credited' | 'pending_approval' | 'rejected' = 'credited') => ({
  status,
  storeId,
  amountFen,
  createdAt: at(createdAt),
  refunds: refunds.map(([amountFen, when]) => ({ refundId: null, amountFen, pointsReversed: 0, shortfall: 0, entryId: null, staffOpenid: 'c', at: at(when) })),
})
const coupon = (kind: 'cash' | 'percent' | 'gift', state: 'issued' | 'used', usedStoreId: string | null, usedAt: string | null, offFen: number | null = null) => ({
  kind,
  state,
  offFen,
  usedStoreId,
  usedAt: usedAt ? at(usedAt) : null,
})

test('a reversal counts against the store whose earning it voids, wherever it was made', () => {
  expect(earningStoreOf('earn:S1:POS-9')).toBe('S1')
  expect(earningStoreOf('signin:m1:2027-01-01')).toBe(NO_STORE)
  expect(earningStoreOf('earn:broken')).toBe(NO_STORE)
  // A shortfall settled out of a later earning at S2 voids S1's earning: S1's.
  expect(issueStoreOf(entry('reverse', -30, 'S2', '2027-01-01T00:00:00Z', 'earn:S1:POS-1'))).toBe('S1')
  expect(issueStoreOf(entry('earn', 30, null, '2027-01-01T00:00:00Z'))).toBe(NO_STORE)
  expect(issueStoreOf(entry('reverse', 30, null, '2027-01-01T00:00:00Z', 'mall:X'))).toBeNull() // a give-back is redemption
  expect(issueStoreOf(entry('spend', -30, null, '2027-01-01T00:00:00Z'))).toBeNull()
})

test('signed points round their magnitude half up', () => {
  expect(fenOf(3, { fen: 1, points: 2 })).toBe(2)
  expect(fenOf(-3, { fen: 1, points: 2 })).toBe(-2)
  expect(fenOf(0, { fen: 1, points: 2 })).toBe(0)
})

test('cost = net points at the point value + cash coupon faces; sales net of refunds; per month and store', () => {
  const cost = costShare()
  const value = { fen: 1, points: 2 } // half a fen a point
  cost.addOrder(order('S1', 100_000, '2027-01-10T04:00:00Z', [[20_000, '2027-02-03T04:00:00Z']]))
  cost.addOrder(order('S1', 50_000, '2027-01-11T04:00:00Z', [], 'pending_approval')) // not a credited sale
  cost.addOrder(order('S2', 30_001, '2027-01-31T16:10:00Z')) // February in Beijing
  cost.addEntry(entry('earn', 1001, 'S1', '2027-01-10T04:00:00Z'))
  cost.addEntry(entry('reverse', -201, 'S1', '2027-02-03T04:00:00Z', 'earn:S1:A'))
  cost.addEntry(entry('earn', 300, 'S2', '2027-01-31T16:10:00Z'))
  cost.addEntry(entry('earn', 10, null, '2027-01-12T04:00:00Z')) // a sign-in: (线上), no sales
  cost.addEntry(entry('spend', -500, null, '2027-01-12T04:00:00Z')) // not a cost
  cost.addCoupon(coupon('cash', 'used', 'S1', '2027-01-10T04:00:00Z', 2000))
  cost.addCoupon(coupon('cash', 'issued', null, null, 5000)) // undone or never used
  cost.addCoupon(coupon('percent', 'used', 'S1', '2027-01-10T05:00:00Z'))
  cost.addCoupon(coupon('gift', 'used', 'S2', '2027-02-01T05:00:00Z'))
  const r = cost.result(value)

  const jan = r.months[0]
  expect(jan.month).toBe('2027-01')
  expect(jan.stores.map((s) => s.storeId)).toEqual([NO_STORE, 'S1'])
  expect(jan.stores[1]).toMatchObject({ salesFen: 100_000, refundedFen: 0, netSalesFen: 100_000, pointsNet: 1001, pointsCostFen: 501, cashCoupons: 1, cashCouponFen: 2000, percentCoupons: 1, costFen: 2501 })
  expect(jan.stores[1].share).toEqual({ numerator: 2501, denominator: 100_000, percent: 2.5 })
  expect(jan.stores[0]).toMatchObject({ salesFen: 0, pointsNet: 10, costFen: 5, share: { percent: null } })
  // The month's total converts its own points once: 1011 points → 506 fen, not 501 + 5.
  expect(jan.total).toMatchObject({ pointsNet: 1011, pointsCostFen: 506, costFen: 2506, netSalesFen: 100_000 })

  const feb = r.months[1]
  expect(feb.stores).toEqual([
    expect.objectContaining({ storeId: 'S1', salesFen: 0, refundedFen: 20_000, netSalesFen: -20_000, pointsReversed: 201, pointsNet: -201, pointsCostFen: -101, share: expect.objectContaining({ percent: null }) }),
    expect.objectContaining({ storeId: 'S2', salesFen: 30_001, pointsIssued: 300, pointsCostFen: 150, giftCoupons: 1, costFen: 150 }),
  ])
  expect(r.overall).toMatchObject({ salesFen: 130_001, refundedFen: 20_000, pointsIssued: 1311, pointsReversed: 201, pointsNet: 1110, pointsCostFen: 555, cashCouponFen: 2000, costFen: 2555 })
  expect(r.overall.share).toEqual({ numerator: 2555, denominator: 110_001, percent: 2.32 })
  expect(cost.result(value, { to: '2027-01' }).months.map((m) => m.month)).toEqual(['2027-01'])
})

test('a store scope keeps only those stores', () => {
  const cost = costShare(new Set(['S2']))
  cost.addOrder(order('S1', 100, '2027-01-10T04:00:00Z'))
  cost.addOrder(order('S2', 300, '2027-01-10T04:00:00Z'))
  cost.addEntry(entry('earn', 7, null, '2027-01-12T04:00:00Z'))
  cost.addCoupon(coupon('cash', 'used', 'S1', '2027-01-10T04:00:00Z', 50))
  const r = cost.result({ fen: 1, points: 1 })
  expect(r.months[0].stores.map((s) => s.storeId)).toEqual(['S2'])
  expect(r.overall).toMatchObject({ salesFen: 300, pointsIssued: 0, cashCouponFen: 0 })
})
