import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { addDays } from '../shared/day'
import type { MemberRecord } from '../shared/member/member-record'
import { earn, emptyAccount, expire, isSpendable, refundSpend, reverseEarning, spend, type Account, type Change } from '../shared/points/account'
import { EarningRules, lotDates } from '../shared/points/earning-rules'
import { EntryIds, type LedgerEntry } from '../shared/points/ledger-entry'
import { stored } from '../cloudfunctions/_lib/ledger'
import type { EntrySource } from '../shared/points/schemas'
import type { OrderRecord } from '../shared/staff/order-record'
import type { CouponRecord } from '../shared/coupon/coupon'
import type { MallOrderRecord } from '../shared/mall/order'
import type { MemberTier } from '../shared/tier/member-tier'
import { encode } from '../scripts/local-cloudbase/codec'
import { indexKeys, loadIndexSpecs, type IndexSpec } from '../scripts/local-cloudbase/index-spec'
import { DEFAULT_INDEXES_FILE, openLocalStore } from '../scripts/local-cloudbase'
import { BENCH_DAY, generateMember, memberIdOf } from './tier-review'
import { rng } from './rng'
import { monthOf } from '../shared/finance/period'

/**
 * A finance data set written straight into a local store directory: members, accounts, their
 * ledgers over 24 months, till orders, mall orders, coupons, member_tiers, 30 stores (20 in two
 * malls) and the finance and earning config. Every member's history is played through the real
 * domain functions (earn, spend, reverseEarning, refundSpend, expire), so the accounts and entries
 * are exactly what the functions would have written: balance = sum of entries = sum of lot remainders.
 *
 * The rows go in through the store's own encoding (codec.encode) and index keys (indexKeys over
 * cloudfunctions/indexes.json), straight into its SQLite tables in 100k-row transactions: the
 * store's insertDocument would parse every document back from Extended JSON first, which costs more
 * than generating it. `verifyFinanceData` then reads samples back through the SDK and re-`set`s them
 * (each must answer `updated: 0`, i.e. byte for byte what the SDK would store).
 *
 * `npx tsx bench/finance-data.ts --members 1000000 --entries 10000000 [--seed 1] [--dir /tmp/huika-finance-bench]`
 * A directory holding a stamp with the same parameters is reused.
 */

export const TODAY = BENCH_DAY // 2027-06-15, the tier-review bench's day
export const NOW = new Date(`${TODAY}T10:00:00+08:00`)
const START = addDays(TODAY, -730) // 24 months of history
const STAMP_FILE = 'finance-data.json'
const GENERATOR_VERSION = 3
/** Actions per member are drawn as (target entries / this): expiries and settlements add the rest. */
const ENTRIES_PER_ACTION = 1.22

export interface FinanceDataOptions {
  members: number
  entries: number
  seed: number
  dir: string
  log?: (s: string) => void
}

export interface FinanceStamp {
  version: number
  members: number
  entries: number
  seed: number
  today: string
  counts: Record<string, number>
  ledgerByKind: Record<string, number>
  seconds: number
  dbMb: number
}

// ---------------------------------------------------------------- deterministic randomness

const mix = (seed: number, i: number, salt: number) => (Math.imul(i + 1, 2654435761) ^ Math.imul(seed + 7, 40503) ^ Math.imul(salt, 97)) >>> 0
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** A 12-character Crockford code like `deps.ids.code()`, deterministic from `what`. */
const codeOf = (what: string) => Array.from(createHash('md5').update(what).digest().subarray(0, 12), (b) => CROCKFORD[b & 31]).join('')

// ---------------------------------------------------------------- the fixed part

