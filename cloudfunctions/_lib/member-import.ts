import { performance } from 'node:perf_hooks'
import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { errorCsvLine, isBlankRow, mapHeader, parseRow, repeatedPhone, type RowError } from '../../shared/member/import-row'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { programmeOn } from '../../shared/tier/programme'
import type { Database, Deps } from './deps'
import { readTable } from './import-file'
import { IMPORTS, loadJob, type ImportJob } from './import-jobs'
import { checkBatch, writeBatch, type BatchContext, type StoredRow } from './member-import-batch'
import { recordChange } from './operators'
import { loadTierConfig } from './tiers'

/**
 * Member imports, run a slice at a time so no call outlives a cloud function's timeout. The jobs
 * are in `imports` (import-jobs.ts); `import_rows` holds the file's rows, read and checked once at
 * start, 500 to a document (`<jobId>:<batch>`), with the errors found in them, so a step reads only
 * the batches it runs.
 */
export const IMPORT_ROWS = 'import_rows'
export const ROWS_PER_BATCH = 500
export const DEFAULT_BUDGET_MS = 8_000
/** How many errors the job itself shows; importErrors lists them all. */
const SHOWN_ERRORS = 20

interface RowBatch {
  _id: string
  jobId: string
  batch: number
  /** Data rows of the file in this batch, valid or not. */
  rowCount: number
  rows: StoredRow[]
  /** Found at start: rows that cannot be read (failed) and phones repeated in the file (skipped). */
  errors: RowError[]
  failedRows: number
  repeatedRows: number
  /** Found when the batch ran: phones that are already members'. */
  taken: RowError[]
}

const batchId = (jobId: string, batch: number) => `${jobId}:${String(batch).padStart(6, '0')}`
const jobIdAt = (now: Date, random: string) => `${now.getTime().toString(36).padStart(9, '0')}-${random}`
const byRow = (a: RowError, b: RowError) => a.row - b.row

export { IMPORTS, loadJob, toJobView, type ImportJob } from './import-jobs'

/**
 * Reads and checks the whole file, stores its rows in batches and creates the job (last, so a job
 * always has all its rows). Nothing is imported yet; stepImport does that. A file that cannot be
 * read, or has no phone column, is refused without a job.
 */
export async function startImport(
  deps: Deps,
  args: { fileId: string; fileName: string; dryRun: boolean; by: StaffRecord },
): Promise<Result<ImportJob>> {
  const { db } = deps
  const now = deps.now()
  const day = shanghaiDay(now)
  const bytes = await deps.files.get(args.fileId)
  if (!bytes) return fail('UPLOAD_NOT_FOUND')
  let table
  try {
    table = await readTable(bytes)
  } catch {
    return fail('IMPORT_FILE_INVALID')
  }
  const lines = table.rows.filter((r) => !isBlankRow(r.cells))
  if (lines.length === 0) return fail('IMPORT_FILE_INVALID', '文件是空的')
  const header = mapHeader(lines[0].cells)
  if (!header.ok) return fail('IMPORT_FILE_INVALID', header.message)
  const levels = programmeOn(await loadTierConfig(db), day).levels
  const jobId = jobIdAt(now, deps.ids.code())

  const data = lines.slice(1)
  const firstRowOf = new Map<string, number>()
  const batches: RowBatch[] = []
  data.forEach((line, i) => {
    const k = Math.floor(i / ROWS_PER_BATCH)
    const batch = (batches[k] ??= { _id: batchId(jobId, k), jobId, batch: k, rowCount: 0, rows: [], errors: [], failedRows: 0, repeatedRows: 0, taken: [] })
    batch.rowCount++
    const parsed = parseRow(line.cells, line.line, header.columns, { levels, today: day })
    if (!parsed.ok) {
      batch.errors.push(...parsed.errors)
      batch.failedRows++
      return
    }
    const first = firstRowOf.get(parsed.value.phone)
    if (first !== undefined) {
      batch.errors.push(repeatedPhone(line.line, first))
      batch.repeatedRows++
      return
    }
    firstRowOf.set(parsed.value.phone, line.line)
    batch.rows.push({ ...parsed.value, memberId: deps.ids.memberId() })
  })
  // A few batch documents per request: each is up to 500 rows.
  for (let i = 0; i < batches.length; i += 4) await db.collection(IMPORT_ROWS).add(batches.slice(i, i + 4))

  const job: ImportJob = {
    _id: jobId,
    fileId: args.fileId,
    fileName: args.fileName,
    format: table.format,
    dryRun: args.dryRun,
    status: 'running',
    by: { openid: args.by.openid, name: args.by.name, role: args.by.role, storeId: args.by.storeId },
    total: data.length,
    processed: 0,
    imported: 0,
    skipped: 0,
    failed: 0,
    batches: batches.length,
    nextBatch: 0,
    errors: [],
    errorCount: 0,
    day,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    message: null,
  }
  const { _id, ...doc } = job
  await db.collection(IMPORTS).doc(_id).set(doc)
  return ok(job)
}

