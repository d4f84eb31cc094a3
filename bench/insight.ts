import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runMemberInsight, type InsightJobSummary } from '../cloudfunctions/_lib/insight-job'
import { chunkId, CURRENT_ID, currentRun, INSIGHT_CHUNKS, INSIGHT_RUNS, rowOfMember } from '../cloudfunctions/_lib/insight-runs'
import { windowStart } from '../cloudfunctions/_lib/insight-sources'
import { currentLevel, loadTierConfig, readMemberTier } from '../cloudfunctions/_lib/tiers'
import { shanghaiDay } from '../shared/day'
import { insightOf } from '../shared/insight/rfm'
import type { MemberRecord } from '../shared/member/member-record'
import { MEMBER_TAGS } from '../cloudfunctions/_lib/member-tags'
import { walkSegment } from '../cloudfunctions/_lib/segment-walk'
import { REFERRALS } from '../cloudfunctions/_lib/share'
import { saveStaff } from '../cloudfunctions/_lib/staff-records'
import type { SegmentFilter } from '../shared/insight/segment'
import { openLocalRuntime, type LocalRuntime } from '../scripts/server/runtime'
import { useLocalStore } from '../scripts/local-cloudbase'
import { counting } from './finance'
import { arg, defaultDir, ensureFinanceData, NOW } from './finance-data'
import { memberIdOf } from './tier-review'
import { rng } from './rng'

/**
 * Issue 9's insight benchmark, on the finance data set (bench/finance-data.ts: 1,000,000 members,
 * ~9.7M ledger entries, 2.5M coupons, 0.7M mall orders, member_tiers; generated once and reused):
 * 0. Reads the store's file once, so it sits in the OS page cache as a database server keeps its
 *    working set in memory (timed apart; without it the first run pays for random reads from disk).
 * 1. Adds what that set lacks, once: converted invitations (`referrals`, one member in 20 invited
 *    someone) and operator tags (`member_tags`, one member in 100).
 * 2. The nightly `member-insight` job from scratch, in-process through the real SDK and the local
 *    store, called again while it answers `paused` (each call time-boxed as in the cloud): wall
 *    seconds, documents the store handed to the SDK, peak RSS and heap (sampled every 100 ms, and
 *    the kernel's VmHWM). Target < 10 minutes, memory bounded.
 * 3. Segment counts over the snapshot through `admin.segmentPreview` (count and a 20-member sample),
 *    the median of `--runs` runs per filter, one filter with operator tags changed since the run;
 *    target < 2 s. Then one member's page (`admin.memberInsight`) and a whole walk of a segment.
 *
 * `npx tsx bench/insight.ts [--members 1000000 --entries 10000000] [--dir D] [--runs 5] [--chunks N]`
 * (`--chunks N`: stop the job after N chunks, to profile a part; the snapshot is then not complete
 * and the segment phase is skipped). Writes bench/results/insight-<time>.json.
 */

const ADMIN = 'bench-insight-admin'
const mb = (b: number) => Math.round(b / 2 ** 20)
const hwmMb = () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024)

/** Wall time and memory of `run`: RSS and heap sampled every 100 ms. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number; peakHeapMb: number; heapBeforeMb: number }> {
  if (global.gc) global.gc()
  const before = process.memoryUsage()
  let rss = before.rss
  let heap = before.heapUsed
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    rss = Math.max(rss, m.rss)
    heap = Math.max(heap, m.heapUsed)
  }, 100)
  const started = process.hrtime.bigint()
  try {
    const value = await run()
    return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: mb(rss), peakHeapMb: mb(heap), heapBeforeMb: mb(before.heapUsed) }
  } finally {
    clearInterval(timer)
  }
}

/** Reads the whole file once (sequentially), leaving it in the OS page cache. */
function warmPageCache(file: string): number {
  const started = process.hrtime.bigint()
  const fd = openSync(file, 'r')
  const buf = Buffer.alloc(8 << 20)
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd)
  }
  return Number(process.hrtime.bigint() - started) / 1e9
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Invitations and tags the finance set has none of, written once through the SDK (kept in the data directory). */
async function addExtras(rt: LocalRuntime, members: number, log: (s: string) => void): Promise<{ referrals: number; tagged: number }> {
  const { db } = rt.deps
  const r = rng(9)
  const referrals = rt.store.rawCount(REFERRALS)
  const tagged = rt.store.rawCount(MEMBER_TAGS)
  const want = { referrals: Math.floor(members / 20), tagged: Math.floor(members / 100) }
  if (referrals < want.referrals) {
    log(`adding ${want.referrals.toLocaleString('en')} referrals ...`)
    for (let k = referrals; k < want.referrals; k++) {
      const status = r() < 0.7 ? 'rewarded' : r() < 0.5 ? 'over_cap' : 'joined'
      await db
        .collection(REFERRALS)
        .doc(`bench-invitee-${k}`)
        .set({ inviterId: memberIdOf(Math.floor(r() * members)), inviteeId: `bench-invitee-${k}`, code: 'BENCH', status, joinedAt: NOW, rewardedAt: null, rewardedFor: null })
    }
  }
  if (tagged < want.tagged) {
    log(`adding tags to ${want.tagged.toLocaleString('en')} members ...`)
    const tags = ['咖啡控', '亲子', '高净值', '夜猫子', '健身']
    for (let k = tagged; k < want.tagged; k++)
      await db
        .collection(MEMBER_TAGS)
        .doc(memberIdOf(k * 100))
        .set({ tags: tags.filter(() => r() < 0.4), updatedAt: new Date(NOW.getTime() - 30 * 86_400_000), by: ADMIN })
  }
  return want
}

