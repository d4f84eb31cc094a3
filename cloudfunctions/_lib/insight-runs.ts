import { chunkOfMember, decodeChunk, indexOfMember, rowAt, type Chunk, type ChunkDoc } from '../../shared/insight/chunk'
import type { InsightRow, InsightTotals } from '../../shared/insight/member-row'
import type { InsightConfig } from '../../shared/insight/rfm'
import type { TopSpenders } from '../../shared/insight/top-spenders'
import type { Database } from './deps'

/**
 * The member insight snapshot (issue 9), written by the nightly `member-insight` job:
 * - `insight_runs/<day>`: one run per Asia/Shanghai day: its status (`spend` → `members` → `done`),
 *   the settings it uses, the top spenders (pass 1), the cursor and chunk boundaries (pass 2) and the
 *   figures added up so far.
 * - `insight_runs/current`: `{ run, previous }`, moved to a run only when it is done, so readers always
 *   see a whole snapshot; the previous one is kept until the next run is done (a reader in the middle
 *   of it never loses a chunk), older ones are removed.
 * - `insight_chunks/<day>:<n>`: the rows of the run's n-th chunk of members in `_id` order
 *   (shared/insight/chunk.ts).
 */
export const INSIGHT_RUNS = 'insight_runs'
export const INSIGHT_CHUNKS = 'insight_chunks'
export const CURRENT_ID = 'current'

export type RunStatus = 'spend' | 'members' | 'done'

export interface InsightRun {
  _id: string
  day: string
  status: RunStatus
  startedAt: Date
  updatedAt: Date
  finishedAt: Date | null
  /** The settings in force when the run began: every chunk is computed with them. */
  config: InsightConfig
  chunkSize: number
  /** Pass 1's answer: the top spenders of the day. */
  top: TopSpenders | null
  /** Chunks written (and counted into `totals`); the next one is number `chunks`. */
  chunks: number
  /** The first member id of each chunk, ascending: a member's chunk by binary search. */
  firsts: string[]
  /** The last member id written ('' before the first chunk). */
  cursor: string
  totals: InsightTotals
  /** Job invocations that worked on this run (a time-boxed run takes several in the cloud). */
  invocations: number
}

export interface CurrentPointer {
  run: string
  previous: string | null
  at: Date
}

export const chunkId = (run: string, n: number) => `${run}:${String(n).padStart(5, '0')}`

const first = <T>(res: { data: unknown }): T | null => ((res.data as T[])[0] ?? null) as T | null

export const readRun = async (db: Database, day: string): Promise<InsightRun | null> => first<InsightRun>(await db.collection(INSIGHT_RUNS).doc(day).get())

export const readPointer = async (db: Database): Promise<CurrentPointer | null> => first<CurrentPointer>(await db.collection(INSIGHT_RUNS).doc(CURRENT_ID).get())

/** The run the snapshot in effect comes from, or null before the first run finished. */
export async function currentRun(db: Database): Promise<InsightRun | null> {
  const p = await readPointer(db)
  return p ? readRun(db, p.run) : null
}

/** What a count reads of a chunk: its segment columns and dictionaries, not its ids or details; a walk adds the ids. */
const FOR_COUNT = { n: true, asOf: true, count: true, v: true, dict: true, seg: true }
const FIELDS = { count: FOR_COUNT, ids: { ...FOR_COUNT, ids: true }, whole: null }
export const CHUNK_GROUP = 10

/**
 * Chunks `ns` of `run` (ascending), CHUNK_GROUP a query: the segment columns only (`count`), with
 * the ids (`ids`), or whole. A chunk the run names but the store lacks is an error: snapshots are
 * removed only once nobody can be reading them.
 */
export async function readChunks(db: Database, run: string, ns: readonly number[], what: keyof typeof FIELDS): Promise<Chunk[]> {
  const out: Chunk[] = []
  for (let i = 0; i < ns.length; i += CHUNK_GROUP) {
    const part = ns.slice(i, i + CHUNK_GROUP)
    const q = db.collection(INSIGHT_CHUNKS).where({ _id: db.command.in(part.map((n) => chunkId(run, n))) })
    const fields = FIELDS[what]
    const res = await (fields ? q.field(fields) : q).limit(CHUNK_GROUP).get()
    const docs = (res.data as ChunkDoc[]).sort((a, b) => a.n - b.n)
    if (docs.length !== part.length) throw new Error(`insight: run ${run} is missing chunks of ${part.join(',')}`)
    for (const d of docs) out.push(decodeChunk(d))
  }
  return out
}

/** Chunk `n`'s member ids. */
export async function chunkIds(db: Database, run: string, n: number): Promise<string[]> {
  const doc = first<Pick<ChunkDoc, 'ids'>>(await db.collection(INSIGHT_CHUNKS).doc(chunkId(run, n)).field({ ids: true }).get())
  if (!doc) throw new Error(`insight: run ${run} has no chunk ${n}`)
  return doc.ids.split('\n')
}

/** The member's row in the run's snapshot: one chunk read. Null for a member the run did not see. */
export async function rowOfMember(db: Database, run: InsightRun, memberId: string): Promise<InsightRow | null> {
  const n = chunkOfMember(run.firsts, memberId)
  if (n < 0) return null
  const [chunk] = await readChunks(db, run.day, [n], 'whole')
  const i = indexOfMember(chunk, memberId)
  return i < 0 ? null : rowAt(chunk, i)
}
