import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { main } from '../../cloudfunctions/admin'
import { setLogin } from '../../cloudfunctions/_lib/console-auth'
import { saveStaff } from '../../cloudfunctions/_lib/staff-records'
import { openLocalStore, useLocalStore, type LocalStore } from '../../scripts/local-cloudbase'

/**
 * The admin function's cloud entry, as CloudBase's HTTP access service calls it: the body as a
 * string (base64 when binary), the session in the Authorization header, the answer as a JSON
 * response. Run against the local store (the SDK's transport is redirected to it).
 */
let dir: string
let store: LocalStore
const http = (body: string, headers: Record<string, string> = {}, isBase64Encoded = false) =>
  main({ httpMethod: 'POST', path: '/admin', headers, body, isBase64Encoded }, {}) as Promise<{ statusCode: number; headers: Record<string, string>; body: string }>

beforeAll(async () => {
  process.env.HUIKA_SECRET = 'cloud-entry-test-secret-'.repeat(2)
  dir = mkdtempSync(path.join(os.tmpdir(), 'huika-cloud-entry-'))
  store = openLocalStore({ dir })
  useLocalStore(store)
  const db = tcb.init({ env: 'huika-test' }).database()
  const now = new Date()
  await saveStaff(db, { _id: 'boss', openid: 'boss', role: 'admin', storeId: 'S1', name: '老板', phone: null, active: true, createdAt: now, updatedAt: now })
  await setLogin(db, 'boss', 'boss', 'correct horse', now)
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
  delete process.env.HUIKA_SECRET
})

test('a password login over HTTP gives a token that the next requests carry as a Bearer header', async () => {
  const login = await http(JSON.stringify({ action: 'login', username: 'boss', password: 'correct horse' }), { 'Content-Type': 'application/json' })
  expect(login.statusCode).toBe(200)
  expect(login.headers['content-type']).toContain('application/json')
  const token = JSON.parse(login.body).data.token as string
  const me = await http(Buffer.from(JSON.stringify({ action: 'me' })).toString('base64'), { Authorization: `Bearer ${token}` }, true)
  expect(JSON.parse(me.body)).toMatchObject({ ok: true, data: { openid: 'boss', role: 'admin' } })
  // Nothing from the body or a WeChat-style header stands for a caller here.
  expect(JSON.parse((await http(JSON.stringify({ action: 'me', openid: 'boss' }), { 'x-wx-openid': 'boss' })).body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  await http(JSON.stringify({ action: 'logout' }), { authorization: `Bearer ${token}` })
  expect(JSON.parse((await http(JSON.stringify({ action: 'me' }), { authorization: `Bearer ${token}` })).body)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } })
})

test('a body that is not JSON is a 400 with the envelope, never a stack trace', async () => {
  const r = await http('{not json')
  expect(r.statusCode).toBe(400)
  expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_JSON' } })
})
