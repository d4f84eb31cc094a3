/**
 * When a failed delivery is tried again: after the 1st failure 1 minute, then 5 min, 30 min, 2 h,
 * 6 h and 24 h (about 33 hours in all), each stretched by up to 20% at random so that the
 * deliveries of one outage do not all come back at the same moment. After the 7th attempt fails
 * the delivery is `failed` (an operator may send it again by hand).
 */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 360, 1440] as const
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1
export const JITTER = 0.2

/**
 * Milliseconds to wait after `attempts` attempts have failed, or null when that was the last.
 * `random` is in [0, 1) (Math.random in the job, fixed in tests).
 */
export function retryDelayMs(attempts: number, random: number): number | null {
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`attempts must be a positive integer, got ${attempts}`)
  if (attempts >= MAX_ATTEMPTS) return null
  const base = RETRY_DELAYS_MINUTES[attempts - 1] * 60_000
  return Math.round(base * (1 + JITTER * Math.min(Math.max(random, 0), 0.999999)))
}
