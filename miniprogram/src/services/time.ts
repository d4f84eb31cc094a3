/**
 * Business days and times are Asia/Shanghai (UTC+8, no daylight saving), whatever the
 * device's own zone: a member abroad still sees the day the store counts.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/** "2026-11-24T06:03:00.000Z" → "2026-11-24 14:03"; an unreadable time is shown as given. */
export function shanghaiDateTime(iso: string): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return iso
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}
