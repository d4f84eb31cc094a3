import { shanghaiDay } from '../../shared/day'
import { encodeChunk } from '../../shared/insight/chunk'
import { addTotals, emptyTotals } from '../../shared/insight/member-row'
import { insightOf, type InsightConfig } from '../../shared/insight/rfm'
import { topSpenders } from '../../shared/insight/top-spenders'
import type { Deps, Database } from './deps'
import { chunkId, CURRENT_ID, INSIGHT_CHUNKS, INSIGHT_RUNS, readPointer, readRun, type CurrentPointer, type InsightRun } from './insight-runs'
import { insightRows, membersAfter, yieldToOthers } from './insight-sources'
import { loadSettings } from './settings'
import { loadTierConfig, MEMBER_TIERS } from './tiers'

/**
 * The nightly member insight (issue 9): a snapshot of every member's RFM scores, lifecycle stage,
 * top-spender mark, channels and preferred store, that segments count and campaigns walk.
 *
 * Pass 1 pages `member_tiers` once for each member's spend in the window (8 bytes a member) and
 * ranks them: the top spenders' threshold and share of sales, checkpointed on the run. Pass 2 pages
 * `members` in `_id` order, `chunkSize` at a time; for each chunk it reads the other collections by
 * their member indexes, computes the rows with the pure functions, writes one chunk document, then
 * moves the run's cursor with a compare-and-set on its chunk count. So:
 * - idempotent: a run that is done for today is not run again the same day;
 * - resumable: a run stopped anywhere goes on from its cursor (a chunk written whose cursor did not
 *   move is written again, with the same number); two runs at once write the same chunks and only
 *   one moves the cursor;
 * - time-boxed: it stops between chunks after `budgetMs` and answers `paused`; the next trigger
 *   goes on (hourly in the cloud, so a day's run finishes in the night whatever it costs).
 * Imported members nobody has claimed yet are members too: they are in the snapshot, marked.
 */
export interface InsightJobOptions {
  /** Members per chunk document. */
  chunkSize?: number
  /** Stop between chunks once this much time has passed (a cloud call is cut at 900 s). */
  budgetMs?: number
  /** Stop after writing this many chunks (tests: a run cut short). */
  maxChunks?: number
}

export interface InsightJobSummary {
  day: string
  /** `done`: the snapshot is complete (and current); `paused`: the next run goes on; `unchanged`: today's was already done. */
  status: 'done' | 'paused' | 'unchanged'
  chunks: number
  members: number
  /** Chunks this call wrote. */
  wrote: number
}

export const CHUNK_SIZE = 2000
const BUDGET_MS = 780_000
const PAGE = 1000

const summary = (run: InsightRun, status: InsightJobSummary['status'], wrote: number): InsightJobSummary => ({
  day: run.day,
  status,
  chunks: run.chunks,
  members: run.totals.members,
  wrote,
})

export async function runMemberInsight(deps: Deps, now: Date, opts: InsightJobOptions = {}): Promise<InsightJobSummary> {
  const { db } = deps
  const started = performance.now()
  const day = shanghaiDay(now)
  let run = await readRun(db, day)
  if (run?.status === 'done') return summary(run, 'unchanged', 0)
  if (!run) {
    run = newRun(day, now, await loadSettings(db, 'insight'), opts.chunkSize ?? CHUNK_SIZE)
    const { _id, ...doc } = run
    await db.collection(INSIGHT_RUNS).doc(day).set(doc)
  }
  await db.collection(INSIGHT_RUNS).doc(day).update({ invocations: db.command.inc(1), updatedAt: now })

  if (run.status === 'spend') {
    const top = topSpenders(await spendsInWindow(db, day, run.config), run.config.topSharePercent)
    const moved = await db.collection(INSIGHT_RUNS).where({ _id: day, status: 'spend' }).update({ status: 'members', top: db.command.set(top), updatedAt: now })
    // Another call finished pass 1 first: its ranking is the run's.
    run = moved.updated === 1 ? { ...run, status: 'members', top } : ((await readRun(db, day)) ?? run)
    if (run.status === 'done') return summary(run, 'unchanged', 0)
  }

  const ctx = { day, config: run.config, tiers: await loadTierConfig(db), thresholdFen: run.top?.thresholdFen ?? null }
  const budget = opts.budgetMs ?? BUDGET_MS
  let wrote = 0
  for (;;) {
    if (wrote > 0 && (wrote >= (opts.maxChunks ?? Infinity) || performance.now() - started >= budget)) return summary(run, 'paused', wrote)
    const members = await membersAfter(db, run.cursor, run.chunkSize)
    if (members.length === 0) break
    const rows = await insightRows(db, members, ctx)
    await db.collection(INSIGHT_CHUNKS).doc(chunkId(day, run.chunks)).set(encodeChunk(rows, { run: day, n: run.chunks, asOf: day }))
    const totals = addTotals(run.totals, rows)
    const cursor = members[members.length - 1]._id
    const moved = await db
      .collection(INSIGHT_RUNS)
      .where({ _id: day, chunks: run.chunks })
      .update({ chunks: run.chunks + 1, cursor, firsts: db.command.push([members[0]._id]), totals: db.command.set(totals), updatedAt: now })
    // Another call moved the cursor past this chunk first: it goes on, this one stops.
    if (moved.updated === 0) return summary(run, 'paused', wrote)
    run = { ...run, chunks: run.chunks + 1, cursor, firsts: [...run.firsts, members[0]._id], totals }
    wrote++
    if (members.length < run.chunkSize) break
  }
  await finish(db, run, now)
  return summary(run, 'done', wrote)
}

