import fc from 'fast-check'
import { costShare } from '../../shared/finance/cost'
import { monthRollup, nextMonth, replay } from '../../shared/finance/ledger-rollup'
import { monthOf } from '../../shared/finance/period'
import { pointsFlow } from '../../shared/finance/points-flow'
import { redemptionRates } from '../../shared/finance/redemption'
import { settlement } from '../../shared/finance/settlement'
import type { LedgerEntry } from '../../shared/points/ledger-entry'

type E = Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids' | 'createdAt'>

const STORES = ['T1', 'T2', 'S', null] as const
const entry: fc.Arbitrary<E> = fc
  .record({
    kind: fc.constantFrom('earn', 'spend', 'expire', 'reverse', 'adjust' as const),
    points: fc.integer({ min: -5000, max: 5000 }),
    store: fc.constantFrom(...STORES),
    voids: fc.constantFrom(null, 'earn:T1:POS-1', 'earn:T2:POS-9', 'earn:S:x', 'signin:m:2027-01-02', 'mall:ABC'),
    at: fc.integer({ min: Date.parse('2026-11-01T00:00:00Z'), max: Date.parse('2027-04-30T00:00:00Z') }),
  })
  .map(({ kind, points, store, voids, at }) => ({
    kind,
    // Earnings credit, spends and expiries debit; reversals and adjustments go either way.
    points: kind === 'earn' ? Math.abs(points) : kind === 'spend' || kind === 'expire' ? -Math.abs(points) : points,
    source: { kind: 'staff' as const, id: 'x', storeId: store },
    voids: kind === 'reverse' ? voids : null,
    createdAt: new Date(at),
  }))

/** Each report fed the entries themselves, and fed one replayed entry per rollup group per month. */
function both(entries: E[], feed: (each: (visit: (e: E) => void) => void) => unknown) {
  const direct = feed((visit) => entries.forEach((e) => visit(e)))
  const months = new Map<string, ReturnType<typeof monthRollup>>()
  for (const e of entries) {
    const m = monthOf(e.createdAt)
    if (!months.has(m)) months.set(m, monthRollup())
    months.get(m)!.add(e)
  }
  const rolled = feed((visit) => {
    for (const [m, r] of months) for (const g of r.result().groups) visit(replay(m, g))
  })
  return { direct, rolled }
}

const tenants = [
  { id: 'T1', name: 'T1', mallId: 'M' },
  { id: 'T2', name: 'T2', mallId: 'M' },
  { id: 'S', name: 'S', mallId: null },
]
const value = { fen: 3, points: 2 }

describe('ledger rollups', () => {
  test('every ledger report gives the same figures from a month\'s groups as from its entries', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 120 }), (entries) => {
        const run = <T>(make: () => { add?: (e: E) => void; addEntry?: (e: E) => void; result: (...a: never[]) => T }, result: (acc: any) => T) =>
          both(entries, (each) => {
            const acc = make()
            each((e) => (acc.add ?? acc.addEntry)!(e))
            return result(acc)
          })
        for (const { direct, rolled } of [
          run(pointsFlow as never, (a) => a.result()),
          run(redemptionRates as never, (a) => a.result()),
          run(() => costShare(null) as never, (a) => a.result(value)),
          run(() => costShare(new Set(['T1'])) as never, (a) => a.result(value)),
          run(() => settlement(tenants, { stores: null }) as never, (a) => a.result(value)),
        ])
          expect(rolled).toEqual(direct)
      }),
      { numRuns: 200 },
    )
  })

  test('a month holds a handful of groups however many entries it has', () => {
    const r = monthRollup()
    for (let i = 0; i < 10_000; i++) r.add({ kind: 'earn', points: 10, source: { kind: 'staff', id: 'x', storeId: i % 2 ? 'T1' : 'T2' }, voids: null })
    expect(r.result()).toEqual({
      entries: 10_000,
      groups: [
        { kind: 'earn', credit: true, storeId: 'T2', voidsStore: null, points: 50_000, entries: 5000 },
        { kind: 'earn', credit: true, storeId: 'T1', voidsStore: null, points: 50_000, entries: 5000 },
      ],
    })
  })

  test('months roll over at the year end', () => {
    expect(nextMonth('2026-12')).toBe('2027-01')
    expect(nextMonth('2027-09')).toBe('2027-10')
    expect(monthOf(replay('2027-03', { kind: 'earn', credit: true, storeId: null, voidsStore: null, points: 1, entries: 1 }).createdAt)).toBe('2027-03')
  })
})
