import autocannon from 'autocannon'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServerProcess } from './server-process'

/**
 * `member.me` over HTTP: the local server in its own process, 32 concurrent keep-alive clients.
 * Target: at least 1,500 calls/s on the 2-core reference machine.
 */
async function call(base: string, fn: string, body: object, openid: string) {
  const r = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(body),
  })
  return r.json() as Promise<{ ok: boolean; data?: any; error?: { code: string } }>
}

export async function benchHttpMe(opts: { seconds?: number; connections?: number } = {}) {
  const seconds = opts.seconds ?? 10
  const connections = opts.connections ?? 32
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-http-'))
  const server = await startServerProcess(dataDir)
  const base = server.url
  try {
    const openid = 'bench-member'
    const phone = '13900000001'
    const sent = await call(base, 'member', { action: 'sendCode', phone }, openid)
    if (!sent.ok) throw new Error(`sendCode failed: ${JSON.stringify(sent)}`)
    const outbox = (await fetch(`${base}/_dev/outbox`).then((r) => r.json())) as Array<{ to: string; text: string }>
    const smsCode = outbox.find((m) => m.to === phone)?.text.match(/\d{6}/)?.[0]
    const reg = await call(base, 'member', { action: 'register', phone, smsCode, nickname: '压测' }, openid)
    if (!reg.ok) throw new Error(`register failed: ${JSON.stringify(reg)}`)

    // Every answer must be the member's own card, not merely HTTP 200: function failures are 200 too.
    const expected = await fetch(`${base}/api/member`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify({ action: 'me' }),
    }).then((r) => r.text())
    if (!JSON.parse(expected).ok) throw new Error(`me failed: ${expected}`)

    const result = await autocannon({
      url: `${base}/api/member`,
      method: 'POST',
      connections,
      duration: seconds,
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify({ action: 'me' }),
      expectBody: expected,
    })
    const bad = result.non2xx + result.errors + result.timeouts + result.mismatches
    if (bad > 0) throw new Error(`member.me: ${bad} failed requests`)
    return {
      name: 'member.me over HTTP',
      opsPerSec: Math.round(result.requests.average),
      n: result.requests.total,
      p99Ms: result.latency.p99,
      detail: `${connections} connections, ${seconds} s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    }
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  benchHttpMe().then((r) => console.log(r), (e) => {
    console.error(e)
    process.exit(1)
  })
}
