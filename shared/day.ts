/**
 * Business days are Asia/Shanghai calendar days. China has kept UTC+8 without daylight saving
 * since 1991, so a fixed offset is exact and needs no time-zone database (the mini-program has none).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/** The Asia/Shanghai calendar day of an instant, as YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}
