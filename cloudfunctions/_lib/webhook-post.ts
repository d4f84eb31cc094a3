import { HEADERS, signature } from '../../shared/webhooks/signing'

/** How long a receiver has to answer one attempt. */
export const POST_TIMEOUT_MS = 5_000
/** How much of a receiver's answer is kept for the console. */
const KEEP_RESPONSE_CHARS = 500

export type PostOutcome = { ok: boolean; status: number | null; error: string | null; response: string | null }

/**
 * One signed POST of a delivery's body (built by the caller, the same bytes every attempt).
 * 2xx is success; redirects are not followed (a moved receiver is re-configured, not guessed);
 * anything else, a refused connection or no answer within the timeout is a failed attempt.
 */
export async function postDelivery(args: {
  url: string
  secret: string
  deliveryId: string
  eventType: string
  body: string
  /** Unix seconds of this attempt (the injected clock). */
  timestamp: number
  timeoutMs?: number
}): Promise<PostOutcome> {
  const timeoutMs = args.timeoutMs ?? POST_TIMEOUT_MS
  try {
    const res = await fetch(args.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Huika-Webhooks/1',
        [HEADERS.delivery]: args.deliveryId,
        [HEADERS.event]: args.eventType,
        [HEADERS.timestamp]: String(args.timestamp),
        [HEADERS.signature]: signature(args.secret, args.timestamp, args.body),
      },
      body: args.body,
    })
    const text = await res.text().catch(() => '')
    const response = text ? text.slice(0, KEEP_RESPONSE_CHARS) : null
    const ok = res.status >= 200 && res.status < 300
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}`, response }
  } catch (err) {
    return { ok: false, status: null, error: failureText(err, timeoutMs), response: null }
  }
}

/** Why no answer came, in the words an operator reads (with the system's code for support). */
function failureText(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `超时：${timeoutMs / 1000} 秒内没有应答`
  const code = e?.cause?.code
  if (code === 'ECONNREFUSED') return '连接被拒绝（ECONNREFUSED）'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `域名无法解析（${code}）`
  if (code) return `连接失败（${code}）`
  return `发送失败：${e?.cause?.message ?? e?.message ?? String(err)}`
}
