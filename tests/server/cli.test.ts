import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runCliIn } from './cli-run'

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-cli-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...argv: string[]) => runCliIn(dataDir, ...argv)

describe('npm run cli', () => {
  test('seed demo --json prints one JSON document: the demo members, phones masked', async () => {
    const { status, stdout } = await cli('seed', 'demo', '--json')
    expect(status).toBe(0)
    const doc = JSON.parse(stdout)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(doc.members).toEqual([
      { openid: 'demo-member-1', memberNo: expect.stringMatching(/^\d{10}$/), phone: '138****0001', created: true },
      { openid: 'demo-member-2', memberNo: expect.stringMatching(/^\d{10}$/), phone: '138****0002', created: true },
    ])
  })

  test('seeding again changes nothing', async () => {
    const first = JSON.parse((await cli('seed', 'demo', '--json')).stdout)
    const again = JSON.parse((await cli('seed', 'demo', '--json')).stdout)
    expect(again.members.map((m: { created: boolean }) => m.created)).toEqual([false, false])
    expect(again.members.map((m: { memberNo: string }) => m.memberNo)).toEqual(first.members.map((m: { memberNo: string }) => m.memberNo))
  })

  test('help lists the commands, as text or JSON', async () => {
    const text = await cli('help')
    expect(text.status).toBe(0)
    expect(text.stdout).toContain('seed demo')
    const json = JSON.parse((await cli('help', '--json')).stdout)
    expect(json.commands.map((c: { command: string }) => c.command)).toContain('seed demo')
  })

  test('an unknown command or option fails with a status, nothing on stdout and the reason on stderr', async () => {
    expect(await cli('nonsense')).toEqual({ status: 2, stdout: '', stderr: expect.stringContaining('unknown command: nonsense') })
    expect(await cli('seed', 'demo', '--bogus')).toEqual({ status: 1, stdout: '', stderr: expect.stringContaining('bogus') })
  })
})
