import { shanghaiDay } from '../../shared/day'
import { insightRowOf, type InsightRow } from '../../shared/insight/member-row'
import { Engagement } from '../../shared/insight/preference'
import type { InsightConfig } from '../../shared/insight/rfm'
import { isUnclaimed, type MemberRecord } from '../../shared/member/member-record'
import { heldLevel, type MemberTier } from '../../shared/tier/member-tier'
import { programmeOn, type TierConfig } from '../../shared/tier/programme'
import { COUPONS } from './coupons'
import type { Database } from './deps'
import { LEDGER } from './ledger'
import { MALL_ORDERS } from './mall'
import { MEMBER_TAGS } from './member-tags'
import { MEMBERS } from './members'
import { REFERRALS } from './share'
import { MEMBER_TIERS } from './tiers'

/**
 * What the insight job reads for one chunk of members, by the indexes each collection has on the
 * member: `member_tiers` and `member_tags` by `_id`, `ledger`, `coupons` and `mall_orders` by
 * `memberId`, `referrals` by `inviterId` (`$in` over a few hundred members at a time, paged by `_id`,
 * each answer only the fields used). The ledger is never read for RFM: tiers keep each member's
 * purchase days (growth), and only the window's entries are read, for channels and stores.
 */
const PAGE = 1000
/** Members per `$in`: the ledger holds ~10 entries a member, so most answers fit one page. */
const LEDGER_IN = 100
const IN = 250

export type MemberFacts = Pick<MemberRecord, '_id' | 'openid' | 'region' | 'birthday' | 'registeredAt'>
type TierFacts = Pick<MemberTier, '_id' | 'levelId' | 'terms' | 'reviewOn' | 'growth'>

/** Lets other work in the process (the local server's requests) run between pages of a long job. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Members after `after` in `_id` order, at most `n`, with what the insight uses of them. */
export async function membersAfter(db: Database, after: string, n: number): Promise<MemberFacts[]> {
  const out: MemberFacts[] = []
  let cursor = after
  while (out.length < n) {
    const want = Math.min(PAGE, n - out.length)
    const res = await db
      .collection(MEMBERS)
      .where({ _id: db.command.gt(cursor) })
      .orderBy('_id', 'asc')
      .limit(want)
      .field({ openid: true, region: true, birthday: true, registeredAt: true })
      .get()
    const page = res.data as MemberFacts[]
    out.push(...page)
    await yieldToOthers()
    if (page.length < want) break
    cursor = page[page.length - 1]._id
  }
  return out
}

/**
 * Every document of `collection` whose `field` is one of `ids` and that matches `filter`, `per` ids
 * per query, paged by `_id` (so a member with thousands of documents costs pages, never a miss).
 */
async function eachIn<T extends { _id: string }>(
  db: Database,
  collection: string,
  field: string,
  ids: readonly string[],
  filter: object,
  fields: object,
  per: number,
  visit: (doc: T) => void,
): Promise<void> {
  const _ = db.command
  for (let i = 0; i < ids.length; i += per) {
    const part = ids.slice(i, i + per)
    let after = ''
    for (;;) {
      const res = await db
        .collection(collection)
        .where({ ...filter, [field]: _.in(part), _id: _.gt(after) })
        .orderBy('_id', 'asc')
        .limit(PAGE)
        .field(fields)
        .get()
      const page = res.data as T[]
      for (const d of page) visit(d)
      if (page.length < PAGE) break
      after = page[page.length - 1]._id
    }
  }
}

/** The documents of `collection` with these `_id`s (at most PAGE a query: one page each). */
async function eachById<T extends { _id: string }>(db: Database, collection: string, ids: readonly string[], fields: object, visit: (doc: T) => void): Promise<void> {
  for (let i = 0; i < ids.length; i += PAGE) {
    const res = await db
      .collection(collection)
      .where({ _id: db.command.in(ids.slice(i, i + PAGE)) })
      .limit(PAGE)
      .field(fields)
      .get()
    for (const d of res.data as T[]) visit(d)
  }
}

const countBy = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)

export interface ChunkContext {
  day: string
  config: InsightConfig
  tiers: TierConfig
  thresholdFen: number | null
}

/** The start of the window: the first instant of its first Asia/Shanghai day. */
export const windowStart = (day: string, c: InsightConfig) => new Date(Date.parse(`${day}T00:00:00+08:00`) - (c.windowDays - 1) * 86_400_000)

/** Each member's insight row, in the order given. */
export async function insightRows(db: Database, members: readonly MemberFacts[], ctx: ChunkContext): Promise<InsightRow[]> {
  const _ = db.command
  const ids = members.map((m) => m._id)
  const since = windowStart(ctx.day, ctx.config)
  const tiers = new Map<string, TierFacts>()
  const tags = new Map<string, string[]>()
  const engagement = new Map<string, Engagement>()
  const coupons = new Map<string, number>()
  const mall = new Map<string, number>()
  const invites = new Map<string, number>()
  await Promise.all([
    eachById<TierFacts>(db, MEMBER_TIERS, ids, { levelId: true, terms: true, reviewOn: true, growth: true }, (t) => tiers.set(t._id, t)),
    eachById<{ _id: string; tags: string[] }>(db, MEMBER_TAGS, ids, { tags: true }, (t) => tags.set(t._id, t.tags)),
    eachIn<{ _id: string; memberId: string }>(db, LEDGER, 'memberId', ids, { createdAt: _.gte(since) }, { memberId: true }, LEDGER_IN, (e) => {
      let g = engagement.get(e.memberId)
      if (!g) engagement.set(e.memberId, (g = new Engagement()))
      g.add(e._id)
    }),
    eachIn<{ _id: string; memberId: string }>(db, COUPONS, 'memberId', ids, { state: 'used', usedAt: _.gte(since) }, { memberId: true }, IN, (c) => countBy(coupons, c.memberId)),
    eachIn<{ _id: string; memberId: string }>(db, MALL_ORDERS, 'memberId', ids, { createdAt: _.gte(since), status: _.nin(['cancelled', 'expired']) }, { memberId: true }, IN, (o) =>
      countBy(mall, o.memberId),
    ),
    eachIn<{ _id: string; inviterId: string }>(db, REFERRALS, 'inviterId', ids, { status: _.in(['rewarded', 'over_cap']) }, { inviterId: true }, IN, (r) => countBy(invites, r.inviterId)),
  ])
  const base = programmeOn(ctx.tiers, ctx.day).levels[0].id
  return members.map((m) => {
    const t = tiers.get(m._id)
    let tierId = base
    if (t) {
      const { programme, rank } = heldLevel(ctx.tiers, t as MemberTier, ctx.day)
      tierId = programme.levels[rank].id
    }
    return insightRowOf(
      {
        memberId: m._id,
        tierId,
        region: m.region ?? [],
        birthday: m.birthday ?? null,
        tags: tags.get(m._id) ?? [],
        joined: shanghaiDay(new Date(m.registeredAt)),
        unclaimed: isUnclaimed(m),
        days: t?.growth?.days ?? [],
        engagement: engagement.get(m._id) ?? new Engagement(),
        convertedInvites: invites.get(m._id) ?? 0,
        couponsUsed: coupons.get(m._id) ?? 0,
        mallOrders: mall.get(m._id) ?? 0,
      },
      ctx.day,
      ctx.config,
      ctx.thresholdFen,
    )
  })
}
