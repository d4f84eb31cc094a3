import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { grantPoints } from '../cloudfunctions/_lib/ledger'
import { saveItem } from '../cloudfunctions/_lib/mall'
import { addDays, shanghaiDay } from '../shared/day'
import { flashPool, itemPool } from '../shared/mall/item'
import type { MallOrderRecord } from '../shared/mall/order'
import { MallItem } from '../shared/mall/schemas'
import type { Account } from '../shared/points/account'
import { EntryIds, type LedgerEntry } from '../shared/points/ledger-entry'
import type { StockShard } from '../shared/stock'
import { openLocalStore } from '../scripts/local-cloudbase'
import { openLocalRuntime } from '../scripts/server/runtime'
import { registerMembers } from './bench-members'
import { burst, countCodes, latencyFigures } from './burst'
import { startServerProcess } from './server-process'

/**
 * A flash sale over HTTP (issue 6): 100 units, 1,000 members who all tap "redeem" at once.
 * Target: the exact outcome (100 OK, 900 OUT_OF_STOCK, nothing oversold, every account equal to its
 * ledger) and all 1,000 answered within 5 s, with p50 and p99 reported.
 *
 * 1. Seed a fresh data dir in-process: members registered through `member.registerWithWeChatPhone`
 *    (what a sign-up writes), points credited by the ledger's own transaction (earn + account + entry),
 *    and the item saved with `saveItem` (which creates the stock shards).
 * 2. The server in its own process; autocannon opens one keep-alive connection per member and each
 *    sends one `mall.redeem` as soon as it connects. Latency is per request (write to answer), the
 *    wall time runs from the first connect to the last answer.
 * 3. After the server stops, raw probes of the store check the outcome exactly.
 *
 * `npx tsx bench/flash-sale.ts [--members 1000] [--stock 100] [--shards 8]` writes bench/results/flash-sale-<time>.json.
 */

export const ITEM_ID = 'flash-bench'
const SALE_ID = 'sale-1'
const FLASH_POINTS = 500
const REGULAR_POINTS = 2_000
const SEED_POINTS = 2_000
const ANSWER_CODES_LOST = new Set(['OUT_OF_STOCK', 'LIMIT_REACHED'])

export const openidOf = (i: number) => `flash-m-${i}`
const seedEntryId = (i: number) => EntryIds.earn(`bench:flash-seed-${i}`)

export interface FlashSaleOptions {
  members?: number
  stock?: number
  shards?: number
  log?: (s: string) => void
}

export interface FlashSaleResult {
  members: number
  stock: number
  shards: number
  seedSeconds: number
  /** Answers by code ('OK' for a successful redemption). */
  codes: Record<string, number>
  transport: { errors: number; timeouts: number; non2xx: number }
  latencyMs: { p50: number; p90: number; p99: number; max: number; min: number }
  /** From the first connect to the last answer. */
  wallMs: number
  /** When the last successful redemption was answered (from the first connect). */
  lastOkMs: number
  checks: Array<{ name: string; pass: boolean; detail: string }>
  pass: boolean
}

/** Members, their points and the item, written the way the functions write them. */
export async function seedFlashSale(dataDir: string, n: number, stock: number, shards: number, log: (s: string) => void): Promise<number> {
  const started = process.hrtime.bigint()
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: (m, e) => console.error(m, e) }, checkpoints: 'background' })
  try {
    const now = rt.clock.now()
    const expiresOn = addDays(shanghaiDay(now), 365)
    // What an operator's grant writes: one lot, one entry, the account, in one transaction.
    await registerMembers(rt, n, { openidOf, phonePrefix: '137' }, (i, memberId) =>
      grantPoints(rt.deps.db, memberId, {
        entryId: seedEntryId(i),
        points: SEED_POINTS,
        expiresOn,
        source: { kind: 'admin', id: 'bench', storeId: null },
        reason: '压测赠送积分',
        now,
      }).then(() => undefined),
    )
    // The sale is live from a minute ago for an hour: the server's clock is the real one too.
    const item = MallItem.parse({
      id: ITEM_ID,
      title: '秒杀压测商品',
      category: '秒杀',
      kind: 'goods',
      fulfilment: 'pickup',
      pricePoints: REGULAR_POINTS,
      stock: 1_000,
      stockShards: shards,
      flash: {
        id: SALE_ID,
        startsAt: new Date(now.getTime() - 60_000).toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        pricePoints: FLASH_POINTS,
        stock,
        perMemberLimit: 1,
      },
    })
    await saveItem(rt.deps.db, item)
  } finally {
    rt.close()
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  log(`  seeded ${n} members with ${SEED_POINTS} points each and ${stock} units over ${shards} shards in ${seconds.toFixed(1)} s`)
  return seconds
}