export const STORES = Array.from({ length: 30 }, (_, k) => {
  const id = `S${String(k + 1).padStart(2, '0')}`
  return { _id: id, name: `门店${k + 1}`, hours: null, mallId: k < 12 ? 'mall-wanda' : k < 20 ? 'mall-joycity' : null }
})
const EARNING = EarningRules.parse({ validity: { kind: 'days', days: 365 }, pendingDays: 7 })
const TEMPLATES = [
  { id: 'cash-10', title: '满100减10', kind: 'cash', offFen: 1000, thresholdFen: 10000, payPercent: null, maxOffFen: null, gift: null, days: 30, channel: 'claim' },
  { id: 'cash-30', title: '满300减30', kind: 'cash', offFen: 3000, thresholdFen: 30000, payPercent: null, maxOffFen: null, gift: null, days: 30, channel: 'tier' },
  { id: 'pct-88', title: '88折券', kind: 'percent', offFen: null, thresholdFen: 0, payPercent: 88, maxOffFen: 5000, gift: null, days: 14, channel: 'campaign' },
  { id: 'gift-cup', title: '咖啡一杯', kind: 'gift', offFen: null, thresholdFen: 0, payPercent: null, maxOffFen: null, gift: '美式咖啡', days: 60, channel: 'mall' },
  { id: 'cash-5', title: '无门槛5元', kind: 'cash', offFen: 500, thresholdFen: 0, payPercent: null, maxOffFen: null, gift: null, days: 7, channel: 'operator' },
] as const
const ITEMS = [
  { id: 'mug', title: '会卡马克杯', points: 300, kind: 'goods' as const },
  { id: 'tote', title: '帆布袋', points: 600, kind: 'goods' as const },
  { id: 'coffee', title: '咖啡券', points: 100, kind: 'coupon' as const },
  { id: 'movie', title: '电影票兑换码', points: 800, kind: 'voucher' as const },
]
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴']

/** A Date at a random wall time between 09:00 and 21:59 of the Asia/Shanghai `day`. */
const at = (day: string, r: () => number) => new Date(Date.parse(`${day}T09:00:00+08:00`) + Math.floor(r() * 13 * 3600_000))

// ---------------------------------------------------------------- one member's history

export interface MemberData {
  member: MemberRecord
  account: Account
  entries: LedgerEntry[]
  orders: OrderRecord[]
  mallOrders: MallOrderRecord[]
  coupons: CouponRecord[]
  tier: MemberTier
}

