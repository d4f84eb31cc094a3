import { stepCampaign } from '../../cloudfunctions/_lib/campaign-send'
import { loadCampaign } from '../../cloudfunctions/_lib/campaigns'
import { saveTemplate } from '../../cloudfunctions/_lib/coupons'
import { grantPoints } from '../../cloudfunctions/_lib/ledger'
import { addDays, shanghaiDay } from '../../shared/day'
import { CouponTemplate } from '../../shared/coupon/schemas'
import { grantConsent } from './consent-fixtures'
import { ADMIN, data, openInsight } from './insight-fixtures'

/**
 * Campaign and journey tests' world: the admin function (with an admin and a manager) on a fresh
 * store, members written straight into `members` / `member_tiers` / `accounts` as given, their
 * consent granted as the mini-program would record it, and the insight job run on them.
 */
export interface MemberSpec {
  id: string
  nickname?: string | null
  region?: string[]
  birthday?: string | null
  level?: 'silver' | 'gold' | null
  points?: number
  /** Days ago they joined (default 400). */
  joinedDaysAgo?: number
  /** Days ago of their purchases (default: one, 10 days ago). */
  visitsDaysAgo?: number[]
  unclaimed?: boolean
  imported?: boolean
  /** Subscribe opt-ins of `member-benefit`, and SMS consent. */
  optIns?: number
  sms?: boolean
}

export const COUPON: CouponTemplate = CouponTemplate.parse({ id: 'c20', title: '满100减20券', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 } })

export async function openCampaigns(specs: MemberSpec[], opts: { chunkSize?: number } = {}) {
  const h = await openInsight()
  const { db } = h.deps
  const now = h.clock.now()
  const today = shanghaiDay(now)
  const at = (daysAgo: number) => new Date(`${addDays(today, -daysAgo)}T12:00:00+08:00`)
  await saveTemplate(db, COUPON)
  for (const [i, s] of specs.entries()) {
    const joined = at(s.joinedDaysAgo ?? 400)
    await db
      .collection('members')
      .doc(s.id)
      .set({
        openid: s.unclaimed ? `import:${s.id}` : `openid-${s.id}`,
        unionid: null,
        phone: `138${String(i).padStart(8, '0')}`,
        phoneSimulated: false,
        memberNo: String(3_000_000_000 + i),
        nickname: s.nickname === undefined ? `会员${i}` : s.nickname,
        birthday: s.birthday ?? null,
        gender: 'unknown',
        region: s.region ?? [],
        invite: null,
        registeredAt: joined,
        updatedAt: joined,
        ...(s.imported || s.unclaimed ? { imported: true, importJob: null } : {}),
      })
    const days = (s.visitsDaysAgo ?? [10]).map((d) => [addDays(today, -d), 10_000] as [string, number]).sort((a, b) => (a[0] < b[0] ? -1 : 1))
    await db
      .collection('member_tiers')
      .doc(s.id)
      .set({
        openid: `openid-${s.id}`,
        levelId: s.level ?? 'basic',
        terms: '2026',
        since: shanghaiDay(joined),
        cycleFloorId: 'basic',
        reviewOn: null,
        graceUntil: null,
        warnedFor: null,
        manual: s.level ? { levelId: s.level, kind: 'floor', by: 'test', reason: 'test', at: joined } : null,
        growth: { since: shanghaiDay(joined), days },
        moves: [],
        updatedAt: joined,
      })
    if (s.points)
      await grantPoints(db, s.id, { entryId: `seed:${s.id}`, points: s.points, expiresOn: addDays(today, 300), source: { kind: 'admin', id: ADMIN, storeId: null }, reason: '测试积分', now: joined })
    if (s.optIns || s.sms) await grantConsent(h.deps, s.id, s.optIns ? { 'member-benefit': s.optIns } : {}, s.sms)
  }
  const insight = await h.job({ chunkSize: opts.chunkSize ?? 4 })
  if (insight.status !== 'done') throw new Error(`insight job: ${insight.status}`)
  return {
    ...h,
    /** Saves a segment as the admin; its id. */
    async segment(filter: object, name = '测试人群'): Promise<string> {
      return data<{ id: string }>(await h.call(ADMIN, { action: 'saveSegment', name, filter })).id
    },
    /** Steps the campaign until it is no longer sending (at most `max` steps). */
    async sendAll(campaignId: string, max = 100) {
      for (let i = 0; i < max; i++) {
        const c = await stepCampaign(h.deps, campaignId, { maxSlices: 1 })
        if (!c || c.status !== 'sending') return c
      }
      return loadCampaign(db, campaignId)
    },
    /** The outbox entries of one campaign. */
    outboxOf: (campaignId: string) => h.outbox.list().filter((m) => m.campaignId === campaignId),
  }
}

export type CampaignWorld = Awaited<ReturnType<typeof openCampaigns>>

/** A message campaign's draft (override any field). */
export const messageDraft = (segmentId: string, over: object = {}) => ({
  name: '会员日',
  segmentId,
  kind: 'message',
  copy: { text: '{姓名}，本周会员日全场 9 折', variants: [{ when: { regions: ['山东省'] }, text: '{姓名}，山东的朋友，{地区}门店本周 88 折' }] },
  page: 'pages/coupons/index',
  ...over,
})