function newRun(day: string, now: Date, config: InsightConfig, chunkSize: number): InsightRun {
  return {
    _id: day,
    day,
    status: 'spend',
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    config,
    chunkSize,
    top: null,
    chunks: 0,
    firsts: [],
    cursor: '',
    totals: emptyTotals(),
    invocations: 0,
  }
}

/** Every member's spend in the window, from the purchase days tiers keep (members who never bought have no record). */
async function spendsInWindow(db: Database, day: string, config: InsightConfig): Promise<Float64Array> {
  let spends = new Float64Array(1 << 16)
  let n = 0
  let after = ''
  for (;;) {
    const res = await db
      .collection(MEMBER_TIERS)
      .where({ _id: db.command.gt(after) })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .field({ growth: true })
      .get()
    const page = res.data as Array<{ _id: string; growth?: { since: string; days: Array<[string, number]> } }>
    for (const t of page) {
      const spend = t.growth ? insightOf({ since: t.growth.since, days: t.growth.days }, day, config).spendFen : 0
      if (spend <= 0) continue
      if (n === spends.length) {
        const grown = new Float64Array(spends.length * 2)
        grown.set(spends)
        spends = grown
      }
      spends[n++] = spend
    }
    if (page.length < PAGE) break
    after = page[page.length - 1]._id
    await yieldToOthers()
  }
  return spends.subarray(0, n)
}

/**
 * Marks the run done, makes it the snapshot in effect (the one before stays, for readers still on it)
 * and removes older runs and their chunks, unfinished ones included.
 */
async function finish(db: Database, run: InsightRun, now: Date): Promise<void> {
  await db.collection(INSIGHT_RUNS).doc(run.day).update({ status: 'done', finishedAt: now, updatedAt: now })
  const pointer = await readPointer(db)
  if (pointer && pointer.run > run.day) return
  const previous = pointer && pointer.run !== run.day ? pointer.run : (pointer?.previous ?? null)
  const next: CurrentPointer = { run: run.day, previous, at: now }
  await db.collection(INSIGHT_RUNS).doc(CURRENT_ID).set(next)
  const res = await db.collection(INSIGHT_RUNS).limit(1000).field({ chunks: true }).get()
  for (const old of res.data as Array<{ _id: string; chunks?: number }>) {
    if (old._id === CURRENT_ID || old._id === run.day || old._id === previous) continue
    await removeRun(db, old._id, old.chunks ?? 0)
  }
}

/** A run's chunks (one past its count too: written by a call stopped before it moved the cursor) and its document. */
async function removeRun(db: Database, day: string, chunks: number): Promise<void> {
  const ids = Array.from({ length: chunks + 1 }, (_, n) => chunkId(day, n))
  for (let i = 0; i < ids.length; i += 100) await db.collection(INSIGHT_CHUNKS).where({ _id: db.command.in(ids.slice(i, i + 100)) }).remove()
  await db.collection(INSIGHT_RUNS).doc(day).remove()
}
