import fc from 'fast-check'
import { addDays, daysBetween } from '../../shared/day'
import { addSpend, emptyGrowth, GROWTH_KEEP_DAYS, statsAt, type Growth } from '../../shared/tier/growth'

const g = (since: string, days: Array<[string, number]>): Growth => ({ since, days })

describe('statsAt: the rolling window', () => {
  // A 365-day window ending 2026-12-31 starts on 2026-01-01.
  const END = '2026-12-31'

  test('the first and the last day of the window count; the day before the first does not', () => {
    const growth = g('2020-01-01', [
      ['2025-12-31', 1],
      ['2026-01-01', 10],
      ['2026-12-31', 100],
    ])
    const s = statsAt(growth, END, 365)
    expect(s).toEqual({ spendFen: 110, visitDays: 2, maxGapDays: 363, lastVisit: '2026-12-31' })
    // One day later the first day drops out of the window.
    expect(statsAt(growth, '2027-01-01', 365)).toMatchObject({ spendFen: 100, visitDays: 1, lastVisit: '2026-12-31' })
    // One day earlier the last day is not yet in it.
    expect(statsAt(growth, '2026-12-30', 365)).toMatchObject({ spendFen: 11, visitDays: 2, lastVisit: '2026-01-01' })
  })

  test('a day after the end does not count', () => {
    const s = statsAt(g('2020-01-01', [['2027-01-01', 500]]), END, 365)
    expect(s).toEqual({ spendFen: 0, visitDays: 0, maxGapDays: 365, lastVisit: null })
  })

  // A 31-day window ending 2026-03-31 starts on 2026-03-01.
  test('gap from the window start, between visits, and to the evaluation day', () => {
    const growth = g('2026-01-01', [
      ['2026-03-05', 1], // 4 days without a visit before it (03-01 … 03-04)
      ['2026-03-15', 1], // 9 days between (03-06 … 03-14)
      ['2026-03-20', 1], // 4 days between
    ]) // then 11 days to the end (03-21 … 03-31)
    expect(statsAt(growth, '2026-03-31', 31).maxGapDays).toBe(11)
    // Without the last visit, the gap to the end is 16 (03-16 … 03-31).
    expect(statsAt(g('2026-01-01', growth.days.slice(0, 2)), '2026-03-31', 31).maxGapDays).toBe(16)
    // The gap from the window start can be the longest.
    expect(statsAt(g('2026-01-01', [['2026-03-25', 1]]), '2026-03-31', 31).maxGapDays).toBe(24) // 03-01 … 03-24
  })

  test('the gap counts from the joining day when it is inside the window', () => {
    const growth = g('2026-03-20', [['2026-03-25', 1]])
    // 03-20 … 03-24 without a visit: 5 days; then 03-26 … 03-31: 6 days.
    expect(statsAt(growth, '2026-03-31', 31).maxGapDays).toBe(6)
    expect(statsAt(g('2026-03-10', [['2026-03-25', 1]]), '2026-03-31', 31).maxGapDays).toBe(15)
    // Joining on the day of the visit: no gap before it.
    expect(statsAt(g('2026-03-25', [['2026-03-25', 1]]), '2026-03-25', 31).maxGapDays).toBe(0)
  })

  test('a visit on the evaluation day leaves no trailing gap; consecutive visits no gap at all', () => {
    const days: Array<[string, number]> = Array.from({ length: 31 }, (_, i) => [addDays('2026-03-01', i), 5])
    expect(statsAt(g('2026-01-01', days), '2026-03-31', 31)).toEqual({ spendFen: 155, visitDays: 31, maxGapDays: 0, lastVisit: '2026-03-31' })
  })

  test('no visits: the gap is the whole span (window, or since joining), never negative', () => {
    expect(statsAt(emptyGrowth('2020-01-01'), '2026-03-31', 31)).toEqual({ spendFen: 0, visitDays: 0, maxGapDays: 31, lastVisit: null })
    expect(statsAt(emptyGrowth('2026-03-29'), '2026-03-31', 31).maxGapDays).toBe(3)
    expect(statsAt(emptyGrowth('2026-03-31'), '2026-03-31', 31).maxGapDays).toBe(1)
    // Joined after the evaluation day (a projection backwards): nothing to count.
    expect(statsAt(emptyGrowth('2026-04-05'), '2026-03-31', 31).maxGapDays).toBe(0)
  })

  test('the window crosses a leap day by calendar days', () => {
    // 365 days ending 2028-02-29 start on 2027-03-02.
    const growth = g('2020-01-01', [
      ['2027-03-01', 7],
      ['2027-03-02', 11],
    ])
    expect(statsAt(growth, '2028-02-29', 365)).toMatchObject({ spendFen: 11, visitDays: 1 })
  })
})