/**
 * Runs batches from the job's checkpoint for about `budgetMs` (at least one batch). After each batch
 * the counts move and the checkpoint advances in one conditional update, so a batch is counted once
 * even when a killed step is run again or two steps race; the batch's writes skip whatever exists.
 * Null when there is no such job.
 */
export async function stepImport(deps: Deps, jobId: string, opts: { budgetMs?: number; maxBatches?: number } = {}): Promise<ImportJob | null> {
  const { db } = deps
  const _ = db.command
  const started = performance.now()
  const budget = opts.budgetMs ?? DEFAULT_BUDGET_MS
  let job = await loadJob(db, jobId)
  if (!job) return null
  const config = await loadTierConfig(db)
  for (let ran = 0; job.status === 'running' && job.nextBatch < job.batches; ran++) {
    if (ran > 0 && (ran >= (opts.maxBatches ?? Infinity) || performance.now() - started >= budget)) break
    const k = job.nextBatch
    const batch = ((await db.collection(IMPORT_ROWS).doc(batchId(jobId, k)).get()).data as RowBatch[])[0]
    if (!batch) throw new Error(`import ${jobId}: batch ${k} is missing`)
    const ctx: BatchContext = { jobId, batch: k, day: job.day, at: new Date(job.startedAt), source: { kind: 'admin', id: job.by.openid, storeId: null }, config }
    const outcome = job.dryRun ? await checkBatch(db, batch.rows) : await writeBatch(deps, ctx, batch.rows)
    await db.collection(IMPORT_ROWS).doc(batch._id).update({ taken: _.set(outcome.taken) })
    const found = [...batch.errors, ...outcome.taken].sort(byRow)
    await db
      .collection(IMPORTS)
      .where({ _id: jobId, nextBatch: k })
      .update({
        nextBatch: k + 1,
        processed: _.inc(batch.rowCount),
        imported: _.inc(outcome.imported),
        skipped: _.inc(batch.repeatedRows + outcome.taken.length),
        failed: _.inc(batch.failedRows),
        errorCount: _.inc(found.length),
        errors: _.set([...job.errors, ...found].slice(0, SHOWN_ERRORS)),
        updatedAt: deps.now(),
      })
    job = (await loadJob(db, jobId))!
  }
  return job.status === 'running' && job.nextBatch >= job.batches ? finish(deps, job) : job
}

const summary = (j: ImportJob) =>
  j.dryRun
    ? `预检完成：共 ${j.total} 行，可导入 ${j.imported} 人，将跳过 ${j.skipped} 行，有误 ${j.failed} 行`
    : `导入完成：共 ${j.total} 行，导入 ${j.imported} 人，跳过 ${j.skipped} 行，有误 ${j.failed} 行`

/** Marks the job done; whoever flips it records the operator change (a real import only). */
async function finish(deps: Deps, job: ImportJob): Promise<ImportJob> {
  const now = deps.now()
  const message = summary(job)
  const res = (await deps.db.collection(IMPORTS).where({ _id: job._id, status: 'running' }).update({ status: 'done', message, finishedAt: now, updatedAt: now })) as { updated?: number }
  if (res.updated === 1 && !job.dryRun) {
    const by: StaffRecord = { _id: job.by.openid, ...job.by, role: job.by.role as StaffRecord['role'], phone: null, active: true, createdAt: job.startedAt, updatedAt: job.startedAt }
    await recordChange(deps.db, by, {
      kind: 'members',
      targetId: job._id,
      action: 'import',
      reason: `导入 ${job.fileName}`,
      before: null,
      after: { fileName: job.fileName, fileId: job.fileId, total: job.total, imported: job.imported, skipped: job.skipped, failed: job.failed },
      now,
      random: deps.ids.code(),
    })
  }
  return (await loadJob(deps.db, job._id))!
}

/** The newest jobs first. */
export async function latestJobs(db: Database, limit = 20): Promise<ImportJob[]> {
  const res = await db.collection(IMPORTS).orderBy('_id', 'desc').limit(limit).get()
  return res.data as ImportJob[]
}

/** Every row error of the job as CSV (BOM, header 行号,字段,问题), in file order. */
export async function importErrorsCsv(db: Database, job: ImportJob): Promise<string> {
  const _ = db.command
  const lines = ['\uFEFF行号,字段,问题']
  for (let from = 0; from < job.batches; from += 50) {
    const ids = Array.from({ length: Math.min(50, job.batches - from) }, (_x, i) => batchId(job._id, from + i))
    const res = await db.collection(IMPORT_ROWS).where({ _id: _.in(ids) }).field({ errors: true, taken: true }).orderBy('_id', 'asc').limit(50).get()
    for (const b of res.data as Array<Pick<RowBatch, 'errors' | 'taken'>>) lines.push(...[...b.errors, ...(b.taken ?? [])].sort(byRow).map(errorCsvLine))
  }
  return `${lines.join('\r\n')}\r\n`
}