type Answer = { i: number; code: string; orderCode?: string; duplicate?: boolean }

/** Every member sends one redeem at once, over its own keep-alive connection. */
async function fire(url: string, n: number) {
  const b = await burst<{ order: { code: string }; duplicate: boolean }>({
    url,
    fn: 'mall',
    requests: n,
    memberOf: (k) => k,
    openidOf,
    body: (i) => ({ action: 'redeem', itemId: ITEM_ID, quantity: 1, requestId: `flash-req-${i}` }),
    timeoutS: 120,
  })
  const answers: Answer[] = b.answers.map((a) => (a.data ? { i: a.i, code: a.code, orderCode: a.data.order.code, duplicate: a.data.duplicate } : { i: a.i, code: a.code }))
  return { ...b, answers }
}

/** The outcome, read back from the store itself. */
function verify(dataDir: string, n: number, stock: number, fired: Awaited<ReturnType<typeof fire>>) {
  const checks: FlashSaleResult['checks'] = []
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail })
  const codes = countCodes(fired.answers)
  const ok = fired.answers.filter((a) => a.code === 'OK')
  const lost = fired.answers.filter((a) => ANSWER_CODES_LOST.has(a.code)).length
  const other = fired.answers.length - ok.length - lost
  const t = fired.transport
  check('every member answered once', fired.answers.length === n && new Set(fired.answers.map((a) => a.i)).size === n, `${fired.answers.length} answers from ${new Set(fired.answers.map((a) => a.i)).size} members`)
  check('no transport failures', t.errors + t.timeouts + t.non2xx === 0, `${t.errors} errors, ${t.timeouts} timeouts, ${t.non2xx} non-2xx`)
  check(`exactly ${stock} OK`, ok.length === stock && ok.every((a) => a.duplicate === false), `${ok.length} OK`)
  check(`exactly ${n - stock} OUT_OF_STOCK or LIMIT_REACHED, nothing else`, lost === n - stock && other === 0, JSON.stringify(codes))

  const store = openLocalStore({ dir: dataDir })
  try {
    const shards = store.rawFind('stock') as unknown as StockShard[]
    const pool = shards.filter((s) => s.poolId === flashPool(ITEM_ID, SALE_ID))
    const remaining = pool.reduce((s, x) => s + x.remaining, 0)
    const supplied = pool.reduce((s, x) => s + x.supplied, 0)
    const taken = pool.reduce((s, x) => s + x.taken, 0)
    const orders = (store.rawFind('mall_orders') as unknown as MallOrderRecord[]).filter((o) => o.itemId === ITEM_ID)
    const sold = orders.reduce((s, o) => s + o.quantity, 0)
    check('pool sold out exactly', remaining === 0 && supplied - remaining === stock && taken === stock && sold === stock, `${pool.length} shards: remaining ${remaining}, supplied ${supplied}, taken ${taken}; orders' quantities ${sold}`)
    const own = shards.filter((s) => s.poolId === itemPool(ITEM_ID))
    check("item's own pool untouched", own.every((s) => s.remaining === s.supplied && s.taken === 0), `${own.reduce((s, x) => s + x.remaining, 0)} of ${own.reduce((s, x) => s + x.supplied, 0)} left`)
    const okCodes = new Set(ok.map((a) => a.orderCode))
    const members = new Set(orders.map((o) => o.memberId))
    check(
      'one order per OK answer, one per winner, at the flash price',
      orders.length === ok.length && orders.every((o) => okCodes.has(o._id) && o.flashId === SALE_ID && o.points === FLASH_POINTS * o.quantity) && members.size === orders.length,
      `${orders.length} orders for ${members.size} members`,
    )

    const accounts = new Map((store.rawFind('accounts') as unknown as Account[]).map((a) => [a._id, a]))
    const sums = new Map<string, number>()
    const entries = new Map<string, LedgerEntry>()
    for (const e of store.rawFind('ledger') as unknown as LedgerEntry[]) {
      sums.set(e.memberId, (sums.get(e.memberId) ?? 0) + e.points)
      entries.set(e._id, e)
    }
    const winners = new Set(orders.map((o) => o.memberId))
    let mismatched = 0
    let negative = 0
    let wrongAmount = 0
    for (const [id, a] of accounts) {
      if (a.balance !== (sums.get(id) ?? 0) || a.balance !== a.lots.reduce((s, l) => s + l.remaining, 0)) mismatched++
      if (a.balance < 0) negative++
      if (a.balance !== SEED_POINTS - (winners.has(id) ? FLASH_POINTS : 0)) wrongAmount++
    }
    const spends = orders.filter((o) => o.spendEntryId && entries.get(o.spendEntryId)?.points === -o.points).length
    check(
      "every balance == its ledger's sum, >= 0",
      accounts.size === n && sums.size === n && mismatched === 0 && negative === 0,
      `${accounts.size} accounts, ${sums.size} ledgers: ${mismatched} differ, ${negative} negative`,
    )
    check('winners paid the flash price once, losers nothing', wrongAmount === 0 && spends === orders.length, `${wrongAmount} balances off; ${spends} of ${orders.length} orders have their spend entry`)
    const limits = store.rawFind('mall_limits') as unknown as Array<{ memberId: string; count: number }>
    check('one limit counter of 1 per winner', limits.length === winners.size && limits.every((l) => l.count === 1 && winners.has(l.memberId)), `${limits.length} counters`)
  } finally {
    store.close()
  }
  return { codes, checks }
}