/** Member i's whole history, played through the domain functions in time order. */
export function generateMemberData(i: number, target: number, seed: number): MemberData {
  const r = rng(mix(seed, i, 1))
  const memberId = memberIdOf(i)
  const openid = `bench-openid-${i}`
  const memberNo = String(1_000_000_000 + i)
  const regDay = addDays(START, Math.floor(r() * r() * 700)) // more members from the early months
  const registeredAt = at(regDay, r)
  const home = STORES[Math.floor(r() * STORES.length)]._id
  const member: MemberRecord = {
    _id: memberId,
    openid,
    unionid: null,
    phone: `139${String(i).padStart(8, '0')}`,
    phoneSimulated: false,
    memberNo,
    nickname: r() < 0.6 ? `${SURNAMES[i % SURNAMES.length]}${i % 97}` : null,
    birthday: r() < 0.5 ? `19${70 + Math.floor(r() * 30)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}` : null,
    gender: r() < 0.45 ? 'female' : r() < 0.8 ? 'male' : 'unknown',
    region: r() < 0.7 ? ['广东省', '深圳市', '南山区'] : [],
    invite: null,
    registeredAt,
    updatedAt: registeredAt,
  }

  let account = emptyAccount(memberId)
  const entries: LedgerEntry[] = []
  const orders = new Map<string, OrderRecord>()
  const mallOrders: MallOrderRecord[] = []
  const signed = new Set<string>()
  const apply = (c: Change) => {
    account = c.account
    for (const e of c.entries) entries.push(e)
  }
  const span = Math.max(1, (Date.parse(TODAY) - Date.parse(regDay)) / 86_400_000) // days before today
  const actions = Math.max(1, Math.round(target / ENTRIES_PER_ACTION))
  const days = Array.from({ length: actions }, () => addDays(regDay, Math.floor(r() * span))).sort()
  // Cancellations of mall orders a day later, played in time order among the other actions.
  const later: Array<{ at: Date; run: () => void }> = []
  const runDue = (until: Date) => {
    while (later.length > 0 && later[0].at <= until) later.shift()!.run()
  }
  let n = 0
  let last = registeredAt
  for (const day of days) {
    if (account.seq >= target) break
    let now = at(day, r)
    if (now < last) now = last // one member's entries never go back in time
    last = now
    runDue(now)
    n++
    const roll = r()
    const purchase = () => {
      const storeId = r() < 0.7 ? home : STORES[Math.floor(r() * STORES.length)]._id
      const orderId = `${memberNo}-${n}`
      const key = `${storeId}:${orderId}`
      const amountFen = 2000 + Math.floor(r() * r() * 80_000)
      const points = Math.floor(amountFen / 100)
      const staffOpenid = `staff-${storeId}-${1 + (n % 3)}`
      apply(earn(account, { entryId: EntryIds.earn(key), points, ...lotDates(EARNING, day), orderKey: key, source: { kind: 'staff', id: staffOpenid, storeId }, reason: '门店消费积分', now }))
      orders.set(key, {
        _id: key, storeId, orderId, memberId, memberNo, amountFen, points, staffOpenid,
        status: 'credited', refundedFen: 0, reversedPoints: 0, refunds: [], codeKey: codeOf(`code:${key}`), approvalId: null,
        upgradedTo: null, createdAt: now, creditedAt: now, creditedMonth: monthOf(now), refundMonths: [], updatedAt: now,
      })
    }
    if (roll < 0.55) purchase()
    else if (roll < 0.72) {
      if (signed.has(day)) purchase()
      else {
        signed.add(day)
        const src: EntrySource = { kind: 'member', id: openid, storeId: null }
        apply(earn(account, { entryId: EntryIds.signin(memberId, day), points: 5 + Math.floor(r() * 3) * 5, expiresOn: addDays(day, 365), availableOn: null, orderKey: null, source: src, reason: '每日签到', now }))
      }
    } else if (roll < 0.88) {
      const item = ITEMS[Math.floor(r() * ITEMS.length)]
      const code = codeOf(`mall:${seed}:${i}:${n}`)
      const src: EntrySource = { kind: 'member', id: openid, storeId: null }
      const res = spend(account, { entryId: EntryIds.redeem(code), points: item.points, source: src, reason: `积分兑换：${item.title}`, now })
      if ('error' in res) purchase()
      else {
        apply(res)
        const spendEntry = res.entries[res.entries.length - 1]
        const cancelled = item.kind === 'goods' && r() < 0.15
        const pickup = r() < 0.8
        const order: MallOrderRecord = {
          _id: code, memberId, openid, requestKey: `${memberId}:req-${n}`, itemId: item.id, title: item.title, image: null,
          kind: item.kind, fulfilment: item.kind === 'goods' ? (pickup ? 'pickup' : 'delivery') : null, quantity: 1,
          unitPoints: item.points, unitFen: 0, points: item.points, fen: 0, flashId: null, shardId: `${item.id}:${n % 8}`,
          limitId: `${memberId}:${item.id}`, spendEntryId: spendEntry._id,
          status: item.kind !== 'goods' ? 'completed' : cancelled ? 'cancelled' : day < addDays(TODAY, -14) ? 'completed' : pickup ? 'awaiting_pickup' : 'awaiting_delivery',
          pickupBy: item.kind === 'goods' && pickup ? addDays(day, 14) : null, storeIds: null,
          address: item.kind === 'goods' && !pickup ? { name: member.nickname ?? '会员', phone: member.phone, region: ['广东省', '深圳市', '南山区'], detail: '科技园1号' } : null,
          couponCodes: [], voucherCodes: [], tracking: null, createdAt: now, fulfilledAt: null, fulfilledBy: null, fulfilledStoreId: null,
          closedAt: null, closeReason: null,
        }
        if (order.status === 'completed' && item.kind === 'goods') {
          const storeId = pickup ? home : null
          Object.assign(order, { fulfilledAt: at(addDays(day, 2), r), fulfilledBy: storeId ? `staff-${storeId}-1` : 'ops', fulfilledStoreId: storeId, tracking: pickup ? null : `SF${code}` })
        }
        if (cancelled) {
          const when = at(addDays(day, 1), r)
          if (when <= NOW) {
            Object.assign(order, { closedAt: when, closeReason: '会员取消' })
            later.push({
              at: when,
              run: () => {
                apply(refundSpend(account, { entryId: EntryIds.redeemBack(code), spendId: spendEntry._id, consumed: spendEntry.consumed ?? [], source: src, reason: '取消兑换，退回积分', now: when }))
                if (when > last) last = when
              },
            })
            later.sort((a, b) => a.at.getTime() - b.at.getTime())
          } else order.status = 'awaiting_pickup'
        }
        mallOrders.push(order)
      }
    } else if (roll < 0.94 && orders.size > 0) {
      // A refund of one of the member's earlier till orders, part or all of what is left.
      const list = [...orders.values()]
      const o = list[Math.floor(r() * list.length)]
      const left = o.amountFen - o.refundedFen
      if (left <= 0) purchase()
      else {
        const amountFen = r() < 0.6 ? left : Math.max(1, Math.floor(left * r()))
        const refundedFen = o.refundedFen + amountFen
        const owed = Math.floor((o.points * refundedFen) / o.amountFen) - o.reversedPoints
        const staffOpenid = `staff-${o.storeId}-1`
        let entryId: string | null = null
        let reversed = 0
        let shortfall = 0
        if (owed > 0) {
          entryId = EntryIds.reverse(o._id, `@${refundedFen}`)
          const res = reverseEarning(account, { entryId, lotId: EntryIds.earn(o._id), points: owed, source: { kind: 'staff', id: staffOpenid, storeId: o.storeId }, reason: '门店退款扣回积分', now, orderKey: o._id })
          apply(res)
          reversed = res.taken
          shortfall = res.shortfall
        }
        orders.set(o._id, {
          ...o, refundedFen, reversedPoints: o.reversedPoints + Math.max(0, owed), updatedAt: now,
          refunds: [...o.refunds, { refundId: null, amountFen, pointsReversed: reversed, shortfall, entryId, staffOpenid, at: now }],
          refundMonths: [...new Set([...(o.refundMonths ?? []), monthOf(now)])],
        })
      }
    } else if (roll < 0.955) {
      // An operator's correction: a grant (a lot) or a deduction (from spendable lots), kind `adjust`.
      const src: EntrySource = { kind: 'admin', id: 'ops-admin', storeId: null }
      const id = `adj:${memberNo}:${n}`
      const points = 10 + Math.floor(r() * 200)
      const spendable = account.lots.filter((l) => isSpendable(l, day)).reduce((s, l) => s + l.remaining, 0)
      const taken = r() < 0.3 && spendable >= points ? spend(account, { entryId: id, points, source: src, reason: '人工调整（扣减）', now }) : null
      const res: Change =
        taken && !('error' in taken)
          ? taken
          : earn(account, { entryId: id, points, expiresOn: addDays(day, 365), availableOn: null, orderKey: null, source: src, reason: '人工调整（补发）', now })
      account = res.account
      for (const e of res.entries) entries.push(e._id === id ? { ...e, kind: 'adjust' } : e)
    } else purchase()
  }
  runDue(NOW)
  // The points-expiry job ran this morning for almost everyone; a few accounts wait for it.
  if (r() < 0.98) apply(expire(account, TODAY, last > NOW ? last : NOW))
  if (account.updatedAt) member.updatedAt = account.updatedAt

  const coupons: CouponRecord[] = []
  const nCoupons = Math.floor(r() * 6)
  for (let k = 0; k < nCoupons; k++) {
    const t = TEMPLATES[Math.floor(r() * TEMPLATES.length)]
    const issuedDay = addDays(regDay, Math.floor(r() * span))
    const issuedAt = at(issuedDay, r)
    const validUntil = addDays(issuedDay, t.days - 1)
    const used = r() < 0.4 && validUntil < TODAY ? true : r() < 0.2
    const usedDay = addDays(issuedDay, Math.floor(r() * t.days))
    const usedAt = used && usedDay <= TODAY ? at(usedDay, r) : null
    const usedStoreId = usedAt ? (r() < 0.7 ? home : STORES[Math.floor(r() * STORES.length)]._id) : null
    const usedBy = usedStoreId ? `staff-${usedStoreId}-2` : null
    coupons.push({
      _id: codeOf(`coupon:${seed}:${i}:${k}`), templateId: t.id, memberId, openid, title: t.title, kind: t.kind,
      offFen: t.offFen, thresholdFen: t.thresholdFen, payPercent: t.payPercent, maxOffFen: t.maxOffFen, gift: t.gift, note: '',
      storeIds: null, validFrom: issuedDay, validUntil, state: usedAt ? 'used' : 'issued', channel: t.channel,
      issueKey: `${t.channel}:${memberId}:${k}`, issuedAt, usedAt, usedMonth: usedAt ? monthOf(usedAt) : null, usedStoreId, usedBy,
      writeOffs: usedAt ? [{ at: usedAt, staffOpenid: usedBy!, storeId: usedStoreId!, undoneAt: null, undoneBy: null, undoReason: null }] : [],
    })
  }

  // The tier record (tier-review's generator, 1/365 due today), its growth rebuilt from the real purchases.
  const { doc: tier } = generateMember(i, TODAY, 1 / 365)
  const growthFrom = addDays(TODAY, -720)
  const byDay = new Map<string, number>()
  for (const o of orders.values()) {
    const day = new Date(o.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    if (day >= growthFrom) byDay.set(day, (byDay.get(day) ?? 0) + o.amountFen - o.refundedFen)
  }
  tier.openid = openid
  tier.growth = { since: regDay, days: [...byDay].filter(([, f]) => f > 0).sort(([a], [b]) => (a < b ? -1 : 1)) }

  return { member, account, entries, orders: [...orders.values()], mallOrders, coupons, tier }
}

// ---------------------------------------------------------------- writing

const FLUSH_ROWS = 200_000

/** A row and its sort key (the table's primary key joined by NULs). */
type Row = { sort: string; args: Array<string | number> }
const bySort = (a: Row, b: Row) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0)

