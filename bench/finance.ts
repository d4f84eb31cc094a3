import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { ReportName } from '../shared/admin/schemas'
import { LEDGER } from '../cloudfunctions/_lib/ledger'
import { closeLedger, LEDGER_MONTHS } from '../cloudfunctions/_lib/ledger-close'
import { runReport } from '../cloudfunctions/_lib/reports'
import { useLocalStore, type LocalStore } from '../scripts/local-cloudbase'
import { openLocalRuntime, type LocalRuntime } from '../scripts/server/runtime'
import { benchRawSqlite, timedScan } from './raw-sqlite'
import { arg, defaultDir, ensureFinanceData, NOW, type FinanceStamp } from './finance-data'
import { verifyFinanceData } from './finance-verify'
import { benchImport, type ImportFigure } from './finance-import'

/**
 * Issue 8's finance benchmark: every finance report once, in-process, through `runReport`
 * (cloudfunctions/_lib/reports.ts), i.e. through the real SDK and the local store's query path,
 * over a generated data set (bench/finance-data.ts; 1,000,000 members and 10,000,000 ledger entries
 * stand-alone). Each report: wall seconds, documents the store handed to the SDK (counted at the
 * transport) per second, peak RSS and heap growth (process.memoryUsage every 100 ms, plus the
 * kernel's VmHWM, reset before each report through /proc/self/clear_refs). Then the 100,000-row
 * member import on a fresh store. Targets: a report < 60 s, the import < 120 s.
 *
 * `npx tsx bench/finance.ts [--members 1000000 --entries 10000000] [--seed 1] [--dir D] [--only liability,points] [--no-import]`
 */

export const REPORTS: ReportName[] = ['liability', 'points', 'redemption', 'cost', 'coupons', 'tiers', 'settlement']
type ReportInput = Parameters<typeof runReport>[1]
export interface ReportFigure {
  name: string
  /** How the ledger was read: every entry (no month closed yet), or closed months from their rollups. */
  via: 'whole ledger' | 'closed months rolled up' | 'job'
  seconds: number
  /** Documents the store returned to the SDK during the report. */
  docs: number
  docsPerSec: number
  peakRssMb: number
  rssBeforeMb: number
  /** Highest heapUsed seen minus heapUsed at the start. */
  heapDeltaMb: number
  /** The kernel's peak RSS during the report (VmHWM after a reset), when /proc allows the reset. */
  hwmMb: number | null
  samples: number
  summary: string
  error?: string
}

const mb = (b: number) => Math.round(b / 2 ** 20)
const procKb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0)
function resetHwm(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch {
    return false
  }
}

/** Counts the documents every getDocument/aggregate answer carries, on the way to the SDK. */
export function counting(store: LocalStore): { store: LocalStore; docs: () => number } {
  let docs = 0
  const counted: LocalStore = Object.create(store)
  counted.request = (action, params) => {
    const res = store.request(action, params)
    const list = (res.data as { list?: unknown[] } | undefined)?.list
    if (Array.isArray(list)) docs += list.length
    return res
  }
  return { store: counted, docs: () => docs }
}

/** One line saying what came out, so a wrong answer is visible next to the time. */
function summarize(data: unknown): string {
  if (data === null || typeof data !== 'object') return String(data)
  const d = data as Record<string, unknown>
  const parts: string[] = []
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number') parts.push(`${k} ${v.toLocaleString('en')}`)
    else if (Array.isArray(v)) parts.push(`${k}: ${v.length} rows`)
    if (parts.length >= 5) break
  }
  return parts.join(', ')
}

async function measure(name: string, docs: () => number, run: () => Promise<unknown>): Promise<Omit<ReportFigure, 'via'>> {
  if (global.gc) global.gc()
  const hwm = resetHwm()
  const before = process.memoryUsage()
  let peakRss = before.rss
  let peakHeap = before.heapUsed
  let samples = 0
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    samples++
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }, 100)
  const docs0 = docs()
  const started = process.hrtime.bigint()
  let data: unknown
  let error: string | undefined
  try {
    data = await run()
  } catch (e) {
    error = (e as Error).stack ?? String(e)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  clearInterval(timer)
  const end = process.memoryUsage()
  peakRss = Math.max(peakRss, end.rss)
  peakHeap = Math.max(peakHeap, end.heapUsed)
  const n = docs() - docs0
  return {
    name, seconds, docs: n, docsPerSec: Math.round(n / seconds), peakRssMb: mb(peakRss), rssBeforeMb: mb(before.rss),
    heapDeltaMb: mb(peakHeap - before.heapUsed), hwmMb: hwm ? Math.round(procKb('VmHWM') / 1024) : null, samples,
    summary: error ? 'FAILED' : summarize((data as { data?: unknown })?.data ?? data), error,
  }
}

