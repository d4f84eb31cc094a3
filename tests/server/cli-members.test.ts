import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeImportCsv } from '../../bench/import-fixture'
import { ACCOUNTS, LEDGER } from '../../cloudfunctions/_lib/ledger'
import { startImport, stepImport } from '../../cloudfunctions/_lib/member-import'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { CLI_OPERATOR, OPERATOR_CHANGES } from '../../cloudfunctions/_lib/operators'
import { openLocalRuntime } from '../../scripts/server/runtime'
import { runCliIn } from './cli-run'

let dataDir: string
let csv: string
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-cli-members-'))
  csv = path.join(dataDir, 'members.csv')
  writeImportCsv(csv, 1_200)
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...argv: string[]) => runCliIn(dataDir, ...argv)

async function withRuntime<T>(work: (rt: ReturnType<typeof openLocalRuntime>) => Promise<T>): Promise<T> {
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: () => undefined } })
  try {
    return await work(rt)
  } finally {
    rt.close()
  }
}

test('member import: imports the file step by step, progress on stderr, the summary on stdout', async () => {
  const r = await cli('member', 'import', '--file', csv, '--json')
  expect(r.status).toBe(0)
  expect(JSON.parse(r.stdout)).toMatchObject({ status: 'done', dryRun: false, total: 1_200, processed: 1_200, imported: 1_200, failed: 0, errorCount: 0 })
  expect(r.stderr).toContain('imported 1,200/1,200 rows')
  await withRuntime(async (rt) => {
    expect(rt.store.rawCount(MEMBERS)).toBe(1_200)
    expect(rt.store.rawFind(OPERATOR_CHANGES)).toEqual([expect.objectContaining({ action: 'import', by: expect.objectContaining({ openid: 'cli' }) })])
  })
  // The same file again: every phone is now a member, so every row is skipped.
  const again = await cli('member', 'import', '--file', csv, '--json')
  expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped: 1_200, errorCount: 1_200 })
})

test('member import --dry-run writes no member', async () => {
  const r = await cli('member', 'import', '--file', csv, '--dry-run')
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('预检完成')
  await withRuntime(async (rt) => expect(rt.store.rawCount(MEMBERS)).toBe(0))
})

test('member import --resume finishes a job an earlier run left half done', async () => {
  const jobId = await withRuntime(async (rt) => {
    const fileId = await rt.deps.files.put('members.csv', readFileSync(csv))
    const started = await startImport(rt.deps, { fileId, fileName: 'members.csv', dryRun: false, by: CLI_OPERATOR })
    if (!started.ok) throw new Error(started.error.message)
    await stepImport(rt.deps, started.data._id, { maxBatches: 1 })
    return started.data._id
  })
  const r = await cli('member', 'import', '--resume', jobId, '--json')
  expect(r.status).toBe(0)
  expect(JSON.parse(r.stdout)).toMatchObject({ jobId, status: 'done', imported: 1_200 })
  await withRuntime(async (rt) => expect(rt.store.rawCount(MEMBERS)).toBe(1_200))
})

test('member import reports what is wrong with the file or the operator', async () => {
  const bad = path.join(dataDir, 'bad.csv')
  writeFileSync(bad, '姓名\n王芳\n')
  expect(await cli('member', 'import', '--file', bad)).toMatchObject({ status: 1, stderr: expect.stringContaining('手机号') })
  expect(await cli('member', 'import', '--file', csv, '--by', 'nobody')).toMatchObject({ status: 1, stderr: expect.stringContaining('no active admin') })
  expect(await cli('member', 'import', '--resume', 'nope')).toMatchObject({ status: 1, stderr: expect.stringContaining('no import job') })
})

test('member export and ledger export write every row to the file, header first', async () => {
  await cli('member', 'import', '--file', csv)
  const out = path.join(dataDir, 'out.csv')
  const r = await cli('member', 'export', '--out', out, '--json')
  expect(JSON.parse(r.stdout)).toEqual({ kind: 'members', rows: 1_200, file: out })
  const lines = readFileSync(out, 'utf8').split('\r\n').filter(Boolean)
  expect(lines[0]).toBe('\uFEFF会员ID,会员号,手机号,姓名,生日,性别,地区,等级,积分,导入,已认领,注册时间')
  expect(lines).toHaveLength(1_201)
  const phones = new Set(readFileSync(csv, 'utf8').split('\r\n').slice(1, -1).map((l) => l.split(',')[0]))
  expect(new Set(lines.slice(1).map((l) => l.split(',')[2]))).toEqual(phones)

  const ledgerOut = path.join(dataDir, 'ledger.csv')
  const l = await cli('ledger', 'export', '--out', ledgerOut, '--json')
  const entries = await withRuntime(async (rt) => rt.store.rawCount(LEDGER))
  expect(entries).toBeGreaterThan(500)
  expect(JSON.parse(l.stdout)).toEqual({ kind: 'ledger', rows: entries, file: ledgerOut })
  const ledgerLines = readFileSync(ledgerOut, 'utf8').split('\r\n').filter(Boolean)
  expect(ledgerLines).toHaveLength(entries + 1)
  expect(ledgerLines[1]).toMatch(/^import:[0-9a-f]{32},[0-9a-f]{32},1,earn,\d+,期初积分导入,admin,cli,,,\d{4}-\d{2}-\d{2},,/)
  await withRuntime(async (rt) => expect(rt.store.rawCount(ACCOUNTS)).toBe(entries))
})

test('an export to stdout cannot also print JSON', async () => {
  expect(await cli('member', 'export', '--json')).toMatchObject({ status: 1, stderr: expect.stringContaining('--out') })
})
