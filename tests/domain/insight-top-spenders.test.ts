import fc from 'fast-check'
import { topSpenders } from '../../shared/insight/top-spenders'

describe('top spenders', () => {
  test('the top 20% of spenders by spend, their least spend and their share of all spend', () => {
    const spends = [0, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
    expect(topSpenders(spends, 20)).toEqual({ spenders: 10, members: 2, thresholdFen: 900, groupSpendFen: 1900, totalSpendFen: 5500, sharePercent: 34.55 })
  })

  test('ties at the threshold are all in the group; nobody with spend: an empty answer', () => {
    expect(topSpenders([500, 500, 500, 100, 100], 20)).toMatchObject({ members: 3, thresholdFen: 500, groupSpendFen: 1500 })
    expect(topSpenders([0, 0], 20)).toEqual({ spenders: 0, members: 0, thresholdFen: null, groupSpendFen: 0, totalSpendFen: 0, sharePercent: null })
  })

  test('the group is at least the asked share of spenders, and everyone outside spent less than everyone inside', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (spends, pct) => {
        const t = topSpenders(spends, pct)
        const spenders = spends.filter((s) => s > 0)
        expect(t.spenders).toBe(spenders.length)
        expect(t.totalSpendFen).toBe(spenders.reduce((a, b) => a + b, 0))
        if (t.thresholdFen === null) return
        expect(t.members).toBeGreaterThanOrEqual(Math.ceil((spenders.length * pct) / 100))
        expect(spenders.filter((s) => s >= t.thresholdFen!).length).toBe(t.members)
        expect(spenders.filter((s) => s >= t.thresholdFen!).reduce((a, b) => a + b, 0)).toBe(t.groupSpendFen)
      }),
    )
  })
})
