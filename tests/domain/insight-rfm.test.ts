import fc from 'fast-check'
import { addDays } from '../../shared/day'
import { bandScore, DefaultInsightConfig as C, InsightConfig, insightOf, lifecycleOf, recencyScore } from '../../shared/insight/rfm'

const TODAY = '2027-06-15'

describe('RFM scores', () => {
  test('bands: below the first threshold 1, at or past the last 5', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 16, 99].map((v) => bandScore(v, [2, 4, 8, 16]))).toEqual([1, 1, 2, 2, 3, 3, 4, 5, 5])
    expect([0, 14, 15, 30, 31, 90, 180, 181].map((d) => recencyScore(d, [14, 30, 90, 180]))).toEqual([5, 5, 4, 4, 3, 3, 2, 1])
    expect(recencyScore(null, [14, 30, 90, 180])).toBe(1)
  })

  test('frequency and monetary count the window only, today included; recency the last visit ever', () => {
    const days: Array<[string, number]> = [
      [addDays(TODAY, -400), 900_000], // outside the 365-day window
      [addDays(TODAY, -364), 10_000], // the window's first day
      [addDays(TODAY, -20), 0], // a fully refunded day is no visit
      [addDays(TODAY, -10), 15_000],
      [TODAY, 5_000],
    ]
    const i = insightOf({ since: '2025-01-01', days }, TODAY, C)
    expect(i).toMatchObject({ lastVisit: TODAY, daysSinceVisit: 0, visits: 3, spendFen: 30_000, lifecycle: 'active' })
    expect(i.rfm).toEqual({ recency: 5, frequency: 2, monetary: 2, code: '522' })
    const old = insightOf({ since: '2025-01-01', days: days.slice(0, 1) }, TODAY, C)
    expect(old).toMatchObject({ visits: 0, spendFen: 0, daysSinceVisit: 400, lifecycle: 'dormant', rfm: { code: '111' } })
  })

  test('lifecycle: new by the join day, then active, at risk and dormant by the last visit', () => {
    expect(lifecycleOf(addDays(TODAY, -29), null, TODAY, C)).toBe('new')
    expect(lifecycleOf(addDays(TODAY, -30), null, TODAY, C)).toBe('dormant')
    expect(lifecycleOf('2020-01-01', 60, TODAY, C)).toBe('active')
    expect(lifecycleOf('2020-01-01', 61, TODAY, C)).toBe('at_risk')
    expect(lifecycleOf('2020-01-01', 180, TODAY, C)).toBe('at_risk')
    expect(lifecycleOf('2020-01-01', 181, TODAY, C)).toBe('dormant')
  })

  test('more spend or more visits never lowers a score; every score is 1–5', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays(TODAY, -n))
    const history = fc.array(fc.tuple(day, fc.integer({ min: 0, max: 300_000 })), { maxLength: 40 }).map((d) => d.sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 300_000 }), (days, extra) => {
        const base = insightOf({ since: '2020-01-01', days }, TODAY, C)
        const more = insightOf({ since: '2020-01-01', days: [...days, [TODAY, extra] as [string, number]] }, TODAY, C)
        for (const s of [base.rfm, more.rfm]) for (const v of [s.recency, s.frequency, s.monetary]) expect(v >= 1 && v <= 5).toBe(true)
        expect(more.rfm.recency).toBe(5)
        expect(more.rfm.frequency).toBeGreaterThanOrEqual(base.rfm.frequency)
        expect(more.rfm.monetary).toBeGreaterThanOrEqual(base.rfm.monetary)
      }),
    )
  })

  test('the configuration is checked: four ascending thresholds, at risk after active', () => {
    expect(InsightConfig.safeParse({ monetaryFen: [1, 2, 3] }).success).toBe(false)
    expect(InsightConfig.safeParse({ monetaryFen: [1, 3, 2, 4] }).success).toBe(false)
    expect(InsightConfig.safeParse({ activeDays: 90, atRiskDays: 90 }).success).toBe(false)
    expect(InsightConfig.parse({})).toEqual(C)
  })
})
