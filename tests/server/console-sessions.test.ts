import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, type RunningServer } from '../../scripts/server'
import { runCliIn } from './cli-run'

/**
 * The console's identity over HTTP: in production a session from `admin.login` (never the dev
 * header); in local mode the dev header too. The login is made with the CLI's `staff password`.
 */
const quiet = { error: () => {} }

async function call(server: RunningServer, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/admin`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as any }
}

const cli = async (dataDir: string, args: string[]) => ({ code: (await runCliIn(dataDir, ...args)).status })

describe('console sessions over HTTP', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-console-'))
    expect((await cli(dataDir, ['staff', 'add', '--openid', 'boss', '--store', 'S1', '--role', 'admin'])).code).toBe(0)
    expect((await cli(dataDir, ['staff', 'add', '--openid', 'till', '--store', 'S1', '--role', 'clerk'])).code).toBe(0)
    expect((await cli(dataDir, ['staff', 'password', '--openid', 'boss', '--username', 'boss', '--password', 'short'])).code).not.toBe(0)
    expect((await cli(dataDir, ['staff', 'password', '--openid', 'till', '--username', 'till', '--password', 'long enough'])).code).not.toBe(0)
    expect((await cli(dataDir, ['staff', 'password', '--openid', 'boss', '--username', 'Boss', '--password', 'correct horse'])).code).toBe(0)
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  test('production: the dev header is refused; a password login\'s bearer token works until logout', async () => {
    const server = await startServer({ port: 0, dataDir, mode: 'production', staticDir: dataDir, quiet: true, log: quiet })
    try {
      expect((await call(server, { action: 'me' }, { 'x-wx-openid': 'boss' })).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      expect((await call(server, { action: 'login', username: 'boss', password: 'wrong horse' })).body).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } })
      const login = await call(server, { action: 'login', username: 'BOSS', password: 'correct horse' })
      expect(login.body).toMatchObject({ ok: true, data: { operator: { openid: 'boss', role: 'admin' } } })
      const auth = { authorization: `Bearer ${login.body.data.token}` }
      expect((await call(server, { action: 'me' }, auth)).body).toMatchObject({ ok: true, data: { openid: 'boss' } })
      // The session is the console's alone: other functions do not take it.
      const staff = await fetch(`${server.url}/api/staff`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ action: 'me' }) })
      expect(await staff.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      expect((await call(server, { action: 'logout' }, auth)).body).toMatchObject({ ok: true })
      expect((await call(server, { action: 'me' }, auth)).body).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } })
      expect((await fetch(`${server.url}/_dev/operators`)).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  test('local: the dev header signs in as any operator', async () => {
    const server = await startServer({ port: 0, dataDir, mode: 'local', staticDir: dataDir, quiet: true, log: quiet })
    try {
      expect((await call(server, { action: 'me' }, { 'x-wx-openid': 'boss' })).body).toMatchObject({ ok: true, data: { role: 'admin' } })
      expect((await call(server, { action: 'me' }, { 'x-wx-openid': 'till' })).body).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    } finally {
      await server.close()
    }
  })
})
