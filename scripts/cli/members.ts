import { createWriteStream, readFileSync } from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { exportPage, type ExportKind } from '../../cloudfunctions/_lib/member-export'
import { loadJob, startImport, stepImport, toJobView, type ImportJob } from '../../cloudfunctions/_lib/member-import'
import { CLI_OPERATOR } from '../../cloudfunctions/_lib/operators'
import { staffByOpenid } from '../../cloudfunctions/_lib/staff-records'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { CliError, type CliContext, type Command } from './command'
import { required } from './flags'

/** Who the command acts as: `--by OPENID` (an active admin's staff record), else the built-in CLI operator. */
async function operator(ctx: CliContext): Promise<StaffRecord> {
  const by = ctx.values.by
  if (by === undefined) return CLI_OPERATOR
  if (typeof by !== 'string' || by.trim() === '') throw new CliError('--by is an openid')
  const staff = await staffByOpenid(ctx.runtime().deps.db, by.trim())
  if (!staff || !staff.active || staff.role !== 'admin') throw new CliError(`--by ${by}: no active admin with this openid`)
  return staff
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`)
  }
}

const progress = (j: ImportJob) =>
  process.stderr.write(`${j.dryRun ? 'checked' : 'imported'} ${j.processed.toLocaleString('en')}/${j.total.toLocaleString('en')} rows (${j.imported.toLocaleString('en')} members, ${j.skipped} skipped, ${j.failed} with errors)\n`)

/**
 * `member import`: the console's import from the command line: the file is stored, read and
 * checked once, then run step after step from its checkpoint (progress on stderr) until done.
 * `--resume JOB` goes on with a job an interrupted run left running.
 */
export const memberImport: Command = {
  words: ['member', 'import'],
  usage: '--file F [--dry-run] | --resume JOB  [--by OPENID]',
  summary: 'import members from CSV or XLSX (phone, name, birthday, tier, opening points); resumable',
  options: { file: { type: 'string' }, 'dry-run': { type: 'boolean' }, resume: { type: 'string' }, by: { type: 'string' } },
  async run(ctx) {
    const { deps } = ctx.runtime()
    let job: ImportJob | null
    if (typeof ctx.values.resume === 'string') {
      job = await loadJob(deps.db, ctx.values.resume)
      if (!job) throw new CliError(`no import job ${ctx.values.resume}`)
    } else {
      const file = required(ctx, 'file')
      const by = await operator(ctx)
      const fileId = await deps.files.put(path.basename(file), readFile(file))
      const started = await startImport(deps, { fileId, fileName: path.basename(file), dryRun: ctx.values['dry-run'] === true, by })
      if (!started.ok) throw new CliError(`${file}: ${started.error.message}`)
      job = started.data
      process.stderr.write(`job ${job._id}: ${job.total.toLocaleString('en')} rows\n`)
    }
    while (job.status === 'running') {
      job = (await stepImport(deps, job._id))!
      progress(job)
    }
    const view = toJobView(job)
    const more = job.errorCount > job.errors.length ? [`… ${job.errorCount - job.errors.length} more: admin.importErrors {jobId: "${job._id}"}`] : []
    return {
      json: { ...view, errorCount: job.errorCount },
      text: [`job ${job._id}: ${job.message ?? job.status}`, ...job.errors.map((e) => `  row ${e.row}${e.field ? ` (${e.field})` : ''}: ${e.message}`), ...more].join('\n'),
    }
  },
}

/** Writes a page, waiting when the stream's buffer is full: at most a page is ever held. */
async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, 'drain')
}

function exportCommand(kind: ExportKind, words: string[], summary: string): Command {
  return {
    words,
    usage: '[--out FILE]',
    summary,
    options: { out: { type: 'string' } },
    async run(ctx) {
      const file = typeof ctx.values.out === 'string' && ctx.values.out.trim() !== '' ? ctx.values.out.trim() : null
      if (!file && ctx.values.json) throw new CliError('--json needs --out FILE (the CSV would share stdout with the JSON)')
      const { deps } = ctx.runtime()
      const out: Writable = file ? createWriteStream(file) : process.stdout
      let rows = 0
      let cursor: string | undefined
      try {
        do {
          const page = await exportPage(deps.db, kind, cursor)
          await write(out, page.csv)
          rows += page.rows
          cursor = page.nextCursor ?? undefined
          if (file) process.stderr.write(`${rows.toLocaleString('en')} rows\n`)
        } while (cursor)
      } finally {
        if (file) {
          out.end()
          await once(out, 'close')
        }
      }
      const summaryText = `exported ${rows.toLocaleString('en')} ${kind === 'members' ? 'members' : 'ledger entries'}${file ? ` to ${file}` : ''}`
      // Without --out the CSV is stdout: the summary goes to stderr.
      if (!file) process.stderr.write(`${summaryText}\n`)
      return { json: { kind, rows, file }, text: file ? summaryText : '' }
    },
  }
}

/** `member export`: every member as CSV (UTF-8 with BOM), 5,000 at a time. */
export const memberExport = exportCommand('members', ['member', 'export'], 'every member as CSV, with level and points (streamed)')
/** `ledger export`: every ledger entry as CSV, 5,000 at a time. */
export const ledgerExport = exportCommand('ledger', ['ledger', 'export'], 'every points ledger entry as CSV (streamed)')
