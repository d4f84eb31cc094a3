import { fail, ok } from '../../shared/errors'
import { exportPage as readExportPage } from '../_lib/member-export'
import { importErrorsCsv, latestJobs, loadJob, startImport, stepImport, toJobView } from '../_lib/member-import'
import { authorizeOperator } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { receiveChunk, uploadOfFile } from '../_lib/uploads'

/** admin.upload: one chunk of a file (item pictures, import files). Any operator. */
export const upload: Handler<'admin', 'upload'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'manager')
  if (!staff.ok) return staff
  return receiveChunk(ctx.deps, staff.data, input, ctx.now)
}

/**
 * admin.importStart {fileId, dryRun}: reads and checks the uploaded file and creates the job; the
 * console then calls importStep until the job is done. Imports touch every member: admins only.
 */
export const importStart: Handler<'admin', 'importStart'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const upload = await uploadOfFile(ctx.deps, input.fileId)
  const started = await startImport(ctx.deps, { fileId: input.fileId, fileName: upload?.name ?? input.fileId, dryRun: input.dryRun, by: staff.data })
  return started.ok ? ok(toJobView(started.data)) : started
}

/** admin.importStep {jobId}: runs the job for up to 8 s from its checkpoint and answers where it stands. */
export const importStep: Handler<'admin', 'importStep'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const job = await stepImport(ctx.deps, input.jobId)
  return job ? ok(toJobView(job)) : fail('IMPORT_NOT_FOUND')
}

/** admin.imports: the 20 latest jobs, newest first. */
export const imports: Handler<'admin', 'imports'> = async (_input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  return ok({ jobs: (await latestJobs(ctx.deps.db)).map(toJobView) })
}

/** admin.importErrors {jobId}: every row error of the job, as CSV. */
export const importErrors: Handler<'admin', 'importErrors'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const job = await loadJob(ctx.deps.db, input.jobId)
  if (!job) return fail('IMPORT_NOT_FOUND')
  return ok({ csv: await importErrorsCsv(ctx.deps.db, job), filename: `import-errors-${job._id}.csv` })
}

/** admin.exportPage {kind, cursor?}: 5,000 members or ledger entries as CSV; every phone in full, so admins only. */
export const exportPage: Handler<'admin', 'exportPage'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  return ok(await readExportPage(ctx.deps.db, input.kind, input.cursor))
}
