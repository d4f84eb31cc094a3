import { chunkOfMember, indexOfMember, rowAt, type Chunk } from '../../shared/insight/chunk'
import { chunkMatcher } from '../../shared/insight/chunk-filter'
import type { InsightRow } from '../../shared/insight/member-row'
import type { SegmentFilter } from '../../shared/insight/segment'
import type { Database } from './deps'
import { CHUNK_GROUP, chunkIds, readChunks, type InsightRun } from './insight-runs'
import { tagsChangedSince } from './member-tags'

/**
 * Segments (issue 9): `segments/<id>` `{ name, filter, lastCount, createdAt, updatedAt, updatedBy }`,
 * saved filters (shared/insight/segment.ts) over the insight snapshot. Counting one reads the
 * snapshot's chunks (segment columns only) and tests each row with the filter translated for the
 * chunk; operator tags changed since the snapshot's run began replace the snapshot's own.
 */
export const SEGMENTS = 'segments'

export interface SegmentDoc {
  _id: string
  name: string
  filter: SegmentFilter
  lastCount: { count: number; asOf: string; at: Date } | null
  createdAt: Date
  updatedAt: Date
  updatedBy: { openid: string; name: string | null }
}

/** Tags changed since the run began, by chunk, then by row. Members the run did not see are left out. */
async function overlayOf(db: Database, run: InsightRun): Promise<Map<number, Map<string, string[]>>> {
  const byChunk = new Map<number, Map<string, string[]>>()
  for (const [memberId, tags] of await tagsChangedSince(db, new Date(run.startedAt))) {
    const n = chunkOfMember(run.firsts, memberId)
    if (n < 0) continue
    let m = byChunk.get(n)
    if (!m) byChunk.set(n, (m = new Map()))
    m.set(memberId, tags)
  }
  return byChunk
}

/**
 * Tests every row of chunks `from`, `from + 1`, … of `run` against `filter` and hands each chunk's
 * matching row numbers to `onChunk` (also when none match), until the chunks run out or `stop()`
 * says so after a chunk. `ids`: read each chunk's member ids too (chunks holding a retagged member
 * are always read with them). Returns the next chunk to read, or null when every chunk was read.
 */
export async function scanSegment(
  db: Database,
  run: InsightRun,
  filter: SegmentFilter,
  opts: { from: number; ids: boolean; stop?: () => boolean; onChunk: (n: number, rows: number[], chunk: Chunk) => Promise<void> | void },
): Promise<number | null> {
  const overlay = await overlayOf(db, run)
  for (let start = Math.max(0, opts.from); start < run.chunks; start += CHUNK_GROUP) {
    const ns = Array.from({ length: Math.min(CHUNK_GROUP, run.chunks - start) }, (_, k) => start + k)
    for (const chunk of await readChunks(db, run.day, ns, opts.ids ? 'ids' : 'count')) {
      const test = chunkMatcher(filter, chunk)
      const changed = overlay.get(chunk.n)
      let retagged: Map<number, string[]> | null = null
      if (changed) {
        chunk.ids ??= await chunkIds(db, run.day, chunk.n)
        retagged = new Map()
        for (const [memberId, tags] of changed) {
          const i = indexOfMember(chunk, memberId)
          if (i >= 0) retagged.set(i, tags)
        }
      }
      const rows: number[] = []
      for (let i = 0; i < chunk.count; i++) if (test(i, retagged?.get(i))) rows.push(i)
      await opts.onChunk(chunk.n, rows, chunk)
      if (opts.stop?.() && chunk.n + 1 < run.chunks) return chunk.n + 1
    }
  }
  return null
}

/** How many members of the snapshot match, and the first `sampleSize` of them (member order) whole, tags as they are now. */
export async function countSegment(db: Database, run: InsightRun, filter: SegmentFilter, sampleSize: number): Promise<{ count: number; sample: InsightRow[] }> {
  let count = 0
  const wanted = new Map<number, number[]>()
  let picked = 0
  await scanSegment(db, run, filter, {
    from: 0,
    ids: false,
    onChunk: (n, rows) => {
      count += rows.length
      if (picked < sampleSize && rows.length > 0) {
        const take = rows.slice(0, sampleSize - picked)
        wanted.set(n, take)
        picked += take.length
      }
    },
  })
  const sample: InsightRow[] = []
  if (wanted.size > 0) {
    const changed = await tagsChangedSince(db, new Date(run.startedAt))
    for (const chunk of await readChunks(db, run.day, [...wanted.keys()], 'whole'))
      for (const i of wanted.get(chunk.n)!) {
        const row = rowAt(chunk, i)
        sample.push({ ...row, tags: changed.get(row.memberId) ?? row.tags })
      }
  }
  return { count, sample }
}
