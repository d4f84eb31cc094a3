import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { login } from '../../cloudfunctions/_lib/console-auth'
import { staffByOpenid, storeById } from '../../cloudfunctions/_lib/staff-records'
import { runCloudAdmin } from '../../scripts/deploy-admin'
import { openLocalStore, useLocalStore, type LocalStore } from '../../scripts/local-cloudbase'

/**
 * scripts/deploy-admin.ts: the first admin, its console password, a store and a clerk, written
 * through the CloudBase SDK with the deploy credentials. Here the SDK's transport goes to a local
 * store, so what it wrote is read back with the functions' own readers.
 */
let dir: string
let store: LocalStore
const env = { TCB_ENV_ID: 'huika-test', TCB_SECRET_ID: 'id', TCB_SECRET_KEY: 'key' }
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'huika-deploy-admin-'))
  store = openLocalStore({ dir })
  useLocalStore(store)
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('creates a store, the first admin with a console password, and a clerk in the environment', async () => {
  const out: string[] = []
  const run = (...argv: string[]) => runCloudAdmin(argv, env, (s) => out.push(s))
  expect(await run('store', 'add', '--id', 'S001', '--name', '南京西路店', '--open', '10:00', '--close', '22:00')).toBe(0)
  expect(await run('staff', 'add', '--openid', 'o-boss', '--store', 'S001', '--role', 'admin', '--name', '老板')).toBe(0)
  expect(await run('staff', 'password', '--openid', 'o-boss', '--username', 'boss', '--password', 'correct horse battery')).toBe(0)
  expect(await run('staff', 'add', '--openid', 'o-clerk', '--store', 'S001', '--role', 'clerk')).toBe(0)
  expect(await run('staff', 'list', '--json')).toBe(0)
  expect(JSON.parse(out.at(-1)!).staff.map((s: { openid: string; role: string }) => `${s.openid}:${s.role}`).sort()).toEqual(['o-boss:admin', 'o-clerk:clerk'])

  const db = tcb.init({ env: 'huika-test' }).database()
  expect(await storeById(db, 'S001')).toMatchObject({ name: '南京西路店', hours: { open: '10:00', close: '22:00' } })
  expect(await staffByOpenid(db, 'o-clerk')).toMatchObject({ role: 'clerk', storeId: 'S001', active: true })
  expect(await login(db, 'boss', 'correct horse battery', new Date())).toMatchObject({ ok: true, openid: 'o-boss' })
})

test('refuses without credentials, and only knows the setup commands', async () => {
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    expect(await runCloudAdmin(['staff', 'add', '--openid', 'x', '--store', 'S1', '--role', 'admin'], {}, () => {})).toBe(1)
    expect(String(err.mock.calls[0][0])).toContain('staff add: missing TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY')
    expect(await runCloudAdmin(['seed', 'demo'], env, () => {})).toBe(2)
    expect(await runCloudAdmin(['staff', 'add', '--openid', 'x', '--store', 'S1', '--role', 'owner'], env, () => {})).toBe(1)
    expect(String(err.mock.calls.at(-1)![0])).toMatch(/^staff add: --role/)
  } finally {
    err.mockRestore()
  }
})