/** Every insight run and chunk of earlier benchmark runs, so the job starts from scratch. */
async function clearInsight(rt: LocalRuntime): Promise<void> {
  const { db } = rt.deps
  for (const run of rt.store.rawFind(INSIGHT_RUNS) as Array<{ _id: string; chunks?: number }>) {
    if (run._id !== CURRENT_ID) {
      const ids = Array.from({ length: (run.chunks ?? 0) + 1 }, (_, n) => chunkId(run._id, n))
      for (let i = 0; i < ids.length; i += 100) await db.collection(INSIGHT_CHUNKS).where({ _id: db.command.in(ids.slice(i, i + 100)) }).remove()
    }
    await db.collection(INSIGHT_RUNS).doc(run._id).remove()
  }
}

/** All of `collection`'s documents whose `field` is `value` (paged by `_id`). */
async function allWhere<T extends { _id: string }>(rt: LocalRuntime, collection: string, field: string, value: string): Promise<T[]> {
  const { db } = rt.deps
  const out: T[] = []
  for (let after = ''; ; ) {
    const page = (await db.collection(collection).where({ [field]: value, _id: db.command.gt(after) }).orderBy('_id', 'asc').limit(1000).get()).data as T[]
    out.push(...page)
    if (page.length < 1000) return out
    after = page[page.length - 1]._id
  }
}

const PREFIX_CHANNEL: Record<string, string> = { earn: 'till', mall: 'mall', signin: 'play', game: 'play', 'game-win': 'play', set: 'play', invite: 'invite' }

/**
 * `n` members' snapshot rows against the same figures worked out here member by member from their
 * documents (whole ledger, coupons, orders, invitations), not by the job's batched reads. Answers
 * the members that differ.
 */
