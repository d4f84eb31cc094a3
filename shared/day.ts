/**
 * Business days are Asia/Shanghai calendar days. China has kept UTC+8 without daylight saving
 * since 1991, so a fixed offset is exact and needs no time-zone database (the mini-program has none).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/** The Asia/Shanghai calendar day of an instant, as YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

const DAY_MS = 24 * 60 * 60 * 1000
const parseDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

/** `day` plus `n` calendar days (n may be negative). Pure arithmetic on the date, no clock. */
export function addDays(day: string, n: number): string {
  return new Date(parseDay(day) + n * DAY_MS).toISOString().slice(0, 10)
}

/** ISO weekday of a day string: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return new Date(parseDay(day)).getUTCDay() || 7
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to) - parseDay(from)) / DAY_MS)
}
