import fc from 'fast-check'
import { liabilityOf, pointsToFen } from '../../shared/finance/liability'
import type { Lot } from '../../shared/points/account'

test('points to fen: exact, rounded half up once', () => {
  expect(pointsToFen(12_345, { fen: 1, points: 1 })).toBe(12_345)
  expect(pointsToFen(3, { fen: 1, points: 2 })).toBe(2) // 1.5 fen → 2
  expect(pointsToFen(1, { fen: 1, points: 3 })).toBe(0) // 0.33 fen → 0
  expect(pointsToFen(2, { fen: 1, points: 3 })).toBe(1) // 0.67 fen → 1
  expect(pointsToFen(0, { fen: 7, points: 3 })).toBe(0)
  expect(() => pointsToFen(-1, { fen: 1, points: 1 })).toThrow()
})

const lot = fc.record({
  id: fc.uuid(),
  points: fc.integer({ min: 1, max: 10_000 }),
  remaining: fc.integer({ min: 1, max: 10_000 }),
  expiresOn: fc.constantFrom('2027-01-30', '2027-01-31', '2027-02-01', '2028-01-01'),
  availableOn: fc.constantFrom(null, '2027-01-31', '2027-02-05'),
  orderKey: fc.constant(null),
}) as fc.Arbitrary<Lot>

test('property: outstanding + awaiting expiry is every balance; pending and members are what the lots say', () => {
  fc.assert(
    fc.property(fc.array(fc.array(lot, { maxLength: 5 }), { maxLength: 20 }), (accounts) => {
      const today = '2027-01-31'
      const sum = liabilityOf(today, { fen: 1, points: 2 })
      for (const lots of accounts) sum.add({ lots, balance: lots.reduce((s, l) => s + l.remaining, 0) })
      const r = sum.result('2027-01-31T02:00:00.000Z')
      const all = accounts.flat()
      const live = all.filter((l) => l.expiresOn >= today)
      expect(r.outstandingPoints + r.awaitingExpiry).toBe(all.reduce((s, l) => s + l.remaining, 0))
      expect(r.outstandingPoints).toBe(live.reduce((s, l) => s + l.remaining, 0))
      expect(r.pendingPoints).toBe(live.filter((l) => l.availableOn !== null && l.availableOn > today).reduce((s, l) => s + l.remaining, 0))
      expect(r.members).toBe(accounts.filter((lots) => lots.some((l) => l.expiresOn >= today)).length)
      expect(r.liabilityFen).toBe(Math.floor((r.outstandingPoints + 1) / 2))
    }),
  )
})
