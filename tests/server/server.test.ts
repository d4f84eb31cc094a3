import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hmacSigner } from '../../cloudfunctions/_lib/secret'
import { loadOrCreateSecret } from '../../scripts/server/secret'
import { startServer, type RunningServer } from '../../scripts/server'
import { Api } from '../../shared/api'
import { verifyMemberCode } from '../../shared/member/member-code'

type Reply = { status: number; type: string; body: any; text: string }

function client(base: () => string) {
  return async function request(method: string, url: string, opts: { body?: string | object; headers?: Record<string, string> } = {}): Promise<Reply> {
    const body = typeof opts.body === 'object' ? JSON.stringify(opts.body) : opts.body
    const headers = { ...(typeof opts.body === 'object' ? { 'content-type': 'application/json' } : {}), ...opts.headers }
    const res = await fetch(base() + url, { method, headers, body })
    const text = await res.text()
    const type = res.headers.get('content-type') ?? ''
    return { status: res.status, type, text, body: type.includes('json') ? JSON.parse(text) : text }
  }
}

/** No answer may carry a stack trace or an internal path. */
const noInternals = (r: Reply) => expect(r.text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules|Error:/)

const quiet = { error: () => {} }

describe('local mode', () => {
  let dataDir: string
  let staticDir: string
  let server: RunningServer
  const request = client(() => server.url)
  const member = (openid: string | null, body: object | string) =>
    request('POST', '/api/member', { body, headers: openid ? { 'x-wx-openid': openid } : {} })

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-server-'))
    staticDir = mkdtempSync(path.join(os.tmpdir(), 'huika-h5-'))
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>会卡 H5</title>')
    mkdirSync(path.join(staticDir, 'js'))
    writeFileSync(path.join(staticDir, 'js', 'app.js'), 'console.log("app")')
    server = await startServer({ port: 0, dataDir, mode: 'local', staticDir, quiet: true, log: quiet })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(staticDir, { recursive: true, force: true })
  })

  test('GET /healthz answers 200 once ready', async () => {
    expect(await request('GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true, data: { status: 'ok', mode: 'local' } } })
  })

  test('a function-level failure is HTTP 200 with the envelope', async () => {
    const r = await member('o-new', { action: 'me' })
    expect(r).toMatchObject({ status: 200, body: { ok: false, error: { code: 'NOT_REGISTERED', message: '您还不是会员，请先注册' } } })
  })

  test('identity comes from x-wx-openid; without it (or with a malformed one) UNAUTHENTICATED', async () => {
    expect((await member(null, { action: 'me' })).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect((await member('bad id with spaces', { action: 'me' })).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect((await member('', { action: 'me' })).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  test('the whole registration over HTTP, with the code read from /_dev/outbox', async () => {
    const phone = '13812345678'
    const sent = await member('o-alice', { action: 'sendCode', phone })
    expect(sent).toMatchObject({ status: 200, body: { ok: true } })
    const outbox = await request('GET', '/_dev/outbox')
    expect(outbox.status).toBe(200)
    expect(Array.isArray(outbox.body)).toBe(true)
    const [sms] = outbox.body
    expect(Object.keys(sms).sort()).toEqual(['at', 'campaignId', 'channel', 'data', 'key', 'kind', 'memberId', 'template', 'text', 'to'])
    expect(sms).toMatchObject({ key: null, memberId: null, kind: null, campaignId: null }) // not a message through deliver
    expect(sms).toMatchObject({ channel: 'sms', to: phone })
    const smsCode = sms.text.match(/\d{6}/)[0]

    const reg = await member('o-alice', { action: 'register', phone, smsCode, nickname: '小会' })
    expect(reg.body).toMatchObject({ ok: true, data: { created: true, member: { phone, nickname: '小会' } } })
    const me = await member('o-alice', { action: 'me' })
    expect(me.body).toMatchObject({ ok: true, data: { phone, memberNo: reg.body.data.member.memberNo } })

    // The code the card shows verifies with this data directory's secret.
    const code = await member('o-alice', { action: 'code' })
    const sign = hmacSigner(loadOrCreateSecret(dataDir))
    expect(verifyMemberCode(code.body.data.code, new Date(), sign)).toMatchObject({ ok: true, memberNo: me.body.data.memberNo })
  })

  test('the outbox lists newest first', async () => {
    await member('o-bob', { action: 'sendCode', phone: '13900000001' })
    await member('o-bob', { action: 'sendCode', phone: '13900000002' })
    const { body } = await request('GET', '/_dev/outbox')
    expect(body.slice(0, 2).map((m: { to: string }) => m.to)).toEqual(['13900000002', '13900000001'])
  })

  test('malformed JSON → 400 BAD_JSON; wrong content type → 415 BAD_JSON', async () => {
    const bad = await request('POST', '/api/member', { body: '{"action":', headers: { 'content-type': 'application/json', 'x-wx-openid': 'o1' } })
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_JSON', message: '请求体不是合法的 JSON' } } })
    noInternals(bad)
    const empty = await request('POST', '/api/member', { body: '', headers: { 'content-type': 'application/json' } })
    expect(empty).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_JSON' } } })
    const form = await request('POST', '/api/member', { body: 'action=me', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(form).toMatchObject({ status: 415, body: { ok: false, error: { code: 'BAD_JSON' } } })
  })

  test('a body that is JSON but not an object → UNKNOWN_ACTION', async () => {
    for (const body of ['[1,2]', '"me"', '42', 'null']) {
      const r = await request('POST', '/api/member', { body, headers: { 'content-type': 'application/json', 'x-wx-openid': 'o1' } })
      expect(r).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNKNOWN_ACTION' } } })
    }
  })

  test('unknown function → 404 UNKNOWN_FUNCTION; other unknown routes → 404 NOT_FOUND, same envelope', async () => {
    expect(await request('POST', '/api/nope', { body: { action: 'x' } })).toMatchObject({ status: 404, body: { ok: false, error: { code: 'UNKNOWN_FUNCTION' } } })
    expect(await request('POST', '/api/_lib', { body: { action: 'x' } })).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_FUNCTION' } } })
    expect(await request('GET', '/api/member')).toMatchObject({ status: 404, body: { ok: false, error: { code: 'UNKNOWN_FUNCTION' } } })
    expect(await request('POST', '/somewhere', { body: {} })).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } })
    expect(await request('GET', '/_dev/nothing')).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } })
  })

  test('every function in shared/api.ts is served', async () => {
    for (const [fn, actions] of Object.entries(Api)) {
      // admin.login is the one action open to callers without an identity.
      const action = Object.keys(actions).find((a) => a !== 'login')
      const r = await request('POST', `/api/${fn}`, { body: { action } })
      expect(r).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } })
    }
  })

  test('hostile bodies get envelopes, never internals', async () => {
    const bodies = [
      { action: 'register', phone: { $gt: '' }, smsCode: ['1'] },
      { action: 'updateProfile', region: 'x'.repeat(10_000) },
      { action: { toString: 1 } },
      { action: 'sendCode', phone: null },
    ]
    for (const body of bodies) {
      const r = await member('o-hostile', body)
      expect(r.status).toBe(200)
      expect(r.body.ok).toBe(false)
      noInternals(r)
    }
    expect(await member('o-hostile', 'x'.repeat(300 * 1024))).toMatchObject({ status: 413, body: { error: { code: 'BAD_JSON' } } })
  })

  test('prototype-poisoning keys are refused as bad JSON', async () => {
    for (const body of ['{"action":"me","__proto__":{"x":1}}', '{"action":"me","constructor":{"prototype":{"x":1}}}']) {
      const r = await request('POST', '/api/member', { body, headers: { 'content-type': 'application/json', 'x-wx-openid': 'o1' } })
      expect(r).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_JSON' } } })
    }
  })

  test('POST /_dev/clock moves the clock the functions use; null returns to real time', async () => {
    const moved = await request('POST', '/_dev/clock', { body: { now: '2027-01-31T10:00:00+08:00', frozen: true } })
    expect(moved).toMatchObject({ status: 200, body: { ok: true, data: { now: '2027-01-31T02:00:00.000Z', frozen: true } } })
    const sent = await member('o-clock', { action: 'sendCode', phone: '13700000001' })
    expect(sent.body.data.expiresAt).toBe('2027-01-31T02:05:00.000Z')
    expect((await request('GET', '/_dev/outbox')).body[0].at).toBe('2027-01-31T02:00:00.000Z')

    const back = await request('POST', '/_dev/clock', { body: { now: null } })
    expect(back.body).toMatchObject({ ok: true, data: { offsetMs: 0, frozen: false } })
    expect(Math.abs(new Date(back.body.data.now).getTime() - Date.now())).toBeLessThan(5_000)
  })

  test('POST /_dev/clock rejects a time that is not ISO 8601', async () => {
    expect(await request('POST', '/_dev/clock', { body: { now: 'tomorrow' } })).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'INVALID_INPUT' } },
    })
  })

  test('POST /_dev/jobs/<job> for a job that does not exist → 404 UNKNOWN_JOB saying what exists', async () => {
    const r = await request('POST', '/_dev/jobs/no-such-job')
    expect(r).toMatchObject({ status: 404, body: { ok: false, error: { code: 'UNKNOWN_JOB' } } })
    expect(r.body.error.message).toContain('没有这个任务')
    expect(r.body.error.message).toContain('tier-review')
  })

  test('serves the H5 build, with deep links falling back to index.html', async () => {
    const root = await request('GET', '/')
    expect(root).toMatchObject({ status: 200 })
    expect(root.type).toContain('text/html')
    expect(root.text).toContain('会卡 H5')
    const deep = await request('GET', '/pages/card/index?from=menu')
    expect(deep.status).toBe(200)
    expect(deep.text).toContain('会卡 H5')
    const asset = await request('GET', '/js/app.js')
    expect(asset.text).toBe('console.log("app")')
  })
})