export async function verifySample(rt: LocalRuntime, members: number, n: number): Promise<{ checked: number; differ: string[] }> {
  const { db } = rt.deps
  const run = (await currentRun(db))!
  const day = run.day
  const since = windowStart(day, run.config)
  const tiers = await loadTierConfig(db)
  const differ: string[] = []
  for (let k = 0; k < n; k++) {
    const id = memberIdOf(Math.floor((k * members) / n))
    const member = ((await db.collection('members').doc(id).get()).data as MemberRecord[])[0]
    const tier = await readMemberTier(db, tiers, member, rt.deps.now())
    const i = insightOf({ since: shanghaiDay(new Date(member.registeredAt)), days: tier.growth.days }, day, run.config)
    const channels: Record<string, number> = { till: 0, mall: 0, play: 0, invite: 0 }
    const stores = new Map<string, number>()
    for (const e of await allWhere<{ _id: string; createdAt: Date }>(rt, 'ledger', 'memberId', id)) {
      const ch = PREFIX_CHANNEL[e._id.split(':')[0]]
      if (!ch || new Date(e.createdAt) < since) continue
      channels[ch]++
      if (ch === 'till') stores.set(e._id.split(':')[1], (stores.get(e._id.split(':')[1]) ?? 0) + 1)
    }
    const coupons = (await allWhere<{ _id: string; state: string; usedAt: Date | null }>(rt, 'coupons', 'memberId', id)).filter((c) => c.state === 'used' && c.usedAt && new Date(c.usedAt) >= since).length
    const mall = (await allWhere<{ _id: string; status: string; createdAt: Date }>(rt, 'mall_orders', 'memberId', id)).filter((o) => new Date(o.createdAt) >= since && o.status !== 'cancelled' && o.status !== 'expired').length
    const invites = (await allWhere<{ _id: string; status: string }>(rt, REFERRALS, 'inviterId', id)).filter((r) => r.status === 'rewarded' || r.status === 'over_cap').length
    const want = {
      tierId: currentLevel(tiers, tier, new Date(`${day}T12:00:00+08:00`)).id,
      lifecycle: i.lifecycle,
      rfm: i.rfm.code,
      spendFen: i.spendFen,
      visits: i.visits,
      topSpender: run.top!.thresholdFen !== null && i.spendFen > 0 && i.spendFen >= run.top!.thresholdFen,
      channels,
      preferredStore: [...stores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null,
      couponsUsed: coupons,
      mallOrders: mall,
      convertedInvites: invites,
    }
    const row = await rowOfMember(db, run, id)
    const got = row && { tierId: row.tierId, lifecycle: row.lifecycle, rfm: row.rfm.code, spendFen: row.spendFen, visits: row.visits, topSpender: row.topSpender, channels: row.channels, preferredStore: row.preferredStore, couponsUsed: row.couponsUsed, mallOrders: row.mallOrders, convertedInvites: row.convertedInvites }
    if (JSON.stringify(got) !== JSON.stringify(want)) differ.push(`${id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`)
  }
  return { checked: n, differ }
}

export interface SegmentFigure {
  name: string
  filter: SegmentFilter
  count: number
  medianSeconds: number
  runs: number[]
}

export interface InsightBench {
  at: string
  machine: string
  members: number
  entries: number
  dir: string
  warmSeconds: number
  extras: { referrals: number; tagged: number }
  job: { seconds: number; calls: number; docs: number; docsPerSec: number; peakRssMb: number; peakHeapMb: number; heapBeforeMb: number; hwmMb: number; summary: InsightJobSummary }
  verified: { checked: number; differ: string[] } | null
  segments: SegmentFigure[]
  memberPageSeconds: number | null
  walk: { seconds: number; members: number } | null
}

const FILTERS: Array<{ name: string; filter: SegmentFilter }> = [
  { name: 'everyone', filter: {} },
  { name: 'dormant top spenders', filter: { lifecycle: ['dormant', 'at_risk'], topSpender: true } },
  { name: 'Shenzhen, June birthdays', filter: { regions: ['深圳市'], birthdayMonths: [6] } },
  { name: 'RFM 4–5 / 3–5 / any, used a coupon', filter: { recency: { min: 4 }, frequency: { min: 3 }, couponsUsed: { min: 1 } } },
  { name: 'sharers', filter: { convertedInvites: { min: 1 } } },
  { name: 'tagged 亲子 (some retagged after the run)', filter: { tags: ['亲子'] } },
]

export async function runInsightBench(opts: { members: number; entries: number; dir?: string; runs?: number; chunks?: number; log?: (s: string) => void }): Promise<InsightBench> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const dir = opts.dir ?? defaultDir(opts.members, opts.entries)
  const { stamp } = ensureFinanceData({ members: opts.members, entries: opts.entries, seed: 1, dir, log })
  const warmSeconds = warmPageCache(path.join(dir, 'cloudbase.sqlite'))
  log(`store file read into the page cache in ${warmSeconds.toFixed(1)} s`)
  const rt = openLocalRuntime({ dataDir: dir, mode: 'local', log: { error: (m, e) => console.error(m, e) } })
  try {
    rt.clock.set(NOW, { frozen: true })
    const extras = await addExtras(rt, opts.members, log)
    await saveStaff(rt.deps.db, { _id: ADMIN, openid: ADMIN, role: 'admin', storeId: 'HQ', name: 'bench', phone: null, active: true, createdAt: NOW, updatedAt: NOW })
    await clearInsight(rt)

    const { store, docs } = counting(rt.store)
    useLocalStore(store)
    // The kernel's peak RSS from here on (a long synchronous stretch cannot hide from it).
    try {
      writeFileSync('/proc/self/clear_refs', '5')
    } catch {
      // not allowed here: VmHWM is then the process's whole peak
    }
    log(`job member-insight over ${opts.members.toLocaleString('en')} members ...`)
    let calls = 0
    const job = await timed(async () => {
      let s: InsightJobSummary
      do {
        calls++
        s = await runMemberInsight(rt.deps, rt.deps.now(), opts.chunks ? { maxChunks: opts.chunks } : {})
        log(`  call ${calls}: ${JSON.stringify(s)}`)
      } while (s.status === 'paused' && !opts.chunks)
      return s
    })
    const jobDocs = docs()
    const jobFigure = { seconds: job.seconds, calls, docs: jobDocs, docsPerSec: Math.round(jobDocs / job.seconds), peakRssMb: job.peakRssMb, peakHeapMb: job.peakHeapMb, heapBeforeMb: job.heapBeforeMb, hwmMb: hwmMb(), summary: job.value }
    log(`  ${job.seconds.toFixed(1)} s, ${jobDocs.toLocaleString('en')} docs (${jobFigure.docsPerSec.toLocaleString('en')}/s), peak RSS ${job.peakRssMb} MB, heap ${job.heapBeforeMb} → ${job.peakHeapMb} MB, VmHWM ${jobFigure.hwmMb} MB`)
    useLocalStore(rt.store)

    const segments: SegmentFigure[] = []
    let memberPageSeconds: number | null = null
    let walk: InsightBench['walk'] = null
    let verified: InsightBench['verified'] = null
    if (job.value.status === 'done') {
      verified = await verifySample(rt, opts.members, 200)
      log(`verified ${verified.checked} members' rows against their documents: ${verified.differ.length === 0 ? 'all equal' : `${verified.differ.length} differ, e.g. ${verified.differ[0]}`}`)
      const admin = rt.functions.get('admin')!
      const call = async (event: object) => {
        const res = (await admin(event, { identity: { openid: ADMIN, unionid: null } })) as { ok: boolean; data?: any; error?: unknown }
        if (!res.ok) throw new Error(JSON.stringify(res.error))
        return res.data
      }
      // Tags changed after the run: the counts overlay them.
      for (let k = 0; k < 50; k++) await call({ action: 'tagMember', memberId: memberIdOf((k * 7919 + 3) % opts.members), tags: ['亲子'] })
      for (const { name, filter } of FILTERS) {
        const runs: number[] = []
        let count = 0
        for (let i = 0; i < (opts.runs ?? 5); i++) {
          const t = await timed(() => call({ action: 'segmentPreview', filter }))
          runs.push(t.seconds)
          count = t.value.count
        }
        segments.push({ name, filter, count, medianSeconds: median(runs), runs })
        log(`segment "${name}": ${count.toLocaleString('en')} members, median ${median(runs).toFixed(2)} s (${runs.map((s) => s.toFixed(2)).join(', ')})`)
      }
      const page = await timed(() => call({ action: 'memberInsight', memberId: memberIdOf(12345) }))
      memberPageSeconds = page.seconds
      log(`member page: ${page.seconds.toFixed(3)} s`)
      let walked = 0
      const w = await timed(() => walkSegment(rt.deps.db, FILTERS[1].filter, 0, async (ids) => void (walked += ids.length)))
      walk = { seconds: w.seconds, members: walked }
      log(`walk "${FILTERS[1].name}": ${walked.toLocaleString('en')} members in ${w.seconds.toFixed(1)} s`)
    }
    return {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      members: opts.members,
      entries: stamp.counts.ledger,
      dir,
      warmSeconds,
      extras,
      job: jobFigure,
      verified,
      segments,
      memberPageSeconds,
      walk,
    }
  } finally {
    rt.close()
  }
}

