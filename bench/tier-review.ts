import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { addDays } from '../shared/day'
import { nextReview, review, reviewDue, type MemberTier, type TierMove } from '../shared/tier/member-tier'
import { DemoTierConfig, programmeOn, retainRule, type TierProgramme } from '../shared/tier/programme'
import { encode } from '../scripts/local-cloudbase/codec'
import { openLocalStore, type LocalStore } from '../scripts/local-cloudbase'
import { openLocalRuntime } from '../scripts/server/runtime'
import { rng } from './rng'

/**
 * The `tier-review` job over N generated members (default 100,000; `--members 1000000` for the
 * issue's figure). Every member is due on the bench day by default (the worst case; a normal day has
 * about 1/365 due): a mix of silver, gold and black members who keep their level, fall short and get
 * grace, or reach the end of their grace and step down one level, each with one to two years of
 * purchases in their growth.
 *
 * 1. Seed: the docs go in through the store's own `insertDocument` (its codec, its index maintenance
 *    for `reviewOn`/`graceUntil`), 1,000 per write transaction. One doc per run is then re-`set`
 *    through the SDK and must come back `updated: 0`: byte for byte what the functions would store.
 * 2. Timed run: the job in a child process (openLocalRuntime, checkpoints in the background worker,
 *    clock frozen on the bench day), wall time and peak RSS (sampled every 500 ms, plus the kernel's
 *    high-water mark VmHWM, which a long synchronous call cannot hide).
 * 3. kill -9: a copy of the seeded store, the job killed after a while, then run again to the end.
 * 4. Both stores are checked against raw probes: each due member holds exactly the state one review
 *    gives (`review()` on the generated doc), members not due are untouched.
 *
 * `npx tsx bench/tier-review.ts --members 1000000 [--due-share 1] [--deadline-minutes 10] [--kill-after 60] [--no-kill] [--keep]`
 * `--deadline-minutes` kills the timed run (SIGKILL) if it has not finished by then and reports how
 * far it got; the kill -9 phase is then skipped (that kill was one). Writes bench/results/tier-review-<time>.json.
 */

const COLL = 'member_tiers'
const JOB = 'tier-review'
/** The job's outgoing messages (cloudfunctions/tier-review/notices.ts), indexed by `status`. */
const NOTICES = 'tier_notices'
/** The bench day (Asia/Shanghai) and the job's run time on it (02:00). */
export const BENCH_DAY = '2027-06-15'
const BENCH_NOW = new Date(`${BENCH_DAY}T02:00:00+08:00`)
const SEED_BATCH = 1000

// ---------------------------------------------------------------- generator

/** Member i's id: 32 hex characters, like `cryptoIds.memberId()`, so `_id` order is unrelated to i. */
export const memberIdOf = (i: number): string => createHash('md5').update(`huika-bench-member-${i}`).digest('hex')

