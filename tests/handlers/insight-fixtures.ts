import { createHash } from 'node:crypto'
import { definition as adminDefinition } from '../../cloudfunctions/admin'
import { runMemberInsight, type InsightJobOptions } from '../../cloudfunctions/_lib/insight-job'
import { currentRun, readChunks } from '../../cloudfunctions/_lib/insight-runs'
import { saveStaff, saveStore } from '../../cloudfunctions/_lib/staff-records'
import { addDays, shanghaiDay } from '../../shared/day'
import { rowAt } from '../../shared/insight/chunk'
import type { InsightRow } from '../../shared/insight/member-row'
import { DefaultInsightConfig, insightOf, type InsightConfig, type Lifecycle } from '../../shared/insight/rfm'
import type { SegmentFacts } from '../../shared/insight/segment'
import type { StaffRole } from '../../shared/staff/schemas'
import { openHarness, type Envelope } from './harness'
import { rng } from '../../bench/rng'

/**
 * The admin function on a fresh store with a deterministic population written straight into the
 * collections the insight job reads (members, member_tiers, ledger, coupons, mall_orders, referrals,
 * member_tags), and the answer worked out by brute force from that population, without the job's
 * code: what each member's snapshot row must say.
 */
export const ADMIN = 'openid-admin'
export const MANAGER = 'openid-manager'
export const CLERK = 'openid-clerk'

const STORES = ['S1', 'S2', 'S3']
const REGIONS = [[], ['山东省', '青岛市', '市南区'], ['山东省', '济南市'], ['北京市', '朝阳区'], ['广东省', '深圳市', '南山区']]
export const TAGS = ['咖啡控', '亲子', '高净值', '夜猫子']
const LEVELS = ['basic', 'silver', 'gold', 'black']

const noon = (day: string) => new Date(`${day}T12:00:00+08:00`)

export interface Person {
  id: string
  index: number
  phone: string
  memberNo: string
  nickname: string | null
  joined: string
  unclaimed: boolean
  region: string[]
  birthday: string | null
  /** Null: no member_tiers record. */
  level: string | null
  days: Array<[string, number]>
  entries: Array<{ id: string; at: Date }>
  coupons: Array<{ used: boolean; at: Date }>
  mall: Array<{ status: string; at: Date }>
  tags: string[]
}

export interface Population {
  people: Person[]
  referrals: Array<{ inviterId: string; status: string }>
}