/**
 * Rows for the store's tables, made by its codec (encode) and its index keys (indexKeys), written
 * FLUSH_ROWS documents per transaction, each batch sorted by primary key so that neighbouring
 * inserts land on the same B-tree pages.
 */
class BulkWriter {
  private readonly db: Database.Database
  private readonly specs: Map<string, IndexSpec[]>
  private docs: Row[] = []
  private keys: Row[] = []
  private uniques: Row[] = []
  private readonly flushTx: () => void
  readonly counts: Record<string, number> = {}

  constructor(file: string, seed: number) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = OFF') // a bulk load: a crash means generating again
    this.db.pragma('cache_size = -2000000') // 2 GB of pages: the random-order B-tree inserts stay in memory
    this.specs = loadIndexSpecs(DEFAULT_INDEXES_FILE)
    const insertDoc = this.db.prepare('INSERT INTO docs (coll, id, body, ver) VALUES (?, ?, ?, ?)')
    const addKey = this.db.prepare('INSERT INTO index_keys (coll, idx, key, id) VALUES (?, ?, ?, ?)')
    const addUnique = this.db.prepare('INSERT INTO unique_keys (coll, idx, key, id) VALUES (?, ?, ?, ?)')
    const r = rng(mix(seed, 0, 99))
    this.flushTx = this.db.transaction(() => {
      // A fresh document's version, as Committed.insert makes it: random 52-bit, plus one.
      for (const d of this.docs.sort(bySort)) insertDoc.run(d.args[0], d.args[1], d.args[2], Math.floor(r() * 2 ** 52) + 1)
      for (const k of this.keys.sort(bySort)) addKey.run(k.args)
      for (const k of this.uniques.sort(bySort)) addUnique.run(k.args)
    })
  }

  add<T extends { _id: string }>(coll: string, doc: T): void {
    this.docs.push({ sort: `${coll}\0${doc._id}`, args: [coll, doc._id, encode(doc)] })
    this.counts[coll] = (this.counts[coll] ?? 0) + 1
    const specs = this.specs.get(coll)
    if (specs)
      for (const spec of specs)
        for (const key of indexKeys(doc as never, spec))
          (spec.unique ? this.uniques : this.keys).push({ sort: `${coll}\0${spec.name}\0${key}\0${doc._id}`, args: [coll, spec.name, key, doc._id] })
    if (this.docs.length >= FLUSH_ROWS) this.flush()
  }

  flush(): void {
    this.flushTx()
    this.docs = []
    this.keys = []
    this.uniques = []
  }

  close(): void {
    this.flush()
    // Keys went in around the store's index maintenance, which records the indexes no array has given two
    // keys: without that record every index counts as multikey, so the planner reads no range from one.
    this.db.exec('DELETE FROM index_shapes')
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.close()
  }
}