describe('production mode', () => {
  let dataDir: string
  let server: RunningServer
  const request = client(() => server.url)

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-prod-'))
    server = await startServer({ port: 0, dataDir, mode: 'production', staticDir: path.join(dataDir, 'no-build'), quiet: true, log: quiet })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('healthz says production', async () => {
    expect((await request('GET', '/healthz')).body).toMatchObject({ ok: true, data: { mode: 'production' } })
  })

  test('the dev identity header is refused: the caller has no identity', async () => {
    const r = await request('POST', '/api/member', { body: { action: 'me' }, headers: { 'x-wx-openid': 'o-alice' } })
    expect(r).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } })
  })

  test('every /_dev route answers 404', async () => {
    expect(await request('GET', '/_dev/outbox')).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } })
    expect(await request('POST', '/_dev/clock', { body: { now: null } })).toMatchObject({ status: 404, body: { ok: false } })
    expect(await request('POST', '/_dev/jobs/anything')).toMatchObject({ status: 404, body: { ok: false } })
  })

  test('without an H5 build, / says so in plain text', async () => {
    const r = await request('GET', '/')
    expect(r.status).toBe(503)
    expect(r.type).toContain('text/plain')
    expect(r.text).toContain('H5')
  })
})

describe('restart', () => {
  test('data and the server secret survive a restart on the same data directory', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-restart-'))
    const request = (s: RunningServer, openid: string, body: object) =>
      client(() => s.url)('POST', '/api/member', { body, headers: { 'x-wx-openid': openid } })
    try {
      let server = await startServer({ port: 0, dataDir, mode: 'local', quiet: true, log: quiet })
      await request(server, 'o1', { action: 'sendCode', phone: '13812345678' })
      const outbox = await client(() => server.url)('GET', '/_dev/outbox')
      const smsCode = outbox.body[0].text.match(/\d{6}/)[0]
      const reg = await request(server, 'o1', { action: 'register', phone: '13812345678', smsCode })
      const code = (await request(server, 'o1', { action: 'code' })).body.data.code
      await server.close()

      server = await startServer({ port: 0, dataDir, mode: 'local', quiet: true, log: quiet })
      try {
        expect((await request(server, 'o1', { action: 'me' })).body).toMatchObject({ ok: true, data: { memberId: reg.body.data.member.memberId } })
        expect(verifyMemberCode(code, new Date(), hmacSigner(loadOrCreateSecret(dataDir)))).toMatchObject({ ok: true })
      } finally {
        await server.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