/** `n` members (ids in no particular relation to their index), most with purchases, some imported and unclaimed. */
export async function seedPopulation(h: ReturnType<typeof openHarness>, n: number, seed = 1): Promise<Population> {
  const { db } = h.deps
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]
  const today = shanghaiDay(h.clock.now())
  const ago = (max: number) => addDays(today, -Math.floor(r() * max))
  const people: Person[] = []
  const referrals: Population['referrals'] = []
  for (let i = 0; i < n; i++) {
    const id = createHash('md5').update(`insight-${seed}-${i}`).digest('hex').slice(0, 24)
    const joined = r() < 0.15 ? ago(40) : ago(900)
    const home = pick(STORES)
    const days = new Map<string, number>()
    const entries: Person['entries'] = []
    const purchases = r() < 0.2 ? 0 : 1 + Math.floor(r() * r() * 20)
    for (let k = 0; k < purchases; k++) {
      const day = ago(700)
      const fen = 1000 + Math.floor(r() * r() * 90_000)
      days.set(day, (days.get(day) ?? 0) + fen)
      entries.push({ id: `earn:${r() < 0.7 ? home : pick(STORES)}:${id}-${k}`, at: noon(day) })
    }
    for (let k = Math.floor(r() * 8); k > 0; k--)
      entries.push({ id: `${pick(['signin', 'game', 'game-win', 'mall', 'mall-back', 'invite', 'rev', 'exp', 'adj'])}:${id}:${k}`, at: noon(ago(500)) })
    const p: Person = {
      id,
      index: i,
      phone: `139${String(i).padStart(8, '0')}`,
      memberNo: String(2_000_000_000 + i),
      nickname: r() < 0.7 ? `会员${i}` : null,
      joined,
      unclaimed: r() < 0.15,
      region: pick(REGIONS),
      birthday: r() < 0.6 ? `19${70 + Math.floor(r() * 30)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-1${Math.floor(r() * 9)}` : null,
      level: purchases === 0 && r() < 0.5 ? null : pick(LEVELS),
      days: [...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      entries,
      coupons: Array.from({ length: Math.floor(r() * 4) }, () => ({ used: r() < 0.6, at: noon(ago(500)) })),
      mall: Array.from({ length: Math.floor(r() * 3) }, () => ({ status: pick(['completed', 'cancelled', 'awaiting_pickup', 'expired']), at: noon(ago(500)) })),
      tags: r() < 0.3 ? TAGS.filter(() => r() < 0.4) : [],
    }
    people.push(p)
    if (i > 0 && r() < 0.4) referrals.push({ inviterId: people[Math.floor(r() * i)].id, status: pick(['joined', 'rewarded', 'over_cap']) })
  }
  for (const p of people) {
    const registeredAt = noon(p.joined)
    await db
      .collection('members')
      .doc(p.id)
      .set({
        openid: p.unclaimed ? `import:${p.id}` : `openid-${p.index}`,
        unionid: null,
        phone: p.phone,
        phoneSimulated: false,
        memberNo: p.memberNo,
        nickname: p.nickname,
        birthday: p.birthday,
        gender: 'unknown',
        region: p.region,
        invite: null,
        registeredAt,
        updatedAt: registeredAt,
      })
    if (p.level !== null)
      await db
        .collection('member_tiers')
        .doc(p.id)
        .set({
          openid: `openid-${p.index}`,
          levelId: p.level,
          terms: '2026',
          since: p.joined,
          cycleFloorId: 'basic',
          reviewOn: null,
          graceUntil: null,
          warnedFor: null,
          manual: null,
          growth: { since: p.joined, days: p.days },
          moves: [],
          updatedAt: registeredAt,
        })
    let seq = 0
    for (const e of p.entries) {
      const till = e.id.startsWith('earn:')
      await db
        .collection('ledger')
        .doc(e.id)
        .set({
          memberId: p.id,
          seq: ++seq,
          kind: till ? 'earn' : 'adjust',
          points: 10,
          reason: 'fixture',
          source: { kind: till ? 'staff' : 'member', id: 'x', storeId: till ? e.id.split(':')[1] : null },
          orderKey: null,
          lot: null,
          consumed: null,
          voids: null,
          shortfall: null,
          createdAt: e.at,
        })
    }
    for (const [k, c] of p.coupons.entries())
      await db
        .collection('coupons')
        .doc(`C-${p.id}-${k}`)
        .set({ memberId: p.id, templateId: 't', title: '券', state: c.used ? 'used' : 'issued', issuedAt: c.at, usedAt: c.used ? c.at : null })
    for (const [k, o] of p.mall.entries()) await db.collection('mall_orders').doc(`O-${p.id}-${k}`).set({ memberId: p.id, status: o.status, createdAt: o.at, title: '杯子', points: 100 })
    if (p.tags.length > 0) await db.collection('member_tags').doc(p.id).set({ tags: p.tags, updatedAt: new Date(registeredAt), by: ADMIN })
  }
  for (const [k, ref] of referrals.entries())
    await db
      .collection('referrals')
      .doc(`invitee-${k}`)
      .set({ inviterId: ref.inviterId, inviteeId: `invitee-${k}`, code: 'CODE', status: ref.status, joinedAt: h.clock.now(), rewardedAt: null, rewardedFor: null })
  return { people, referrals }
}

export interface Expected extends SegmentFacts {
  memberId: string
  spendFen: number
  visits: number
  lastVisit: string | null
  lifecycle: Lifecycle
  preferredStore: string | null
  preferredChannel: string | null
  channels: Record<string, number>
  unclaimed: boolean
}

const CHANNEL_OF: Record<string, string> = { earn: 'till', mall: 'mall', signin: 'play', game: 'play', 'game-win': 'play', invite: 'invite' }

