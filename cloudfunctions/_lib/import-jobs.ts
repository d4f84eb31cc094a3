import type { ImportJobView } from '../../shared/admin/schemas'
import type { MemberRecord } from '../../shared/member/member-record'
import type { RowError } from '../../shared/member/import-row'
import type { Database } from './deps'
import type { Transaction } from './transaction'
import { isUnclaimed } from '../../shared/member/member-record'

/**
 * `imports`: one job per imported file (`_id` sorts by start time), its counts and its checkpoint
 * `nextBatch`. Kept apart from the engine (member-import.ts) so registration can ask whether an
 * imported member is complete without loading the file parsers.
 */
export const IMPORTS = 'imports'

export interface ImportJob {
  _id: string
  fileId: string
  fileName: string
  format: 'csv' | 'xlsx'
  dryRun: boolean
  status: 'running' | 'done' | 'failed'
  by: { openid: string; name: string | null; role: string; storeId: string }
  /** Data rows in the file (blank rows not counted). */
  total: number
  processed: number
  imported: number
  skipped: number
  failed: number
  batches: number
  /** The checkpoint: the first batch not yet complete and counted. */
  nextBatch: number
  /** The first errors, in file order (all of them: importErrors). */
  errors: RowError[]
  errorCount: number
  /** The Asia/Shanghai day the import started. */
  day: string
  startedAt: Date
  updatedAt: Date
  finishedAt: Date | null
  message: string | null
}

export async function loadJob(db: Database, jobId: string): Promise<ImportJob | null> {
  const res = await db.collection(IMPORTS).doc(jobId).get()
  return ((res.data as ImportJob[])[0] ?? null) as ImportJob | null
}

export function toJobView(j: ImportJob): ImportJobView {
  return {
    jobId: j._id,
    fileName: j.fileName,
    dryRun: j.dryRun,
    status: j.status,
    total: j.total,
    processed: j.processed,
    imported: j.imported,
    skipped: j.skipped,
    failed: j.failed,
    errors: j.errors.map((e) => ({ row: e.row, field: e.field, message: e.message })),
    startedAt: new Date(j.startedAt).toISOString(),
    updatedAt: new Date(j.updatedAt).toISOString(),
    message: j.message,
  }
}

/**
 * Whether an imported member's owner may take the record over at registration: nobody has yet
 * (openid still `import:`), and the import has finished the member's batch (its checkpoint is past
 * it), so their tier and opening balance are all written. Read in the claiming transaction.
 */
export async function claimableImport(tx: Transaction, m: MemberRecord | null): Promise<boolean> {
  if (!m || m.imported !== true || !isUnclaimed(m)) return false
  if (!m.importJob) return true
  const job = (await tx.collection(IMPORTS).doc(m.importJob.id).get()).data as ImportJob | null
  return !job || job.nextBatch > m.importJob.batch
}
