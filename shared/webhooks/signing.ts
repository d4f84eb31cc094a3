import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * How Huika signs a webhook request, and how a receiver checks it. This file depends on nothing
 * but node:crypto, so a receiver written in Node can copy it as it is.
 *
 * Every POST carries:
 * - `X-Huika-Delivery`: the delivery id. The same delivery is retried under the same id: drop
 *   a request whose id you have already processed.
 * - `X-Huika-Event`: the event type (`points.earned`, ...).
 * - `X-Huika-Timestamp`: when this attempt was signed, in Unix seconds.
 * - `X-Huika-Signature`: `sha256=` + the hex HMAC-SHA256, under the webhook's secret, of
 *   `<timestamp>.<raw body>`.
 *
 * To verify: take the raw body bytes as received (before any JSON parsing), recompute the HMAC of
 * `timestamp + "." + body`, compare it in constant time, and reject a timestamp more than five
 * minutes from your clock, so that a captured request cannot be replayed later.
 */
export const HEADERS = {
  delivery: 'X-Huika-Delivery',
  event: 'X-Huika-Event',
  timestamp: 'X-Huika-Timestamp',
  signature: 'X-Huika-Signature',
} as const

/** How far a timestamp may be from the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** `sha256=<hex>` for this timestamp (Unix seconds) and raw body. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export type Verification = { ok: true } | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' }

/**
 * Checks a request's signature. `nowSeconds` is the receiver's clock in Unix seconds; a request
 * signed more than `toleranceSeconds` from it is `stale` even when the signature matches.
 */
export function verify(args: {
  secret: string
  body: string
  timestamp: string | undefined
  signature: string | undefined
  nowSeconds: number
  toleranceSeconds?: number
}): Verification {
  const ts = Number(args.timestamp)
  if (!args.timestamp || !/^\d{1,12}$/.test(args.timestamp) || !args.signature?.startsWith('sha256=')) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(signature(args.secret, ts, args.body))
  const given = Buffer.from(args.signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' }
  if (Math.abs(args.nowSeconds - ts) > (args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale' }
  return { ok: true }
}