describe('addSpend', () => {
  test('adds to a day, keeps days sorted, and does not change its input', () => {
    const g0 = emptyGrowth('2026-01-01')
    const g1 = addSpend(g0, '2026-02-10', 300)
    const g2 = addSpend(g1, '2026-02-01', 200)
    const g3 = addSpend(g2, '2026-02-10', 50)
    expect(g0.days).toEqual([])
    expect(g1.days).toEqual([['2026-02-10', 300]])
    expect(g3.days).toEqual([
      ['2026-02-01', 200],
      ['2026-02-10', 350],
    ])
    expect(g3.since).toBe('2026-01-01')
  })

  test('a partial refund lowers the day; a refund to zero removes the visit', () => {
    const g1 = addSpend(addSpend(emptyGrowth('2026-01-01'), '2026-02-01', 200), '2026-02-10', 300)
    expect(statsAt(addSpend(g1, '2026-02-10', -100), '2026-02-28', 365)).toMatchObject({ spendFen: 400, visitDays: 2 })
    const zeroed = addSpend(g1, '2026-02-10', -300)
    expect(zeroed.days).toEqual([['2026-02-01', 200]])
    expect(statsAt(zeroed, '2026-02-28', 365)).toMatchObject({ spendFen: 200, visitDays: 1, lastVisit: '2026-02-01' })
  })

  test('a refund larger than the day, or on a day without spend, never goes below zero', () => {
    const g1 = addSpend(emptyGrowth('2026-01-01'), '2026-02-01', 200)
    expect(addSpend(g1, '2026-02-01', -999).days).toEqual([])
    expect(addSpend(g1, '2026-02-02', -50).days).toEqual([['2026-02-01', 200]])
    expect(addSpend(g1, '2026-02-02', 0).days).toEqual([['2026-02-01', 200]])
  })

  test(`days more than ${GROWTH_KEEP_DAYS} days old are pruned`, () => {
    const day = '2028-06-01'
    const g1 = g('2020-01-01', [
      [addDays(day, -GROWTH_KEEP_DAYS), 1],
      [addDays(day, -(GROWTH_KEEP_DAYS - 1)), 2],
    ])
    expect(addSpend(g1, day, 5).days).toEqual([
      [addDays(day, -(GROWTH_KEEP_DAYS - 1)), 2],
      [day, 5],
    ])
    // Nothing a 730-day window can see is ever pruned.
    expect(GROWTH_KEEP_DAYS).toBeGreaterThan(730)
  })
})

describe('properties', () => {
  const dayArb = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2025-01-01', n))
  const growthArb = fc
    .array(fc.tuple(dayArb, fc.integer({ min: -5_000, max: 50_000 })), { maxLength: 40 })
    .map((ops) => ops.reduce((acc, [day, fen]) => addSpend(acc, day, fen), emptyGrowth('2025-01-01')))

  test('property: statsAt spend and visits are the sum and count of the days inside the window; the gap fits the span', () => {
    fc.assert(
      fc.property(growthArb, dayArb, fc.integer({ min: 30, max: 730 }), (growth, end, windowDays) => {
        const s = statsAt(growth, end, windowDays)
        const start = addDays(end, -(windowDays - 1))
        const inside = growth.days.filter(([d]) => d >= start && d <= end)
        expect(s.spendFen).toBe(inside.reduce((sum, [, f]) => sum + f, 0))
        expect(s.visitDays).toBe(inside.length)
        expect(s.lastVisit).toBe(inside.length ? inside[inside.length - 1][0] : null)
        const from = growth.since > start ? growth.since : start
        expect(s.maxGapDays).toBeGreaterThanOrEqual(0)
        expect(s.maxGapDays).toBeLessThanOrEqual(Math.max(0, daysBetween(from, end) + 1))
        // Every day of the span is either a visit or in some gap: the gap is at least the average hole.
        const span = Math.max(0, daysBetween(from, end) + 1)
        const holes = span - inside.filter(([d]) => d >= from).length
        expect(s.maxGapDays * (inside.length + 1)).toBeGreaterThanOrEqual(holes)
      }),
    )
  })

  test('property: growth keeps only positive days, strictly ascending', () => {
    fc.assert(
      fc.property(growthArb, (growth) => {
        for (const [, fen] of growth.days) expect(fen).toBeGreaterThan(0)
        for (let i = 1; i < growth.days.length; i++) expect(growth.days[i - 1][0] < growth.days[i][0]).toBe(true)
      }),
    )
  })
})
