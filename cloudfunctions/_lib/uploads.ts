import { fail, ok, type Result } from '../../shared/errors'
import type { StaffRecord } from '../../shared/staff/staff-record'
import type { Deps } from './deps'
import { commit, rollback, withTransaction } from './transaction'

/**
 * `uploads`: a file arriving in chunks (the console's body limit is 1 MB). One document per upload
 * (`_id` = uploadId) and one per chunk (`<uploadId>#<index>`), kept until the last chunk arrives,
 * then assembled, stored with deps.files and removed.
 */
export const UPLOADS = 'uploads'
export const CHUNK_BYTES = 512 * 1024
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

export interface UploadRecord {
  _id: string
  name: string
  /** The operator's openid: only they may add to it. */
  by: string
  /** Chunks received; the next chunk's index. */
  received: number
  bytes: number
  /** The last chunk has arrived. */
  complete: boolean
  fileId: string | null
  url: string | null
  createdAt: Date
  updatedAt: Date
}

interface ChunkDoc {
  _id: string
  uploadId: string
  index: number
  data: string
}

export interface ChunkInput {
  name: string
  uploadId?: string
  index: number
  data: string
  last: boolean
}

export interface UploadState {
  uploadId: string
  received: number
  fileId: string | null
  url: string | null
}

const chunkId = (uploadId: string, index: number) => `${uploadId}#${String(index).padStart(5, '0')}`
const state = (u: UploadRecord): UploadState => ({ uploadId: u._id, received: u.received, fileId: u.fileId, url: u.url })

/** Strict base64 (what the browser's FileReader gives); anything else is refused, not half-decoded. */
function decode(data: string): Buffer | null {
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null
  return Buffer.from(data, 'base64')
}

/**
 * Takes one chunk. Chunks come in order from 0; a repeat of the chunk just taken (a retry after a
 * lost answer) is answered again without storing anything; any other index is refused.
 */
export async function receiveChunk(deps: Deps, staff: StaffRecord, input: ChunkInput, now: Date): Promise<Result<UploadState>> {
  const bytes = decode(input.data)
  if (!bytes) return fail('INVALID_INPUT', '分块不是有效的 base64', 'data')
  if (bytes.length > CHUNK_BYTES) return fail('INVALID_INPUT', '每块最大 512 KB', 'data')
  const { db } = deps
  const uploadId = input.uploadId ?? deps.ids.code()
  if (input.uploadId === undefined && input.index !== 0) return fail('INVALID_INPUT', '第一块的序号应为 0', 'index')

  const taken = await withTransaction<Result<UploadRecord>>(db, async (tx) => {
    const doc = tx.collection(UPLOADS).doc(uploadId)
    const rec = input.uploadId === undefined ? null : ((await doc.get()).data as UploadRecord | null)
    if (input.uploadId !== undefined && (!rec || rec.by !== staff.openid)) return rollback(fail('UPLOAD_NOT_FOUND'))
    if (rec && input.index === rec.received - 1) return rollback(ok(rec))
    const received = rec?.received ?? 0
    if (rec?.complete || input.index !== received) return rollback(fail('INVALID_INPUT', `分块顺序错误：应发送第 ${received} 块`, 'index'))
    const total = (rec?.bytes ?? 0) + bytes.length
    if (total > MAX_UPLOAD_BYTES) return rollback(fail('UPLOAD_TOO_LARGE'))
    const chunk: ChunkDoc = { _id: chunkId(uploadId, input.index), uploadId, index: input.index, data: input.data }
    await tx.collection(UPLOADS).add(chunk)
    const next: UploadRecord = {
      _id: uploadId,
      name: rec?.name ?? input.name,
      by: staff.openid,
      received: received + 1,
      bytes: total,
      complete: input.last,
      fileId: null,
      url: null,
      createdAt: rec?.createdAt ?? now,
      updatedAt: now,
    }
    const { _id, ...data } = next
    await doc.set(data)
    return commit(ok(next))
  })
  if (!taken.ok) {
    if (taken.error.code === 'UPLOAD_TOO_LARGE') await discard(deps, uploadId)
    return taken
  }
  const rec = taken.data
  return ok(state(rec.complete && rec.fileId === null ? await assemble(deps, rec, now) : rec))
}

/** Joins the chunks in order, stores the file, then drops the chunks. A second caller finishing at once keeps the first's file. */
async function assemble(deps: Deps, rec: UploadRecord, now: Date): Promise<UploadRecord> {
  const { db } = deps
  const parts: Buffer[] = []
  for (let i = 0; i < rec.received; i++) {
    const chunk = ((await db.collection(UPLOADS).doc(chunkId(rec._id, i)).get()).data as ChunkDoc[])[0]
    if (!chunk) throw new Error(`upload ${rec._id}: chunk ${i} is missing`)
    parts.push(Buffer.from(chunk.data, 'base64'))
  }
  const fileId = await deps.files.put(rec.name, Buffer.concat(parts))
  const url = deps.files.url(fileId)
  const res = await db.collection(UPLOADS).where({ _id: rec._id, fileId: null }).update({ fileId, url, updatedAt: now })
  await dropChunks(deps, rec._id, rec.received)
  if ((res as { updated?: number }).updated === 1) return { ...rec, fileId, url }
  return ((await db.collection(UPLOADS).doc(rec._id).get()).data as UploadRecord[])[0]
}

async function dropChunks(deps: Deps, uploadId: string, count: number) {
  const _ = deps.db.command
  const ids = Array.from({ length: count }, (_x, i) => chunkId(uploadId, i))
  if (ids.length > 0) await deps.db.collection(UPLOADS).where({ _id: _.in(ids) }).remove()
}

/** An upload refused for its size is dropped whole: it can never complete. */
async function discard(deps: Deps, uploadId: string) {
  const rec = ((await deps.db.collection(UPLOADS).doc(uploadId).get()).data as UploadRecord[])[0]
  if (!rec) return
  await dropChunks(deps, uploadId, rec.received)
  await deps.db.collection(UPLOADS).doc(uploadId).remove()
}

/** The upload a stored file came from (its original name), or null for a file put there otherwise. */
export async function uploadOfFile(deps: Deps, fileId: string): Promise<UploadRecord | null> {
  const res = await deps.db.collection(UPLOADS).where({ fileId }).limit(1).get()
  return ((res.data as UploadRecord[])[0] ?? null) as UploadRecord | null
}