/** The ceiling for reads: the ledger's rows straight from SQLite, JSON.parse'd, for about `seconds`. */
function rawScan(dir: string, seconds = 3): { docsPerSec: number; n: number } {
  const db = new Database(path.join(dir, 'cloudbase.sqlite'), { readonly: true })
  try {
    const stmt = db.prepare<[string], { id: string; body: string }>('SELECT id, body FROM docs WHERE coll = ? ORDER BY id')
    const { n, seconds: took } = timedScan(() => stmt.iterate(LEDGER), seconds)
    return { docsPerSec: Math.round(n / took), n }
  } finally {
    db.close()
  }
}

export interface FinanceBench {
  at: string
  machine: string
  members: number
  entries: number
  data: FinanceStamp & { reused: boolean; dir: string }
  openSeconds: number
  verified: string
  raw: { writeTxPerSec: number; scanDocsPerSec: number }
  reports: ReportFigure[]
  import: ImportFigure | { skipped: string }
}

export async function runFinanceBench(opts: {
  members: number
  entries: number
  seed?: number
  dir?: string
  only?: ReportName[]
  skipImport?: boolean
  importRows?: number
  log?: (s: string) => void
}): Promise<FinanceBench> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const at = new Date().toISOString()
  const dir = opts.dir ?? defaultDir(opts.members, opts.entries)
  const { stamp, reused } = ensureFinanceData({ members: opts.members, entries: opts.entries, seed: opts.seed ?? 1, dir, log })

  const raw = await benchRawSqlite()
  const scan = rawScan(dir)
  log(`raw SQLite: ${raw.opsPerSec.toLocaleString('en')} write tx/s; ledger scan + JSON.parse ${scan.docsPerSec.toLocaleString('en')} docs/s`)

  let openStarted = process.hrtime.bigint()
  const rt: LocalRuntime = openLocalRuntime({ dataDir: dir, mode: 'local', log: { error: (m, e) => console.error(m, e) } })
  const openSeconds = Number(process.hrtime.bigint() - openStarted) / 1e9
  const reports: ReportFigure[] = []
  try {
    rt.clock.set(NOW, { frozen: true })
    const verified = await verifyFinanceData(rt.deps.db, stamp)
    log(`store opened in ${openSeconds.toFixed(1)} s; ${verified}`)
    const { store, docs } = counting(rt.store)
    useLocalStore(store)
    const run = async (name: ReportName, via: ReportFigure['via'], label = `report ${name}`) => {
      const input: ReportInput = { name, format: 'json', ...(name === 'settlement' ? { mallId: 'mall-wanda' } : {}) }
      log(`${label} ...`)
      const f = await measure(label, docs, () => runReport(rt.deps, input, { storeIds: null }))
      reports.push({ ...f, via })
      log(`  ${f.seconds.toFixed(1)} s, ${f.docs.toLocaleString('en')} docs (${f.docsPerSec.toLocaleString('en')}/s), peak RSS ${f.peakRssMb} MB (VmHWM ${f.hwmMb}), heap +${f.heapDeltaMb} MB; ${f.error ?? f.summary}`)
    }
    // The data set is reused between runs, and an earlier run's close lives in it: drop it, so the
    // "no month closed" report and the job's first run below really are that.
    await rt.deps.db.collection(LEDGER_MONTHS).where({ _id: rt.deps.db.command.exists(true) }).remove()
    // The points report before any month is closed: what every ledger report costs without the close.
    if (!opts.only || opts.only.includes('points')) await run('points', 'whole ledger', 'report points (no month closed yet)')
    // The monthly job, its first run: the whole ledger once (later runs read only the months they close).
    log('job ledger-close ...')
    const close = await measure('job ledger-close (first run)', docs, () => closeLedger(rt.deps.db, rt.deps.now()))
    reports.push({ ...close, via: 'job' })
    log(`  ${close.seconds.toFixed(1)} s, ${close.docs.toLocaleString('en')} docs; ${close.error ?? close.summary}`)
    for (const name of opts.only ?? REPORTS) await run(name, 'closed months rolled up')
    useLocalStore(rt.store)
    const imported = opts.skipImport ? { skipped: 'not asked for' } : await benchImport({ rows: opts.importRows ?? 100_000, log })
    return {
      at, machine: machine(), members: opts.members, entries: opts.entries, data: { ...stamp, reused, dir }, openSeconds, verified,
      raw: { writeTxPerSec: raw.opsPerSec, scanDocsPerSec: scan.docsPerSec }, reports, import: imported,
    }
  } finally {
    rt.close()
  }
}

