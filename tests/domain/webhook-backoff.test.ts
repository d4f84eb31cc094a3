import fc from 'fast-check'
import { JITTER, MAX_ATTEMPTS, RETRY_DELAYS_MINUTES, retryDelayMs } from '../../shared/webhooks/backoff'

const MIN = 60_000

describe('webhook retry schedule', () => {
  test('without jitter: 1 min, 5 min, 30 min, 2 h, 6 h, 24 h, then give up after the 7th attempt', () => {
    expect(Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1, 0))).toEqual([1 * MIN, 5 * MIN, 30 * MIN, 120 * MIN, 360 * MIN, 1440 * MIN, null])
    expect(MAX_ATTEMPTS).toBe(7)
    expect(retryDelayMs(8, 0)).toBeNull()
  })

  test('jitter stretches each delay by less than 20%, never shortens it, and keeps the steps growing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, random) => {
        const base = RETRY_DELAYS_MINUTES[attempts - 1] * MIN
        const d = retryDelayMs(attempts, random)!
        expect(d).toBeGreaterThanOrEqual(base)
        expect(d).toBeLessThan(base * (1 + JITTER) + 1)
        if (attempts < MAX_ATTEMPTS - 1) expect(retryDelayMs(attempts + 1, 0)!).toBeGreaterThan(d)
      }),
    )
  })

  test('attempts must be counted from 1', () => {
    expect(() => retryDelayMs(0, 0)).toThrow()
    expect(() => retryDelayMs(1.5, 0)).toThrow()
  })
})