/** The anniversary a year before `day` (nextReview(since) === day for the demo ladder's anniversary review). */
const yearBefore = (day: string) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`

type Scenario = 'keep' | 'short' | 'graceEnds' | 'notDue' | 'base'

/** Visit days spread over [from, to] (inclusive), roughly evenly with jitter, ascending and distinct. */
function visitDays(r: () => number, from: string, to: string, n: number): string[] {
  const span = Math.max(1, (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1)
  const out = new Set<string>()
  for (let k = 0; k < n; k++) {
    const slot = span / n
    out.add(addDays(from, Math.min(span - 1, Math.floor(k * slot + r() * slot))))
  }
  return [...out].sort()
}

/** Splits `total` fen over the days with some jitter, every day at least 1 yuan. */
function spends(r: () => number, days: string[], total: number): Array<[string, number]> {
  const weights = days.map(() => 0.5 + r())
  const sum = weights.reduce((s, w) => s + w, 0)
  return days.map((d, k) => [d, Math.max(100, Math.round((total * weights[k]) / sum))])
}

/**
 * Member i's `member_tiers` doc on the bench day, and what the review should make of it. `dueShare`
 * of the members are due on the bench day; the rest have their review spread over the coming year
 * (a third of those on the base level, never reviewed).
 */
export function generateMember(i: number, today: string, dueShare: number): { doc: MemberTier; scenario: Scenario } {
  const p: TierProgramme = programmeOn(DemoTierConfig, today)
  const r = rng(i * 2654435761 + 12345)
  const due = r() < dueShare
  const roll = r()
  const level = roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3 // silver 60%, gold 30%, black 10%
  let scenario: Scenario
  let reviewOn: string
  let graceUntil: string | null = null
  if (due) {
    const s = r()
    if (s < 0.15) {
      scenario = 'graceEnds'
      reviewOn = addDays(today, -p.graceDays - Math.floor(r() * 3))
      graceUntil = addDays(reviewOn, p.graceDays)
    } else {
      scenario = s < 0.65 ? 'keep' : 'short'
      reviewOn = addDays(today, -Math.floor(r() * r() * 4)) // mostly today, a few a day or three late
    }
  } else {
    scenario = r() < 1 / 3 ? 'base' : 'notDue'
    reviewOn = addDays(today, 1 + Math.floor(r() * 364))
  }
  if (reviewOn.endsWith('-02-29')) reviewOn = addDays(reviewOn, 1)
  const levelIdx = scenario === 'base' ? 0 : level
  const since = yearBefore(reviewOn)
  const joined = addDays(since, -Math.floor(60 + r() * 400))
  // The window the review looks at (ends the day before the review, or before the grace ends); for
  // members not due yet, the last year up to yesterday.
  const dueOn = due ? (graceUntil ?? reviewOn) : today
  const windowEnd = addDays(dueOn, -1)
  const windowStart = addDays(windowEnd, -(p.windowDays - 1))

  // This cycle: enough to keep the level (with margin), or short of it (by spend or by visits).
  const retain = retainRule(p.levels[Math.max(1, levelIdx)])
  const keeps = scenario === 'keep' || (scenario === 'notDue' && r() < 0.7)
  const needVisits = retain.visitDays ?? 3
  const visits = keeps ? needVisits + 2 + Math.floor(r() * 10) : 1 + Math.floor(r() * needVisits)
  const spend = Math.round((retain.spendFen ?? 0) * (keeps ? 1.05 + r() : 0.2 + r() * 0.7))
  const cycle = spends(r, visitDays(r, windowStart, windowEnd, scenario === 'base' ? Math.floor(r() * 4) : visits), scenario === 'base' ? 30_000 : spend)
  // The year before: what reached the level, going back up to two years.
  const earlierFrom = addDays(today, -720) > joined ? addDays(today, -720) : joined
  const earlierTo = addDays(windowStart, -1)
  const reached = p.levels[Math.max(1, levelIdx)].qualify
  const earlier =
    earlierTo > earlierFrom
      ? spends(r, visitDays(r, earlierFrom, earlierTo, (reached.visitDays ?? 4) + 2 + Math.floor(r() * 6)), Math.round((reached.spendFen ?? 0) * (1 + r() * 0.5)))
      : []
  const days = [...earlier, ...cycle].filter((d, k, all) => k === 0 || d[0] !== all[k - 1][0])

  const ids = p.levels.map((l) => l.id)
  const moves: TierMove[] = levelIdx === 0 ? [] : [{ day: since, from: ids[levelIdx - 1], to: ids[levelIdx], why: 'purchase', orderKey: `order-${i}-1` }]
  const doc: MemberTier = {
    _id: memberIdOf(i),
    openid: `bench-openid-${i}`,
    levelId: ids[levelIdx],
    terms: p.version,
    since,
    cycleFloorId: ids[Math.max(0, levelIdx - 1)],
    reviewOn: levelIdx === 0 ? null : reviewOn,
    graceUntil,
    warnedFor: !keeps && levelIdx > 0 && r() < 0.8 && addDays(today, p.warnDaysBefore) >= reviewOn ? reviewOn : null,
    manual: null,
    growth: { since: joined, days },
    moves,
    updatedAt: new Date(`${since}T12:${String(i % 60).padStart(2, '0')}:00+08:00`),
  }
  if (levelIdx > 0 && nextReview(p, since, levelIdx) !== reviewOn) throw new Error(`generator: member ${i} review day ${reviewOn} does not follow ${since}`)
  return { doc, scenario }
}

// ---------------------------------------------------------------- seeding

export interface SeedResult {
  members: number
  due: number
  byScenario: Record<string, number>
  seconds: number
  mb: number
}

/** Inserts the generated docs through the store's own insertDocument, SEED_BATCH per write transaction. */
export function seed(store: LocalStore, members: number, dueShare: number, today = BENCH_DAY): SeedResult {
  const started = process.hrtime.bigint()
  const byScenario: Record<string, number> = {}
  let due = 0
  for (let from = 0; from < members; from += SEED_BATCH) {
    const data: string[] = []
    for (let i = from; i < Math.min(members, from + SEED_BATCH); i++) {
      const { doc, scenario } = generateMember(i, today, dueShare)
      byScenario[scenario] = (byScenario[scenario] ?? 0) + 1
      if (reviewDue(doc, today)) due++
      data.push(encode(doc))
    }
    const res = store.request('database.insertDocument', { collectionName: COLL, data })
    if (res.code) throw new Error(`seed: ${res.code} ${res.message}`)
    if (from % 100_000 === 0 && from > 0) process.stderr.write(`  seeded ${from.toLocaleString('en')}\n`)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return { members, due, byScenario, seconds, mb: 0 }
}

/** The seeded form is what the SDK writes: re-`set`ting a doc through the SDK must change nothing. */
async function checkSeededForm(dataDir: string, members: number): Promise<void> {
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: (m, e) => console.error(m, e) } })
  try {
    for (const i of [0, Math.floor(members / 2), members - 1]) {
      const { doc } = generateMember(i, BENCH_DAY, 1)
      const { _id, ...data } = doc
      const res = (await rt.deps.db.collection(COLL).doc(_id).set(data)) as { updated?: number }
      if (res.updated !== 0) throw new Error(`seeded doc ${_id} differs from what the SDK stores (updated: ${res.updated})`)
    }
    const idx = rt.store.rawIndex(COLL, 'reviewOn')
    if (idx.length !== members) throw new Error(`reviewOn index has ${idx.length} entries for ${members} docs`)
  } finally {
    rt.close()
  }
}

// ---------------------------------------------------------------- the job in a child process

export interface JobRun {
  seconds: number
  summary: unknown
  /** The child's RSS, sampled every 500 ms from outside (/proc/<pid>/status), so a busy event loop cannot skip samples. */
  peakRssMb: number
  /** The child's own 500 ms `process.memoryUsage().rss` samples: none fire while the job never yields to timers. */
  peakRssSelfMb: number
  selfSamples: number
  /** The kernel's high-water mark of the child's RSS (VmHWM), read at the end: the true peak. */
  hwmMb: number
  rssSamples: number
}

const procKb = (pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0 // the process is gone
  }
}
const mb = (bytes: number) => Math.round(bytes / 2 ** 20)

/** Child side: open the runtime on `dataDir`, freeze the clock, run the job once, print one JSON line. */
async function childMain(dataDir: string, nowIso: string): Promise<void> {
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: (m, e) => console.error(m, e) }, checkpoints: 'background' })
  let peak = process.memoryUsage().rss
  let samples = 0
  const timer = setInterval(() => {
    samples++
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 500)
  try {
    const job = rt.registry.jobs.get(JOB)
    if (!job) throw new Error(`no job "${JOB}" in cloudfunctions/ yet`)
    rt.clock.set(new Date(nowIso), { frozen: true })
    process.stdout.write('{"started":true}\n') // the parent's kill timer starts here, not at spawn
    const started = process.hrtime.bigint()
    const summary = await job.run(rt.deps, rt.clock.now())
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    peak = Math.max(peak, process.memoryUsage().rss)
    const out = { seconds, summary, peakRssSelfMb: mb(peak), selfSamples: samples, hwmMb: Math.round(procKb('self', 'VmHWM') / 1024) }
    process.stdout.write(JSON.stringify(out) + '\n')
  } finally {
    clearInterval(timer)
    rt.close()
  }
}

/** A child run: the job's own report if it finished, and what was seen from outside either way. */
export interface ChildRun {
  finished: JobRun | null
  /** Set when the child died on its own (an exception, out of memory): how. */
  crashed?: string
  /** From the job's start (the child's "started" line) to its exit or kill. */
  seconds: number
  peakRssMb: number
  rssSamples: number
}

/**
 * Runs the job in a child process: node itself with tsx's loader (`node --import tsx`), not the
 * `tsx` command, whose wrapper would take the SIGKILL and leave the real process running.
 * `killAfterMs` (counted from the job's start) sends SIGKILL; then `finished` is null.
 */
function runJobChild(dataDir: string, opts: { killAfterMs?: number } = {}): Promise<ChildRun> {
  const repo = path.resolve(__dirname, '..')
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', dataDir, BENCH_NOW.toISOString()], {
    cwd: repo,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  let started: bigint | undefined
  let killer: NodeJS.Timeout | undefined
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString()
    if (started === undefined && out.includes('"started"')) {
      started = process.hrtime.bigint()
      if (opts.killAfterMs !== undefined) killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs)
    }
  })
  let peakKb = 0
  let rssSamples = 0
  const sampler = setInterval(() => {
    rssSamples++
    peakKb = Math.max(peakKb, procKb(child.pid!, 'VmRSS'))
  }, 500)
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      const seconds = started === undefined ? 0 : Number(process.hrtime.bigint() - started) / 1e9
      clearInterval(sampler)
      if (killer) clearTimeout(killer)
      const peakRssMb = Math.round(peakKb / 1024)
      if (signal === 'SIGKILL') return resolve({ finished: null, seconds, peakRssMb, rssSamples })
      if (code !== 0) return resolve({ finished: null, crashed: `exited with ${code ?? signal}`, seconds, peakRssMb, rssSamples })
      const self = JSON.parse(out.trim().split('\n').pop()!) as Omit<JobRun, 'peakRssMb' | 'rssSamples'>
      const run: JobRun = { ...self, peakRssMb: Math.max(peakRssMb, self.peakRssSelfMb), rssSamples }
      resolve({ finished: run, seconds, peakRssMb: run.peakRssMb, rssSamples })
    })
  })
}

// ---------------------------------------------------------------- verification

export interface Verification {
  checked: number
  due: number
  reviewedOnce: number
  notYetReviewed: number
  wrong: number
  untouchedNotDue: number
  outcomes: Record<string, number>
  /** `tier_notices` as stored (one per grace or step down is expected), by status. */
  notices: { total: number; expected: number; byStatus: Record<string, number> }
  examples: string[]
}

const FIELDS = ['levelId', 'terms', 'since', 'cycleFloorId', 'reviewOn', 'graceUntil', 'manual', 'growth', 'moves'] as const
const same = (a: MemberTier, b: MemberTier) => FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]))

/**
 * Raw probes: every member's stored doc against the generated doc and what one review makes of it.
 * A due member must be in exactly the one-review state (a second review would move `reviewOn`,
 * `graceUntil` or the level again, and add a second move); with `partial`, the original state is
 * also accepted (not reached yet when the job was killed).
 */
export function verify(store: LocalStore, members: number, dueShare: number, opts: { partial?: boolean } = {}): Verification {
  const v: Verification = {
    checked: 0, due: 0, reviewedOnce: 0, notYetReviewed: 0, wrong: 0, untouchedNotDue: 0, outcomes: {},
    notices: { total: 0, expected: 0, byStatus: {} }, examples: [],
  }
  const bad = (i: number, why: string) => {
    v.wrong++
    if (v.examples.length < 5) v.examples.push(`member ${i} (${memberIdOf(i)}): ${why}`)
  }
  for (let i = 0; i < members; i++) {
    const { doc } = generateMember(i, BENCH_DAY, dueShare)
    const stored = store.rawGet(COLL, doc._id) as MemberTier | undefined
    v.checked++
    if (!stored) {
      bad(i, 'missing')
      continue
    }
    const once = review(DemoTierConfig, doc, BENCH_DAY, BENCH_NOW)
    if (!once) {
      // Not due: only a keep-your-level warning may have been recorded.
      if (same(stored, doc)) v.untouchedNotDue++
      else bad(i, `not due, but changed: ${encode(stored).slice(0, 300)}`)
      continue
    }
    v.due++
    if (same(stored, once.tier)) {
      v.reviewedOnce++
      v.outcomes[once.outcome.kind] = (v.outcomes[once.outcome.kind] ?? 0) + 1
    } else if (opts.partial && same(stored, doc)) v.notYetReviewed++
    else {
      const twice = review(DemoTierConfig, once.tier, BENCH_DAY, BENCH_NOW)
      const why = twice && same(stored, twice.tier) ? 'reviewed TWICE' : 'neither the original nor the one-review state'
      bad(i, `${why}: expected level ${once.tier.levelId} reviewOn ${once.tier.reviewOn} graceUntil ${once.tier.graceUntil} moves ${once.tier.moves.length}, stored level ${stored.levelId} reviewOn ${stored.reviewOn} graceUntil ${stored.graceUntil} moves ${stored.moves.length}`)
    }
  }
  v.notices.expected = (v.outcomes.grace ?? 0) + (v.outcomes.steppedDown ?? 0)
  v.notices.total = store.rawCount(NOTICES)
  for (const { key } of store.rawIndex(NOTICES, 'status')) v.notices.byStatus[JSON.parse(key)] = (v.notices.byStatus[JSON.parse(key)] ?? 0) + 1
  return v
}

// ---------------------------------------------------------------- the benchmark

export interface TierReviewBench {
  members: number
  dueShare: number
  seed: SeedResult
  dbMb: number
  /** The timed run: finished, or killed at the deadline (then `reviewedAtDeadline` says how far it got). */
  timed: ChildRun
  deadlineSeconds: number | null
  reviewedAtDeadline: number | null
  /** Due members reviewed per second of the timed run (over the deadline if it did not finish). */
  membersPerSec: number
  verifyTimed: Verification
  kill: { afterSeconds: number; reviewedBeforeKill: number; resumed: ChildRun; verify: Verification } | { skipped: string }
}

const dbSizeMb = (dir: string) => {
  let bytes = 0
  for (const f of ['cloudbase.sqlite', 'cloudbase.sqlite-wal']) {
    try {
      bytes += statSync(path.join(dir, f)).size
    } catch {
      // absent
    }
  }
  return Math.round(bytes / 2 ** 20)
}

function withStore<T>(dir: string, f: (s: LocalStore) => T): T {
  const store = openLocalStore({ dir })
  try {
    return f(store)
  } finally {
    store.close()
  }
}

export async function runTierReviewBench(
  opts: { members?: number; dueShare?: number; killAfterSeconds?: number; deadlineMinutes?: number; skipKill?: boolean; keep?: boolean; log?: (s: string) => void } = {},
): Promise<TierReviewBench> {
  const members = opts.members ?? 100_000
  const dueShare = opts.dueShare ?? 1
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const root = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-tier-review-'))
  const dirA = path.join(root, 'timed')
  const dirB = path.join(root, 'kill9')
  try {
    log(`tier-review: seeding ${members.toLocaleString('en')} members (due share ${dueShare}) ...`)
    const seeded = withStore(dirA, (s) => seed(s, members, dueShare))
    await checkSeededForm(dirA, members)
    const dbMb = dbSizeMb(dirA)
    seeded.mb = dbMb
    log(`  seeded in ${seeded.seconds.toFixed(1)} s (${Math.round(members / seeded.seconds).toLocaleString('en')} docs/s), ${seeded.due.toLocaleString('en')} due, ${dbMb} MB`)
    cpSync(dirA, dirB, { recursive: true })

    const deadlineSeconds = opts.deadlineMinutes !== undefined ? opts.deadlineMinutes * 60 : null
    log(`tier-review: timed run${deadlineSeconds ? ` (killed if not done in ${opts.deadlineMinutes} min)` : ''} ...`)
    const timed = await runJobChild(dirA, deadlineSeconds ? { killAfterMs: deadlineSeconds * 1000 } : {})
    const verifyTimed = withStore(dirA, (s) => verify(s, members, dueShare, { partial: !timed.finished }))
    const membersPerSec = Math.round(verifyTimed.reviewedOnce / timed.seconds)
    const rss = `peak RSS ${timed.peakRssMb} MB sampled every 500 ms from outside`
    if (timed.finished) {
      const f = timed.finished
      log(`  ${f.seconds.toFixed(1)} s, ${membersPerSec.toLocaleString('en')} due members/s, ${rss}, VmHWM ${f.hwmMb} MB (${f.selfSamples} in-process samples fired); summary ${JSON.stringify(f.summary)}`)
    } else if (timed.crashed) log(`  CRASHED after ${timed.seconds.toFixed(1)} s (${timed.crashed}) with ${verifyTimed.reviewedOnce.toLocaleString('en')} of ${seeded.due.toLocaleString('en')} due members reviewed, ${rss}`)
    else log(`  NOT FINISHED: killed at the ${opts.deadlineMinutes} min deadline with ${verifyTimed.reviewedOnce.toLocaleString('en')} of ${seeded.due.toLocaleString('en')} due members reviewed (${membersPerSec.toLocaleString('en')}/s), ${rss}`)
    log(`  verified: ${verifyTimed.reviewedOnce}/${verifyTimed.due} due reviewed once, ${verifyTimed.notYetReviewed} not yet, ${verifyTimed.wrong} wrong ${verifyTimed.examples.join('; ')}`)
    log(`  notices: ${verifyTimed.notices.total} stored for ${verifyTimed.notices.expected} expected, ${JSON.stringify(verifyTimed.notices.byStatus)}`)
    const result = {
      members, dueShare, seed: seeded, dbMb, timed, deadlineSeconds,
      reviewedAtDeadline: timed.finished ? null : verifyTimed.reviewedOnce,
      membersPerSec, verifyTimed,
    }
    if (!timed.finished || opts.skipKill) {
      const why = opts.skipKill
        ? 'not asked for'
        : timed.crashed
          ? `the timed run crashed (${timed.crashed})`
          : 'the timed run did not finish; its kill at the deadline is the kill -9, and a rerun to the end would take as long again'
      return { ...result, kill: { skipped: why } }
    }

    const afterSeconds = opts.killAfterSeconds ?? Math.max(2, Math.round(timed.seconds * 0.4))
    log(`tier-review: kill -9 after ${afterSeconds} s, then run again ...`)
    const killed = await runJobChild(dirB, { killAfterMs: afterSeconds * 1000 })
    if (killed.finished || killed.crashed) throw new Error(`the job ${killed.crashed ?? 'finished'} before the kill; use a larger --members or a smaller --kill-after`)
    const partial = withStore(dirB, (s) => verify(s, members, dueShare, { partial: true }))
    log(`  at the kill: ${partial.reviewedOnce.toLocaleString('en')} reviewed, ${partial.notYetReviewed.toLocaleString('en')} not yet, ${partial.wrong} wrong`)
    const resumed = await runJobChild(dirB)
    log(`  resumed run: ${resumed.seconds.toFixed(1)} s; summary ${JSON.stringify(resumed.finished?.summary)}`)
    const verifyB = withStore(dirB, (s) => verify(s, members, dueShare))
    log(`  verified: ${verifyB.reviewedOnce}/${verifyB.due} due reviewed exactly once, ${verifyB.wrong} wrong ${verifyB.examples.join('; ')}`)
    log(`  notices: ${verifyB.notices.total} stored for ${verifyB.notices.expected} expected, ${JSON.stringify(verifyB.notices.byStatus)}`)
    return { ...result, kill: { afterSeconds, reviewedBeforeKill: partial.reviewedOnce, resumed, verify: verifyB } }
  } finally {
    if (opts.keep) log(`kept ${root}`)
    else rmSync(root, { recursive: true, force: true })
  }
}

/** Whether every due member ended up reviewed exactly once, after the kill -9 and the rerun. */
export function resumedOk(b: TierReviewBench): string {
  if ('skipped' in b.kill) return `kill -9 test skipped (${b.kill.skipped})`
  const v = b.kill.verify
  return v.wrong === 0 && v.reviewedOnce === v.due
    ? `kill -9 after ${b.kill.afterSeconds} s (${b.kill.reviewedBeforeKill.toLocaleString('en')} done) + rerun: each reviewed exactly once`
    : `kill -9 + rerun FAILED: ${v.wrong} wrong, ${v.due - v.reviewedOnce} not reviewed`
}

/** The row for `npm run bench` (bench/run.ts). */
export async function benchTierReview(opts: { members?: number; deadlineMinutes?: number } = {}) {
  const b = await runTierReviewBench({ members: opts.members ?? 100_000, deadlineMinutes: opts.deadlineMinutes })
  const time = b.timed.finished
    ? `${(b.timed.finished.seconds / 60).toFixed(2)} min`
    : b.timed.crashed
      ? `CRASHED after ${(b.timed.seconds / 60).toFixed(1)} min, ${b.timed.crashed} (${b.verifyTimed.reviewedOnce.toLocaleString('en')} reviewed)`
      : `NOT DONE in ${(b.deadlineSeconds! / 60).toFixed(0)} min (${b.reviewedAtDeadline!.toLocaleString('en')} reviewed)`
  return {
    name: 'tier-review job',
    opsPerSec: b.membersPerSec,
    n: b.verifyTimed.reviewedOnce,
    detail:
      `N = ${b.members.toLocaleString('en')} members, ${b.seed.due.toLocaleString('en')} due; ${time}; peak RSS ${b.timed.peakRssMb} MB; ` +
      `seed ${b.seed.seconds.toFixed(0)} s; ${resumedOk(b)}`,
  }
}

// ---------------------------------------------------------------- command line

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

if (require.main === module) {
  if (process.argv[2] === '--child') {
    childMain(process.argv[3], process.argv[4]).catch((e) => {
      console.error(e)
      process.exit(1)
    })
  } else {
    ;(async () => {
      const started = new Date()
      const members = Number(arg('members') ?? 100_000)
      const dueShare = Number(arg('due-share') ?? 1)
      const killAfter = arg('kill-after')
      const deadline = arg('deadline-minutes')
      const b = await runTierReviewBench({
        members,
        dueShare,
        killAfterSeconds: killAfter ? Number(killAfter) : undefined,
        deadlineMinutes: deadline ? Number(deadline) : undefined,
        skipKill: process.argv.includes('--no-kill'),
        keep: process.argv.includes('--keep'),
      })
      const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`
      const target = { members: 1_000_000, minutes: 10 }
      const extrapolatedMinutes = (target.members * (b.seed.due / b.members)) / Math.max(1, b.membersPerSec) / 60
      const result = {
        at: started.toISOString(),
        machine,
        benchDay: BENCH_DAY,
        target: '1,000,000 in < 10 min, memory bounded, resumable after kill -9',
        ...b,
        minutes: b.timed.seconds / 60,
        meetsTarget: b.members >= target.members ? b.timed.finished !== null && b.timed.seconds < target.minutes * 60 : null,
        extrapolation:
          b.members < target.members
            ? `EXTRAPOLATED, NOT MEASURED: at this run's rate, ${target.members.toLocaleString('en')} members would take ${extrapolatedMinutes.toFixed(1)} min (linear; holds only if the job's cost per member does not grow with N)`
            : null,
      }
      console.log(JSON.stringify(result, null, 2))
      const dir = path.join(__dirname, 'results')
      mkdirSync(dir, { recursive: true })
      const file = path.join(dir, `tier-review-${started.toISOString().replace(/[:.]/g, '-')}.json`)
      writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
      console.error(`written to ${path.relative(process.cwd(), file)}`)
    })().catch((e) => {
      console.error(e)
      process.exit(1)
    })
  }
}
