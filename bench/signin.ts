import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { shanghaiDay } from '../shared/day'
import type { Account } from '../shared/points/account'
import { EntryIds, type LedgerEntry } from '../shared/points/ledger-entry'
import { rewardFor, type SigninState } from '../shared/signin/rules'
import { DefaultSigninRules } from '../shared/signin/schemas'
import type { SigninRecord } from '../cloudfunctions/_lib/signin'
import { openLocalStore } from '../scripts/local-cloudbase'
import { registerMembers } from './bench-members'
import { burst, countCodes, latencyFigures } from './burst'
import { openLocalRuntime } from '../scripts/server/runtime'
import { startServerProcess } from './server-process'

/**
 * The daily sign-in over HTTP (issue 7): 1,000 members checking in within one second.
 *
 * 1. Seed a fresh data dir in-process: members registered through `member.registerWithWeChatPhone`.
 *    No `config/signin`, so the default programme applies (day 1 of a streak pays the daily points).
 * 2. The server in its own process, its clock moved to noon of today (Asia/Shanghai, ticking) so
 *    the two waves cannot straddle Beijing midnight.
 *    - first wave: one `signin.checkIn` per member, all at once, one keep-alive connection each;
 *    - second wave: each member fires 3 identical check-ins at once (3 connections per member,
 *      connected one after another), which must all answer `already: true` and give nothing.
 *    Latency is per request (write to answer); the wall time runs from the first connect to the last answer.
 * 3. After the server stops, raw probes of the store check the outcome exactly.
 *
 * `npx tsx bench/signin.ts [--members 1000] [--repeats 3]` writes bench/results/signin-<time>.json.
 */

const REQUEST_TIMEOUT_S = 30
export const openidOf = (i: number) => `signin-m-${i}`

export interface SigninBenchOptions {
  members?: number
  /** Identical check-ins each member fires at once in the second wave. */
  repeats?: number
  log?: (s: string) => void
}

type Answer = { i: number; code: string; already?: boolean; day?: string; streak?: number; points?: number; balance?: number }

export interface WaveFigures {
  requests: number
  /** From the first connect to the last answer. */
  wallMs: number
  /** Answers per second over the wall time. */
  answersPerSec: number
  latencyMs: { min: number; p50: number; p90: number; p99: number; max: number }
  codes: Record<string, number>
  transport: { errors: number; timeouts: number; non2xx: number }
}

export interface SigninBenchResult {
  members: number
  repeats: number
  day: string
  dailyPoints: number
  seedSeconds: number
  first: WaveFigures
  repeat: WaveFigures
  /** The load: all first-wave answers within one second (a figure on a noisy machine, not a check). */
  firstWithinOneSecond: boolean
  checks: Array<{ name: string; pass: boolean; detail: string }>
  pass: boolean
}

/** Members registered the way a sign-up writes them; returns their memberIds by index. */
async function seedMembers(dataDir: string, n: number, log: (s: string) => void): Promise<{ memberIds: string[]; seconds: number }> {
  const started = process.hrtime.bigint()
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: (m, e) => console.error(m, e) }, checkpoints: 'background' })
  const memberIds: string[] = []
  try {
    memberIds.push(...(await registerMembers(rt, n, { openidOf, phonePrefix: '136' })))
  } finally {
    rt.close()
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  log(`  seeded ${n} members in ${seconds.toFixed(1)} s`)
  return { memberIds, seconds }
}

/** Request k is member `memberOf(k)`'s check-in; every request has its own connection, all at once. */
async function fire(url: string, requests: number, memberOf: (k: number) => number) {
  const b = await burst<Omit<Answer, 'i' | 'code'>>({ url, fn: 'signin', requests, memberOf, openidOf, body: () => ({ action: 'checkIn' }), timeoutS: REQUEST_TIMEOUT_S })
  const answers: Answer[] = b.answers.map((a) =>
    a.data ? { i: a.i, code: a.code, already: a.data.already, day: a.data.day, streak: a.data.streak, points: a.data.points, balance: a.data.balance } : { i: a.i, code: a.code },
  )
  const figures: WaveFigures = {
    requests,
    wallMs: Math.round(b.wallMs),
    answersPerSec: Math.round(answers.length / (b.wallMs / 1000)),
    latencyMs: latencyFigures(b.latencies),
    codes: countCodes(answers),
    transport: b.transport,
  }
  return { answers, figures }
}