/** Every member's row worked out by hand from the population, with `tags` as given (default: their own). */
export function expectedRows(pop: Population, today: string, c: InsightConfig = DefaultInsightConfig, tags?: Map<string, string[]>): { rows: Map<string, Expected>; thresholdFen: number | null; groupSpendFen: number; totalSpendFen: number } {
  const start = new Date(`${addDays(today, -(c.windowDays - 1))}T00:00:00+08:00`)
  const insights = new Map(pop.people.map((p) => [p.id, insightOf({ since: p.joined, days: p.days }, today, c)]))
  const spends = [...insights.values()].map((i) => i.spendFen).filter((s) => s > 0).sort((a, b) => b - a)
  const thresholdFen = spends.length === 0 ? null : spends[Math.ceil((spends.length * c.topSharePercent) / 100) - 1]
  const group = spends.filter((s) => thresholdFen !== null && s >= thresholdFen)
  const rows = new Map<string, Expected>()
  for (const p of pop.people) {
    const i = insights.get(p.id)!
    const channels: Record<string, number> = { till: 0, mall: 0, play: 0, invite: 0 }
    const stores = new Map<string, number>()
    for (const e of p.entries.filter((e) => e.at >= start)) {
      const prefix = e.id.slice(0, e.id.indexOf(':'))
      const ch = CHANNEL_OF[prefix]
      if (!ch) continue
      channels[ch]++
      if (ch === 'till') stores.set(e.id.split(':')[1], (stores.get(e.id.split(':')[1]) ?? 0) + 1)
    }
    const bestStore = [...stores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null
    const bestChannel = (['till', 'mall', 'play', 'invite'] as const).reduce<string | null>((best, ch) => (channels[ch] > 0 && (best === null || channels[ch] > channels[best]) ? ch : best), null)
    rows.set(p.id, {
      memberId: p.id,
      tierId: p.level ?? 'basic',
      lifecycle: i.lifecycle,
      region: p.region,
      birthday: p.birthday,
      tags: tags?.get(p.id) ?? p.tags,
      rfm: { recency: i.rfm.recency, frequency: i.rfm.frequency, monetary: i.rfm.monetary },
      topSpender: thresholdFen !== null && i.spendFen > 0 && i.spendFen >= thresholdFen,
      convertedInvites: pop.referrals.filter((x) => x.inviterId === p.id && (x.status === 'rewarded' || x.status === 'over_cap')).length,
      couponsUsed: p.coupons.filter((x) => x.used && x.at >= start).length,
      mallOrders: p.mall.filter((x) => x.at >= start && x.status !== 'cancelled' && x.status !== 'expired').length,
      spendFen: i.spendFen,
      visits: i.visits,
      lastVisit: i.lastVisit,
      preferredStore: bestStore,
      preferredChannel: bestChannel,
      channels,
      unclaimed: p.unclaimed,
    })
  }
  return { rows, thresholdFen, groupSpendFen: group.reduce((a, b) => a + b, 0), totalSpendFen: spends.reduce((a, b) => a + b, 0) }
}

/** The admin function on a fresh store, with an admin, a manager and a clerk, and three stores. */
export async function openInsight() {
  const h = openHarness(adminDefinition)
  const now = h.clock.now()
  const staff = (openid: string, role: StaffRole, storeId: string) =>
    saveStaff(h.deps.db, { _id: openid, openid, role, storeId, name: role === 'admin' ? '总部' : role === 'manager' ? '李店长' : '店员', phone: null, active: true, createdAt: now, updatedAt: now })
  await staff(ADMIN, 'admin', 'HQ')
  await staff(MANAGER, 'manager', 'S1')
  await staff(CLERK, 'clerk', 'S1')
  for (const s of STORES) await saveStore(h.deps.db, { _id: s, name: `门店 ${s}`, hours: null, createdAt: now, updatedAt: now })
  return {
    ...h,
    admin: (openid: string, event: object) => h.call(openid, event),
    /** Runs the nightly job now. */
    job: (opts: InsightJobOptions = {}) => runMemberInsight(h.deps, h.clock.now(), opts),
    /** Every row of the snapshot in effect, in member order. */
    async snapshotRows(): Promise<InsightRow[]> {
      const run = await currentRun(h.deps.db)
      if (!run) throw new Error('no snapshot')
      const chunks = await readChunks(h.deps.db, run.day, Array.from({ length: run.chunks }, (_, n) => n), 'whole')
      return chunks.flatMap((c) => Array.from({ length: c.count }, (_, i) => rowAt(c, i)))
    },
  }
}

export type InsightHarness = Awaited<ReturnType<typeof openInsight>>

export const data = <T = any>(res: Envelope): T => {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data as T
}
