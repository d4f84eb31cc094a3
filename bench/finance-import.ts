import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startImport, stepImport } from '../cloudfunctions/_lib/member-import'
import type { StaffRecord } from '../shared/staff/staff-record'
import { openLocalRuntime } from '../scripts/server/runtime'
import { writeImportCsv } from './import-fixture'
import { NOW } from './finance-data'

/** The member import's figure: startImport plus stepImport until done, on a fresh store. */
export interface ImportFigure {
  rows: number
  seconds: number
  startSeconds: number
  steps: number
  rowsPerSec: number
  peakRssMb: number
  heapDeltaMb: number
  csvSeconds: number
  job: { status: string; total: number; imported: number; skipped: number; failed: number }
  membersStored: number
  ok: boolean
  detail: string
}

const ADMIN: StaffRecord = {
  _id: 'bench-admin', openid: 'bench-admin', role: 'admin', storeId: 'S01', name: '基准管理员', phone: null, active: true,
  createdAt: NOW, updatedAt: NOW,
}

/** `rows` members from bench/import-fixture.ts through the import engine exactly as the console drives it. */
export async function benchImport(opts: { rows: number; log: (s: string) => void }): Promise<ImportFigure> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-import-'))
  const rt = openLocalRuntime({ dataDir: dir, mode: 'local', log: { error: (m, e) => console.error(m, e) } })
  try {
    rt.clock.set(NOW, { frozen: true })
    const csv = path.join(dir, 'members.csv')
    let t = process.hrtime.bigint()
    writeImportCsv(csv, opts.rows)
    const csvSeconds = Number(process.hrtime.bigint() - t) / 1e9
    const fileId = await rt.deps.files.put('members.csv', readFileSync(csv))
    opts.log(`member import: ${opts.rows.toLocaleString('en')} rows ...`)

    const heap0 = process.memoryUsage().heapUsed
    let peakRss = process.memoryUsage().rss
    let peakHeap = heap0
    const timer = setInterval(() => {
      const m = process.memoryUsage()
      peakRss = Math.max(peakRss, m.rss)
      peakHeap = Math.max(peakHeap, m.heapUsed)
    }, 100)
    t = process.hrtime.bigint()
    const started = await startImport(rt.deps, { fileId, fileName: 'members.csv', dryRun: false, by: ADMIN })
    if (!started.ok) throw new Error(`startImport: ${JSON.stringify(started)}`)
    const startSeconds = Number(process.hrtime.bigint() - t) / 1e9
    let job = started.data
    let steps = 0
    while (job.status === 'running') {
      job = (await stepImport(rt.deps, job._id))!
      steps++
    }
    const seconds = Number(process.hrtime.bigint() - t) / 1e9
    clearInterval(timer)
    const membersStored = rt.store.rawCount('members')
    const ok = job.status === 'done' && job.imported + job.skipped + job.failed === job.total && membersStored === job.imported
    const f: ImportFigure = {
      rows: opts.rows, seconds, startSeconds, steps, rowsPerSec: Math.round(job.total / seconds),
      peakRssMb: Math.round(peakRss / 2 ** 20), heapDeltaMb: Math.round((peakHeap - heap0) / 2 ** 20), csvSeconds,
      job: { status: job.status, total: job.total, imported: job.imported, skipped: job.skipped, failed: job.failed }, membersStored, ok,
      detail: `start ${startSeconds.toFixed(1)} s + ${steps} steps; ${job.status}: ${job.imported.toLocaleString('en')} imported, ${job.skipped} skipped, ${job.failed} failed, ${membersStored.toLocaleString('en')} members stored${ok ? '' : ' (MISMATCH)'}; CSV written in ${csvSeconds.toFixed(1)} s (not timed)`,
    }
    opts.log(`  ${seconds.toFixed(1)} s, ${f.rowsPerSec.toLocaleString('en')} rows/s, peak RSS ${f.peakRssMb} MB; ${f.detail}`)
    return f
  } finally {
    rt.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