type Wave = Awaited<ReturnType<typeof fire>>

/** The answers of both waves, and the outcome read back from the store itself. */
function verify(dataDir: string, memberIds: string[], repeats: number, day: string, first: Wave, repeat: Wave) {
  const n = memberIds.length
  const expected = rewardFor(DefaultSigninRules, day, 1).points
  const checks: SigninBenchResult['checks'] = []
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail })
  const perMember = (answers: Answer[]) => {
    const counts = new Map<number, number>()
    for (const a of answers) counts.set(a.i, (counts.get(a.i) ?? 0) + 1)
    return counts
  }
  const right = (a: Answer, already: boolean) => a.code === 'OK' && a.already === already && a.day === day && a.streak === 1 && a.points === expected && a.balance === expected

  const f = perMember(first.answers)
  check('first wave: every member answered once', first.answers.length === n && f.size === n && [...f.values()].every((c) => c === 1), `${first.answers.length} answers from ${f.size} members`)
  const r = perMember(repeat.answers)
  check(
    `second wave: every member answered ${repeats} times`,
    repeat.answers.length === n * repeats && r.size === n && [...r.values()].every((c) => c === repeats),
    `${repeat.answers.length} answers from ${r.size} members`,
  )
  const t = [first.figures.transport, repeat.figures.transport]
  check('no transport failures', t.every((x) => x.errors + x.timeouts + x.non2xx === 0), t.map((x) => `${x.errors} errors, ${x.timeouts} timeouts, ${x.non2xx} non-2xx`).join('; '))
  check(
    `first wave: all OK, already: false, streak 1, ${expected} points, balance ${expected}`,
    first.answers.every((a) => right(a, false)),
    `${first.answers.filter((a) => right(a, false)).length} of ${first.answers.length}; ${JSON.stringify(first.figures.codes)}`,
  )
  check(
    `second wave: all OK, already: true, today's ${expected} points, balance still ${expected}`,
    repeat.answers.every((a) => right(a, true)),
    `${repeat.answers.filter((a) => right(a, true)).length} of ${repeat.answers.length}; ${JSON.stringify(repeat.figures.codes)}`,
  )

  const store = openLocalStore({ dir: dataDir })
  try {
    const ids = new Set(memberIds)
    const records = store.rawFind('signins') as unknown as SigninRecord[]
    check(
      `exactly ${n} signins, one per member, on ${day}`,
      records.length === n &&
        new Set(records.map((x) => x.memberId)).size === n &&
        records.every((x) => ids.has(x.memberId) && x._id === `${x.memberId}:${day}` && x.day === day && x.streak === 1 && x.points === expected),
      `${records.length} records for ${new Set(records.map((x) => x.memberId)).size} members`,
    )
    const states = store.rawFind('signin_state') as unknown as Array<SigninState & { _id: string }>
    check(
      'one sign-in state per member: streak 1, total 1',
      states.length === n && states.every((s) => ids.has(s._id) && s.lastDay === day && s.streak === 1 && s.total === 1),
      `${states.length} states`,
    )

    const accounts = new Map((store.rawFind('accounts') as unknown as Account[]).map((a) => [a._id, a]))
    const sums = new Map<string, number>()
    const ledger = store.rawFind('ledger') as unknown as LedgerEntry[]
    for (const e of ledger) sums.set(e.memberId, (sums.get(e.memberId) ?? 0) + e.points)
    let off = 0
    for (const id of memberIds) {
      const a = accounts.get(id)
      const lots = a?.lots.reduce((s, l) => s + l.remaining, 0)
      if (!a || a.balance !== sums.get(id) || a.balance !== lots || a.balance !== expected) off++
    }
    check(
      `every balance == its ledger's sum == ${expected}`,
      accounts.size === n && sums.size === n && off === 0,
      `${accounts.size} accounts, ${sums.size} ledgers: ${off} off`,
    )
    const entryIds = new Set(memberIds.map((id) => EntryIds.signin(id, day)))
    check('one sign-in ledger entry per member, nothing else', ledger.length === n && ledger.every((e) => entryIds.has(e._id)), `${ledger.length} entries`)
  } finally {
    store.close()
  }
  return checks
}

