import type { SegmentFilter } from '../../shared/insight/segment'
import type { Database } from './deps'

/**
 * Reading a segment's members out of the last insight run's snapshot (issue 9). The snapshot is
 * split into numbered chunks; a walk can stop after any chunk and resume from the next one, so a
 * campaign sends to a million members in steps that each fit a function call.
 * OWNED BY the insight work: the signatures are the contract the campaign code builds on.
 */
export interface SegmentWalk {
  /** The Asia/Shanghai day of the insight run the snapshot is from. */
  asOf: string
  /** How many chunks the snapshot has. */
  chunks: number
}

/** The snapshot in effect, or null before the first insight run finished. */
export async function currentSnapshot(db: Database): Promise<SegmentWalk | null> {
  void db
  throw new Error('segment-walk: not built yet')
}

/**
 * Calls `visit` with the ids of the members of chunk `from`, `from + 1`, … that match `filter`
 * (operator tags as they are now), until the chunks run out or `stop()` says so after a chunk.
 * Returns the next chunk to read, or null when every chunk was read.
 */
export async function walkSegment(
  db: Database,
  filter: SegmentFilter,
  from: number,
  visit: (memberIds: string[], chunk: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<number | null> {
  void db, filter, from, visit, stop
  throw new Error('segment-walk: not built yet')
}