export async function runFlashSale(opts: FlashSaleOptions = {}): Promise<FlashSaleResult> {
  const n = opts.members ?? 1_000
  const stock = opts.stock ?? 100
  const shards = opts.shards ?? 8
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-flash-'))
  try {
    log(`flash sale: ${n} members, ${stock} units over ${shards} shards`)
    const seedSeconds = await seedFlashSale(dataDir, n, stock, shards, log)
    const server = await startServerProcess(dataDir)
    let fired: Awaited<ReturnType<typeof fire>>
    try {
      fired = await fire(server.url, n)
    } finally {
      await server.close()
    }
    const { codes, checks } = verify(dataDir, n, stock, fired)
    const l = fired.latencies
    const result: FlashSaleResult = {
      members: n,
      stock,
      shards,
      seedSeconds,
      codes,
      transport: fired.transport,
      latencyMs: latencyFigures(l),
      wallMs: Math.round(fired.wallMs),
      lastOkMs: Math.round(fired.lastOkMs),
      checks,
      pass: checks.every((c) => c.pass),
    }
    log(`  all ${l.length} answered in ${result.wallMs} ms (last OK at ${result.lastOkMs} ms); latency p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`)
    log(`  answers ${JSON.stringify(codes)}`)
    for (const c of checks) log(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}: ${c.detail}`)
    return result
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The row for `npm run bench` (bench/run.ts). */
export async function benchFlashSale(opts: FlashSaleOptions = {}) {
  const r = await runFlashSale(opts)
  const failed = r.checks.filter((c) => !c.pass).map((c) => c.name)
  const lost = (r.codes.OUT_OF_STOCK ?? 0) + (r.codes.LIMIT_REACHED ?? 0)
  return {
    name: 'mall.redeem flash sale over HTTP',
    opsPerSec: Math.round(r.members / (r.wallMs / 1000)),
    n: r.members,
    p50Ms: r.latencyMs.p50,
    p99Ms: r.latencyMs.p99,
    maxMs: r.latencyMs.max,
    wallMs: r.wallMs,
    checks: r.checks,
    detail:
      `${r.stock} units over ${r.shards} shards, ${r.members.toLocaleString('en')} at once: all answered in ${(r.wallMs / 1000).toFixed(2)} s, ` +
      `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms; ${r.codes.OK ?? 0} OK / ${lost} sold out; ` +
      (failed.length === 0 ? `all ${r.checks.length} checks pass` : `FAILED: ${failed.join('; ')}`),
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

if (require.main === module) {
  ;(async () => {
    const started = new Date()
    const r = await runFlashSale({
      members: arg('members') ? Number(arg('members')) : undefined,
      stock: arg('stock') ? Number(arg('stock')) : undefined,
      shards: arg('shards') ? Number(arg('shards')) : undefined,
    })
    const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`
    const out = { at: started.toISOString(), machine, target: 'exact outcome; all answered within 5 s', meetsTarget: r.pass && r.wallMs < 5_000, ...r }
    console.log(JSON.stringify(out, null, 2))
    const dir = path.join(__dirname, 'results')
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, `flash-sale-${started.toISOString().replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
    console.error(`written to ${path.relative(process.cwd(), file)}`)
    if (!r.pass) process.exitCode = 1
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