/** Rows for `npm run bench` (bench/run.ts), at a scale that takes a minute or two. */
export async function benchInsight(opts: { members?: number; entries?: number } = {}) {
  const b = await runInsightBench({ members: opts.members ?? 100_000, entries: opts.entries ?? 1_000_000, runs: 3 })
  const scale = `${b.members.toLocaleString('en')} members / ${b.entries.toLocaleString('en')} entries`
  return [
    { name: 'insight job', opsPerSec: Math.round(b.members / b.job.seconds), n: b.members, detail: `${scale}: ${b.job.seconds.toFixed(1)} s, peak RSS ${b.job.peakRssMb} MB, heap ≤ ${b.job.peakHeapMb} MB (members/s)` },
    ...b.segments.slice(0, 2).map((s) => ({ name: `segment count: ${s.name}`, opsPerSec: Math.round(b.members / s.medianSeconds), n: b.members, detail: `${scale}: median ${s.medianSeconds.toFixed(2)} s, ${s.count.toLocaleString('en')} match (members/s)` })),
  ]
}

if (require.main === module) {
  ;(async () => {
    const members = Number(arg('members') ?? 1_000_000)
    const entries = Number(arg('entries') ?? members * 10)
    const b = await runInsightBench({ members, entries, dir: arg('dir'), runs: Number(arg('runs') ?? 5), chunks: arg('chunks') ? Number(arg('chunks')) : undefined })
    console.log(JSON.stringify({ job: b.job, segments: b.segments.map((s) => [s.name, s.count, s.medianSeconds]), memberPageSeconds: b.memberPageSeconds, walk: b.walk }, null, 2))
    const out = path.join(__dirname, 'results')
    mkdirSync(out, { recursive: true })
    const file = path.join(out, `insight-${b.at.replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify(b, null, 2) + '\n')
    console.error(`written to ${path.relative(process.cwd(), file)}`)
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
