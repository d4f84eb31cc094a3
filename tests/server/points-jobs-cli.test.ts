import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, type RunningServer } from '../../scripts/server'
import { DefaultEarningRules } from '../../shared/points/earning-rules'
import { runCliIn } from './cli-run'

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-points-cli-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...argv: string[]) => runCliIn(dataDir, ...argv)

describe('jobs and earning rules from the command line and the local server', () => {
  test('job points-expiry / points-expiry-warning --json print their summaries', async () => {
    const expiry = await cli('job', 'points-expiry', '--json')
    expect(expiry.status).toBe(0)
    expect(JSON.parse(expiry.stdout)).toEqual({ today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), scanned: 0, expired: 0, lots: 0, points: 0 })
    const warning = await cli('job', 'points-expiry-warning', '--json')
    expect(JSON.parse(warning.stdout)).toMatchObject({ scanned: 0, messages: 0 })
  })

  test('an unknown job fails, naming the jobs there are', async () => {
    const res = await cli('job', 'nope', '--json')
    expect(res).toMatchObject({ status: 1, stdout: '' })
    expect(res.stderr).toContain('points-expiry-warning')
  })

  test('config set --earning checks the file, stores it with defaults filled in; config show reads it back', async () => {
    expect(JSON.parse((await cli('config', 'show', '--json')).stdout)).toEqual({ earning: DefaultEarningRules })
    const file = path.join(dataDir, 'earning.json')
    writeFileSync(file, JSON.stringify({ rate: { yuan: 1, points: 10 }, pendingDays: 7 }))
    expect((await cli('config', 'set', '--earning', file, '--json')).status).toBe(0)
    expect(JSON.parse((await cli('config', 'show', '--json')).stdout)).toEqual({ earning: { ...DefaultEarningRules, rate: { yuan: 1, points: 10 }, pendingDays: 7 } })

    writeFileSync(file, JSON.stringify({ stores: { S1: { multiplier: 1.5 } } })) // a number, not an exact decimal string
    const refused = await cli('config', 'set', '--earning', file)
    expect(refused).toMatchObject({ status: 1, stdout: '' })
    expect(refused.stderr).toContain('stores.S1.multiplier')
    expect(JSON.parse((await cli('config', 'show', '--json')).stdout).earning.pendingDays).toBe(7)
  })

  test('POST /_dev/jobs/points-expiry runs the job at the server clock', async () => {
    const server: RunningServer = await startServer({ port: 0, dataDir, mode: 'local', quiet: true, log: { error: () => {} } })
    try {
      const post = (url: string, body: object = {}) =>
        fetch(server.url + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
      await post('/_dev/clock', { now: '2027-03-01T00:30:00+08:00', frozen: true })
      expect(await post('/_dev/jobs/points-expiry')).toEqual({ ok: true, data: { today: '2027-03-01', scanned: 0, expired: 0, lots: 0, points: 0 } })
      expect(await post('/_dev/jobs/points-expiry-warning')).toMatchObject({ ok: true, data: { today: '2027-03-01', until: '2027-03-08' } })
    } finally {
      await server.close()
    }
  })
})