export async function runSigninBench(opts: SigninBenchOptions = {}): Promise<SigninBenchResult> {
  const n = opts.members ?? 1_000
  const repeats = opts.repeats ?? 3
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-signin-'))
  try {
    log(`sign-in: ${n} members at once, then ${repeats} identical check-ins each at once`)
    const { memberIds, seconds: seedSeconds } = await seedMembers(dataDir, n, log)
    const day = shanghaiDay(new Date())
    const server = await startServerProcess(dataDir)
    let first: Wave
    let repeat: Wave
    try {
      // Noon Shanghai (04:00 UTC), ticking: both waves fall on `day` whenever the bench runs.
      const moved = await fetch(`${server.url}/_dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: `${day}T04:00:00.000Z` }) })
      if (!moved.ok) throw new Error(`could not set the server's clock: ${moved.status} ${await moved.text()}`)
      first = await fire(server.url, n, (k) => k)
      // Consecutive requests are the same member's, so its repeats connect and arrive together.
      repeat = await fire(server.url, n * repeats, (k) => Math.floor(k / repeats))
    } finally {
      await server.close()
    }
    const checks = verify(dataDir, memberIds, repeats, day, first, repeat)
    const result: SigninBenchResult = {
      members: n,
      repeats,
      day,
      dailyPoints: DefaultSigninRules.dailyPoints,
      seedSeconds,
      first: first.figures,
      repeat: repeat.figures,
      firstWithinOneSecond: first.figures.wallMs < 1_000,
      checks,
      pass: checks.every((c) => c.pass),
    }
    for (const [name, w] of [['first wave', result.first], ['repeats', result.repeat]] as const)
      log(`  ${name}: ${w.requests} answered in ${w.wallMs} ms (${w.answersPerSec.toLocaleString('en')}/s); p50 ${w.latencyMs.p50} ms, p99 ${w.latencyMs.p99} ms, max ${w.latencyMs.max} ms`)
    for (const c of checks) log(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}: ${c.detail}`)
    return result
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The rows for `npm run bench` (bench/run.ts): the first wave, then the raced repeats. */
export async function benchSignin(opts: SigninBenchOptions = {}) {
  const r = await runSigninBench(opts)
  const failed = r.checks.filter((c) => !c.pass).map((c) => c.name)
  const verdict = failed.length === 0 ? `all ${r.checks.length} checks pass` : `FAILED: ${failed.join('; ')}`
  const row = (name: string, w: WaveFigures, what: string) => ({
    name,
    opsPerSec: w.answersPerSec,
    n: w.requests,
    p50Ms: w.latencyMs.p50,
    p99Ms: w.latencyMs.p99,
    maxMs: w.latencyMs.max,
    wallMs: w.wallMs,
    checks: r.checks,
    detail: `${what}: all answered in ${(w.wallMs / 1000).toFixed(2)} s, p50 ${w.latencyMs.p50} ms, p99 ${w.latencyMs.p99} ms, max ${w.latencyMs.max} ms; ${verdict}`,
  })
  return [
    row('signin.checkIn over HTTP', r.first, `${r.members.toLocaleString('en')} members at once (${r.firstWithinOneSecond ? 'all answered within 1 s' : 'the last answer after 1 s'})`),
    row('signin.checkIn repeats over HTTP', r.repeat, `${r.repeats} identical per member at once, all already: true`),
  ] as const
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

if (require.main === module) {
  ;(async () => {
    const started = new Date()
    const r = await runSigninBench({
      members: arg('members') ? Number(arg('members')) : undefined,
      repeats: arg('repeats') ? Number(arg('repeats')) : undefined,
    })
    const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`
    const out = { at: started.toISOString(), machine, target: 'exact outcome; all first-wave answers within 1 s', meetsTarget: r.pass && r.firstWithinOneSecond, ...r }
    console.log(JSON.stringify(out, null, 2))
    const dir = path.join(__dirname, 'results')
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, `signin-${started.toISOString().replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
    console.error(`written to ${path.relative(process.cwd(), file)}`)
    if (!r.pass) process.exitCode = 1
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