const dbMbOf = (dir: string) =>
  Math.round(['cloudbase.sqlite', 'cloudbase.sqlite-wal'].reduce((s, f) => s + (existsSync(path.join(dir, f)) ? statSync(path.join(dir, f)).size : 0), 0) / 2 ** 20)

export function readStamp(dir: string): FinanceStamp | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, STAMP_FILE), 'utf8')) as FinanceStamp
  } catch {
    return null
  }
}

/** Generates the data set into `dir` (emptied first), unless a stamp there says it holds exactly this one. */
export function ensureFinanceData(opts: FinanceDataOptions): { stamp: FinanceStamp; reused: boolean } {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const old = readStamp(opts.dir)
  if (old && old.version === GENERATOR_VERSION && old.members === opts.members && old.entries === opts.entries && old.seed === opts.seed) {
    log(`finance data: reusing ${opts.dir} (${old.members.toLocaleString('en')} members, ${old.counts.ledger.toLocaleString('en')} entries, generated in ${old.seconds.toFixed(0)} s)`)
    return { stamp: old, reused: true }
  }
  // Only a directory this generator made (its stamp) or an empty one is emptied.
  if (existsSync(opts.dir) && !old && readdirSync(opts.dir).length > 0) throw new Error(`${opts.dir} holds something else: give an empty or new --dir`)
  rmSync(opts.dir, { recursive: true, force: true })
  const started = process.hrtime.bigint()
  openLocalStore({ dir: opts.dir }).close() // the schema and the declared indexes, as the store makes them

  // Entries per member: a skewed spread (a few heavy shoppers), scaled so they add up to about `entries`.
  const weights = new Float64Array(opts.members)
  let total = 0
  for (let i = 0; i < opts.members; i++) {
    const r = rng(mix(opts.seed, i, 2))
    weights[i] = 0.15 + -Math.log(1 - r() * 0.999) // exponential, mean about 1.15
    total += weights[i]
  }
  const w = new BulkWriter(path.join(opts.dir, 'cloudbase.sqlite'), opts.seed)
  const ledgerByKind: Record<string, number> = {}
  for (const s of STORES) w.add('stores', { ...s, createdAt: new Date(`${START}T08:00:00+08:00`), updatedAt: new Date(`${START}T08:00:00+08:00`) })
  for (const t of TEMPLATES) {
    const { id, days, channel: _c, ...rest } = t
    w.add('coupon_templates', { _id: id, id, ...rest, validity: { kind: 'days', days, afterDays: 0 }, perMemberLimit: 5, totalLimit: null, storeIds: null, claimable: t.channel === 'claim', note: '', active: true })
  }
  w.add('config', { _id: 'finance', pointValue: { fen: 1, points: 1 } })
  const { ...earning } = EARNING
  w.add('config', { _id: 'earning', ...earning })
  for (let i = 0; i < opts.members; i++) {
    const target = Math.max(1, Math.round((opts.entries * weights[i]) / total))
    const d = generateMemberData(i, target, opts.seed)
    w.add('members', d.member)
    w.add('accounts', d.account)
    for (const e of d.entries) {
      w.add('ledger', stored(e)) // with its month, as appendEntries writes it
      ledgerByKind[e.kind] = (ledgerByKind[e.kind] ?? 0) + 1
    }
    for (const o of d.orders) w.add('orders', o)
    for (const o of d.mallOrders) w.add('mall_orders', o)
    for (const c of d.coupons) w.add('coupons', c)
    w.add('member_tiers', d.tier as MemberTier)
    if ((i + 1) % 100_000 === 0) {
      const s = Number(process.hrtime.bigint() - started) / 1e9
      log(`  ${(i + 1).toLocaleString('en')} members, ${(w.counts.ledger ?? 0).toLocaleString('en')} entries, ${s.toFixed(0)} s`)
    }
  }
  w.close()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const stamp: FinanceStamp = {
    version: GENERATOR_VERSION, members: opts.members, entries: opts.entries, seed: opts.seed, today: TODAY,
    counts: w.counts, ledgerByKind, seconds, dbMb: dbMbOf(opts.dir),
  }
  writeFileSync(path.join(opts.dir, STAMP_FILE), JSON.stringify(stamp, null, 2) + '\n')
  log(`finance data: generated in ${seconds.toFixed(1)} s, ${stamp.dbMb} MB: ${JSON.stringify(stamp.counts)}`)
  return { stamp, reused: false }
}

// ---------------------------------------------------------------- command line

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

export const DEFAULT_DIR = '/tmp/huika-finance-bench'
/** The full-scale set lives in DEFAULT_DIR (kept for re-runs); other scales next to it. */
export const defaultDir = (members: number, entries: number) =>
  members === 1_000_000 && entries === 10_000_000 ? DEFAULT_DIR : `${DEFAULT_DIR}-${members}-${entries}`

if (require.main === module) {
  const members = Number(arg('members') ?? 1_000_000)
  const entries = Number(arg('entries') ?? members * 10)
  const seed = Number(arg('seed') ?? 1)
  const dir = arg('dir') ?? defaultDir(members, entries)
  const { stamp } = ensureFinanceData({ members, entries, seed, dir })
  console.log(JSON.stringify(stamp, null, 2))
}
