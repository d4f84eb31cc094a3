import fc from 'fast-check'
import { controlBucket, groupOf, inControl } from '../../shared/marketing/control'

describe('held-out control group', () => {
  test('the same campaign and member always draw the same; no control group at 0%', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 50 }), (c, m, p) => {
        expect(inControl(c, m, p)).toBe(inControl(c, m, p))
        expect(controlBucket(c, m)).toBeGreaterThanOrEqual(0)
        expect(controlBucket(c, m)).toBeLessThan(10_000)
        expect(inControl(c, m, 0)).toBe(false)
      }),
    )
  })

  test('a larger share holds back everyone a smaller one does', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (c, m, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        if (inControl(c, m, lo)) expect(inControl(c, m, hi)).toBe(true)
      }),
    )
  })

  test.each([5, 10, 20, 50])('about %i%% of an audience is held back, for random and for sequential member ids', (percent) => {
    const n = 20_000
    const random = fc.sample(fc.uuid(), { numRuns: n, seed: 9 })
    const sequential = Array.from({ length: n }, (_x, i) => `m${String(i).padStart(8, '0')}`)
    for (const ids of [random, sequential]) {
      const held = ids.filter((m) => groupOf('0lq3x9k2a-ABCD', m, percent) === 'control').length
      // Binomial: 4 standard deviations at n = 20,000 is under 1.5 percentage points.
      expect(Math.abs(held / n - percent / 100)).toBeLessThan(0.015)
    }
  })

  test('two campaigns hold back different members', () => {
    const ids = Array.from({ length: 2000 }, (_x, i) => `member-${i}`)
    const a = ids.filter((m) => inControl('campaign-a', m, 50))
    const b = new Set(ids.filter((m) => inControl('campaign-b', m, 50)))
    const both = a.filter((m) => b.has(m)).length
    // Independent halves overlap on about a quarter.
    expect(both / ids.length).toBeGreaterThan(0.2)
    expect(both / ids.length).toBeLessThan(0.3)
  })
})
