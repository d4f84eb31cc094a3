import autocannon from 'autocannon'
import { percentile, round } from './bench-members'

/** One answer of a burst: the member it was for, 'OK' or the error code, and the data of an OK. */
export interface BurstAnswer<T> {
  i: number
  code: string
  data?: T
}

export interface Burst<T> {
  answers: Array<BurstAnswer<T>>
  /** Per request, as autocannon measures it (written to answered), ascending. */
  latencies: number[]
  /** From the first connect to the last answer. */
  wallMs: number
  /** When the last OK was answered (from the first connect). */
  lastOkMs: number
  transport: { errors: number; timeouts: number; non2xx: number }
}

/**
 * `requests` calls of `POST /api/<fn>` all at once, each over its own keep-alive connection: request k
 * is member `memberOf(k)`'s (header x-wx-openid `openidOf(i)`), with the body `body(i, k)`.
 */
export async function burst<T>(opts: {
  url: string
  fn: string
  requests: number
  memberOf: (k: number) => number
  openidOf: (i: number) => string
  body: (i: number, k: number) => object
  timeoutS: number
}): Promise<Burst<T>> {
  const answers: Array<BurstAnswer<T>> = []
  const latencies: number[] = []
  let next = 0
  let lastMs = 0
  let lastOkMs = 0
  const started = process.hrtime.bigint()
  const sinceStart = () => Number(process.hrtime.bigint() - started) / 1e6
  const run = autocannon({
    url: `${opts.url}/api/${opts.fn}`,
    connections: opts.requests,
    amount: opts.requests,
    // A request must never be re-sent on timeout: a slow answer is a finding, not a retry.
    timeout: opts.timeoutS,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const k = next++
          const i = opts.memberOf(k)
          ;(context as { i?: number }).i = i
          return { ...req, headers: { 'content-type': 'application/json', 'x-wx-openid': opts.openidOf(i) }, body: JSON.stringify(opts.body(i, k)) }
        },
        onResponse: (_status, body, context) => {
          const i = (context as { i: number }).i
          let answer: BurstAnswer<T>
          try {
            const env = JSON.parse(body) as { ok: boolean; data?: T; error?: { code: string } }
            answer = env.ok ? { i, code: 'OK', data: env.data } : { i, code: env.error?.code ?? 'NO_CODE' }
          } catch {
            answer = { i, code: 'UNPARSABLE' }
          }
          lastMs = sinceStart()
          if (answer.code === 'OK') lastOkMs = lastMs
          answers.push(answer)
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>
  run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms))
  const result = await run
  latencies.sort((a, b) => a - b)
  return { answers, latencies, wallMs: lastMs, lastOkMs, transport: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx } }
}

/** A burst's latencies (ascending) as the figures a bench prints, to 0.1 ms. */
export const latencyFigures = (sorted: number[]) => ({
  min: round(sorted[0]),
  p50: round(percentile(sorted, 50)),
  p90: round(percentile(sorted, 90)),
  p99: round(percentile(sorted, 99)),
  max: round(sorted[sorted.length - 1]),
})

/** How many answers came back with each code. */
export function countCodes(answers: Array<{ code: string }>): Record<string, number> {
  const codes: Record<string, number> = {}
  for (const a of answers) codes[a.code] = (codes[a.code] ?? 0) + 1
  return codes
}
