import type { SegmentFilter } from '../../shared/insight/segment'
import type { Database } from './deps'
import { currentRun } from './insight-runs'
import { scanSegment } from './segments'

/**
 * Reading a segment's members out of the last insight run's snapshot (issue 9). The snapshot is
 * split into numbered chunks; a walk can stop after any chunk and resume from the next one, so a
 * campaign sends to a million members in steps that each fit a function call.
 * OWNED BY the insight work: the signatures are the contract the campaign code builds on.
 *
 * Chunk numbers belong to the snapshot named by `asOf`: when the nightly run replaces the snapshot
 * (it becomes current only once complete), chunk n of the new one holds other members. A walk that
 * sees `asOf` change between steps should start again from chunk 0 (sends are idempotent per campaign
 * and member, so members already reached are skipped there). Members who joined after the snapshot
 * are in no chunk until the next run.
 */
export interface SegmentWalk {
  /** The Asia/Shanghai day of the insight run the snapshot is from. */
  asOf: string
  /** How many chunks the snapshot has. */
  chunks: number
}

/** The snapshot in effect, or null before the first insight run finished. */
export async function currentSnapshot(db: Database): Promise<SegmentWalk | null> {
  const run = await currentRun(db)
  return run ? { asOf: run.day, chunks: run.chunks } : null
}

/**
 * Calls `visit` with the ids of the members of chunk `from`, `from + 1`, … that match `filter`
 * (operator tags as they are now), until the chunks run out or `stop()` says so after a chunk.
 * Returns the next chunk to read, or null when every chunk was read.
 * `visit` is called once for every chunk read, with an empty list when none of its members match
 * (so a caller can checkpoint after each chunk). Before the first snapshot there is nothing to read: null.
 */
export async function walkSegment(
  db: Database,
  filter: SegmentFilter,
  from: number,
  visit: (memberIds: string[], chunk: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<number | null> {
  const run = await currentRun(db)
  if (!run) return null
  return scanSegment(db, run, filter, { from, ids: true, stop, onChunk: (n, rows, chunk) => visit(rows.map((i) => chunk.ids![i]), n) })
}
