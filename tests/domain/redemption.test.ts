import fc from 'fast-check'
import { fraction } from '../../shared/finance/fraction'
import { pointsFlow } from '../../shared/finance/points-flow'
import { redemptionRates } from '../../shared/finance/redemption'
import type { LedgerEntry } from '../../shared/points/ledger-entry'

const e = (kind: LedgerEntry['kind'], points: number, createdAt: string, storeId: string | null = null) => ({
  kind,
  points,
  source: { kind: 'staff' as const, id: 'x', storeId },
  createdAt: new Date(createdAt),
})

test('a fraction keeps numerator and denominator and rounds the percentage to two decimals', () => {
  expect(fraction(1, 3)).toEqual({ numerator: 1, denominator: 3, percent: 33.33 })
  expect(fraction(2, 3)).toEqual({ numerator: 2, denominator: 3, percent: 66.67 })
  expect(fraction(5, 0)).toEqual({ numerator: 5, denominator: 0, percent: null })
  expect(fraction(5, -2).percent).toBeNull()
})

test('redeemed is net of cancelled redemptions; the two ratios are redeemed/issued and redeemed/(issued − expired)', () => {
  const rates = redemptionRates()
  for (const x of [
    e('earn', 1000, '2027-01-05T02:00:00Z', 'S1'),
    e('spend', -400, '2027-01-06T02:00:00Z'),
    e('reverse', 100, '2027-01-07T02:00:00Z'), // a cancelled redemption gives 100 back
    e('reverse', -50, '2027-01-08T02:00:00Z', 'S1'), // a refund: not a redemption
    e('adjust', 9, '2027-01-08T02:00:00Z'),
    e('expire', -200, '2027-01-31T16:30:00Z'), // 00:30 on 1 February in Beijing
    e('earn', 300, '2027-02-02T02:00:00Z'),
  ])
    rates.add(x)
  const r = rates.result()
  expect(r.months).toEqual([
    { month: '2027-01', issued: 1000, redeemed: 300, expired: 0, redeemedOfIssued: fraction(300, 1000), redeemedOfUnexpired: fraction(300, 1000) },
    { month: '2027-02', issued: 300, redeemed: 0, expired: 200, redeemedOfIssued: fraction(0, 300), redeemedOfUnexpired: fraction(0, 100) },
  ])
  expect(r.overall).toMatchObject({ issued: 1300, redeemed: 300, expired: 200, redeemedOfIssued: { numerator: 300, denominator: 1300, percent: 23.08 } })
  expect(r.overall.redeemedOfUnexpired).toEqual({ numerator: 300, denominator: 1100, percent: 27.27 })
  expect(rates.result({ from: '2027-02' }).overall).toMatchObject({ issued: 300, redeemed: 0, expired: 200 })
})

const kinds = fc.constantFrom<LedgerEntry['kind']>('earn', 'spend', 'expire', 'reverse', 'adjust')
const entry = fc
  .record({
    kind: kinds,
    size: fc.integer({ min: 0, max: 5000 }),
    back: fc.boolean(),
    at: fc.integer({ min: Date.UTC(2026, 10, 1), max: Date.UTC(2027, 3, 1) }),
    store: fc.constantFrom(null, 'S1', 'S2'),
  })
  .map(({ kind, size, back, at, store }) => {
    const sign = kind === 'earn' || (kind === 'reverse' && back) ? 1 : kind === 'adjust' && back ? 1 : -1
    return e(kind, sign * size, new Date(at).toISOString(), store)
  })

test('property: per month and overall, the counts are the points report’s columns, and the ratios are of them', () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 80 }), fc.constantFrom(undefined, '2026-12', '2027-02'), (entries, from) => {
      const rates = redemptionRates()
      const flow = pointsFlow()
      for (const x of entries) {
        rates.add(x)
        flow.add(x)
      }
      const r = rates.result({ from })
      // Every month of the points report with such points is here with the same counts (a month whose
      // entries cancel out may be listed with zeros by one and not the other).
      const flowMonths = new Map(flow.result({ from }).months.map((m) => [m.month, m.total]))
      const listed = new Map(r.months.map((m) => [m.month, m]))
      for (const [month, t] of flowMonths) {
        const m = listed.get(month) ?? { issued: 0, redeemed: 0, expired: 0 }
        expect([month, m.issued, m.redeemed, m.expired]).toEqual([month, t.issued, t.redeemed, t.expired])
      }
      for (const month of listed.keys()) expect(flowMonths.has(month)).toBe(true)
      // Overall from the raw list, not from the months.
      const inRange = entries.filter((x) => !from || new Date(x.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 7) >= from)
      const sum = (f: (x: (typeof entries)[number]) => boolean) => inRange.filter(f).reduce((s, x) => s + x.points, 0)
      const issued = sum((x) => x.kind === 'earn')
      const redeemed = 0 - sum((x) => x.kind === 'spend' || (x.kind === 'reverse' && x.points > 0))
      const expired = 0 - sum((x) => x.kind === 'expire')
      expect(r.overall).toEqual({ issued, redeemed, expired, redeemedOfIssued: fraction(redeemed, issued), redeemedOfUnexpired: fraction(redeemed, issued - expired) })
    }),
    { numRuns: 500 },
  )
})
