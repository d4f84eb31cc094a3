import { decode, type Doc } from './codec'

/**
 * Filters, updates, orders and new documents arrive from the SDK as strict Extended JSON strings.
 * The one CloudBase-only value is `{$tcb_server_date: {offset}}` (`db.serverDate()`), which the
 * server replaces with its own clock plus `offset` milliseconds; here that clock is the store's.
 */
export function parseWire<T = Doc>(text: string, now: () => Date): T {
  const v = decode<T>(text)
  return text.includes('$tcb_server_date') ? (resolveServerDates(v, now().getTime()) as T) : v
}

function resolveServerDates(v: unknown, nowMs: number): unknown {
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof RegExp) return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = resolveServerDates(v[i], nowMs)
    return v
  }
  const o = v as Record<string, unknown>
  const marker = o.$tcb_server_date as { offset?: number } | undefined
  if (marker && typeof marker === 'object') return new Date(nowMs + Number(marker.offset ?? 0))
  for (const k in o) o[k] = resolveServerDates(o[k], nowMs)
  return o
}
