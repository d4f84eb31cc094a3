import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLocalRuntime } from '../../scripts/server/runtime'
import { runCliIn } from './cli-run'

let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-cli-staff-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...argv: string[]) => runCliIn(dataDir, ...argv)

/** Calls staff.me in the same data directory, as `npm start` would serve it. */
async function staffMe(openid: string) {
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: () => undefined } })
  try {
    return await rt.functions.get('staff')!({ action: 'me' }, { identity: { openid, unionid: null } })
  } finally {
    rt.close()
  }
}

describe('npm run cli -- staff / store', () => {
  test('staff add makes the openid staff of that store; staff remove ends it at once', async () => {
    expect(await staffMe('o-clerk')).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
    const added = await cli('staff', 'add', '--openid', 'o-clerk', '--store', 's1', '--role', 'clerk', '--name', '小王', '--phone', '13812345678', '--json')
    expect(added.status).toBe(0)
    expect(JSON.parse(added.stdout)).toEqual({
      staff: { openid: 'o-clerk', role: 'clerk', storeId: 's1', name: '小王', phone: '13812345678', active: true },
      created: true,
      storeKnown: false,
    })
    expect(await staffMe('o-clerk')).toEqual({ ok: true, data: { openid: 'o-clerk', role: 'clerk', storeId: 's1', storeName: null, name: '小王' } })

    expect(JSON.parse((await cli('staff', 'remove', '--openid', 'o-clerk', '--json')).stdout)).toEqual({ openid: 'o-clerk', removed: true })
    expect(await staffMe('o-clerk')).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
    expect(JSON.parse((await cli('staff', 'list', '--json')).stdout)).toEqual({ staff: [] })
    expect(JSON.parse((await cli('staff', 'list', '--all', '--json')).stdout).staff).toEqual([expect.objectContaining({ openid: 'o-clerk', active: false })])
  })

  test('re-adding changes role and store and keeps what was not given', async () => {
    await cli('staff', 'add', '--openid', 'o-1', '--store', 's1', '--role', 'clerk', '--name', '小王')
    await cli('staff', 'remove', '--openid', 'o-1')
    const again = JSON.parse((await cli('staff', 'add', '--openid', 'o-1', '--store', 's2', '--role', 'manager', '--json')).stdout)
    expect(again).toMatchObject({ staff: { role: 'manager', storeId: 's2', name: '小王', active: true }, created: false })
  })

  test('store add names the store and its hours; staff.me shows the name', async () => {
    const store = await cli('store', 'add', '--id', 's1', '--name', '徐汇店', '--open', '09:00', '--close', '22:00', '--json')
    expect(JSON.parse(store.stdout)).toEqual({ store: { id: 's1', name: '徐汇店', hours: { open: '09:00', close: '22:00' }, mallId: null }, created: true })
    await cli('staff', 'add', '--openid', 'o-1', '--store', 's1', '--role', 'manager')
    expect(await staffMe('o-1')).toMatchObject({ ok: true, data: { storeName: '徐汇店', role: 'manager' } })
  })

  test.each([
    [['staff', 'add', '--openid', 'o', '--store', 's1', '--role', 'boss'], /--role/],
    [['staff', 'add', '--openid', 'o', '--store', 's:1', '--role', 'clerk'], /--store/],
    [['staff', 'add', '--store', 's1', '--role', 'clerk'], /--openid is required/],
    [['staff', 'add', '--openid', 'o', '--store', 's1', '--role', 'clerk', '--phone', '123'], /--phone/],
    [['staff', 'remove', '--openid', 'nobody'], /no staff account nobody/],
    [['store', 'add', '--id', 's1', '--name', 'x', '--open', '9:00', '--close', '22:00'], /HH:mm/],
    [['store', 'add', '--id', 's1', '--name', 'x', '--open', '09:00'], /both --open and --close/],
  ])('%j fails with a reason and prints nothing on stdout', async (argv, reason) => {
    const res = await cli(...argv)
    expect(res).toMatchObject({ status: 1, stdout: '' })
    expect(res.stderr).toMatch(reason)
  })
})