const machine = () => `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`

/** The table: one row per report and one for the import, with the target and the ratios to the raw ceilings of this run. */
export function financeTable(b: FinanceBench): string {
  const scale = `${b.members.toLocaleString('en')} members, ${b.data.counts.ledger.toLocaleString('en')} entries`
  const rows = b.reports.map((r) => {
    const ok = r.via === 'job' ? 'n/a' : r.error ? 'FAILED' : r.seconds < 60 ? 'yes' : 'NO'
    return `| ${r.name} | ${r.seconds.toFixed(1)} | ${r.docs.toLocaleString('en')} | ${r.docsPerSec.toLocaleString('en')} | ${(r.docsPerSec / b.raw.writeTxPerSec).toFixed(2)} | ${(r.docsPerSec / b.raw.scanDocsPerSec).toFixed(2)} | ${r.peakRssMb} (${r.hwmMb ?? '?'}) | +${r.heapDeltaMb} | ${r.via === 'job' ? 'once a month' : '< 60 s'} | ${ok} | ${r.via}; ${r.error ? r.error.split('\n')[0] : r.summary} |`
  })
  const im = b.import
  if ('skipped' in im) rows.push(`| member import | | | | | | | | < 120 s | n/a | ${im.skipped} |`)
  else
    rows.push(
      `| member import ${im.rows.toLocaleString('en')} rows | ${im.seconds.toFixed(1)} | ${im.rows.toLocaleString('en')} | ${im.rowsPerSec.toLocaleString('en')} | ${(im.rowsPerSec / b.raw.writeTxPerSec).toFixed(2)} | | ${im.peakRssMb} | | < 120 s | ${im.seconds < 120 && im.ok ? 'yes' : 'NO'} | ${im.detail} |`,
    )
  return [
    `Finance benchmark, ${b.at}: ${scale} (data ${b.data.reused ? 'reused' : 'generated'} in ${b.data.seconds.toFixed(0)} s, ${b.data.dbMb} MB; store opened in ${b.openSeconds.toFixed(1)} s). ${b.machine}.`,
    `Raw ceilings in this run: ${b.raw.writeTxPerSec.toLocaleString('en')} write tx/s (bench/raw-sqlite.ts), ${b.raw.scanDocsPerSec.toLocaleString('en')} docs/s ledger scan + JSON.parse. ${b.verified}`,
    '',
    '| benchmark | s | docs | docs/s | ÷ raw tx/s | ÷ raw scan | peak RSS MB (VmHWM) | heap Δ MB | target | met | detail |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

/** Rows for `npm run bench` (bench/run.ts): a smaller scale by default, so the whole run stays short. */
export async function benchFinance(opts: { members?: number; entries?: number } = {}) {
  const b = await runFinanceBench({ members: opts.members ?? 100_000, entries: opts.entries ?? 1_000_000 })
  const scale = `${b.members.toLocaleString('en')} members / ${b.data.counts.ledger.toLocaleString('en')} entries`
  const figures = b.reports.map((r) => ({
    name: r.name,
    opsPerSec: r.docsPerSec,
    n: r.docs,
    detail: `${scale}, ${r.via}: ${r.error ? 'FAILED ' + r.error.split('\n')[0] : `${r.seconds.toFixed(1)} s`}, peak RSS ${r.peakRssMb} MB, heap +${r.heapDeltaMb} MB (docs/s)`,
  }))
  const im = b.import
  if (!('skipped' in im)) figures.push({ name: 'member import', opsPerSec: im.rowsPerSec, n: im.rows, detail: `${im.seconds.toFixed(1)} s, peak RSS ${im.peakRssMb} MB; ${im.detail} (rows/s)` })
  return figures
}

if (require.main === module) {
  ;(async () => {
    const members = Number(arg('members') ?? 1_000_000)
    const entries = Number(arg('entries') ?? members * 10)
    const only = arg('only')?.split(',') as ReportName[] | undefined
    const b = await runFinanceBench({ members, entries, seed: Number(arg('seed') ?? 1), dir: arg('dir'), only, skipImport: process.argv.includes('--no-import'), importRows: arg('import-rows') ? Number(arg('import-rows')) : undefined })
    const table = financeTable(b)
    console.log('\n' + table + '\n')
    const dir = path.join(__dirname, 'results')
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, `finance-${b.at.replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify({ ...b, table }, null, 2) + '\n')
    console.error(`written to ${path.relative(process.cwd(), file)}`)
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
