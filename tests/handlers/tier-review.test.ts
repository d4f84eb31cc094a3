import type { Deps } from '../../cloudfunctions/_lib/deps'
import { CONFIG } from '../../cloudfunctions/_lib/ledger'
import { MEMBER_TIERS, TIER_PAGE_SIZE, TIERS_CONFIG_ID } from '../../cloudfunctions/_lib/tiers'
import { definition } from '../../cloudfunctions/tier'
import { TIER_NOTICES } from '../../cloudfunctions/tier-review/notices'
import { tierReview, type TierReviewSummary } from '../../cloudfunctions/tier-review/tier-review'
import { loadRegistry } from '../../scripts/server/registry'
import { afterPurchase, grant, newMemberTier, type MemberTier } from '../../shared/tier/member-tier'
import { DemoTierConfig } from '../../shared/tier/programme'
import { missingText } from '../../shared/tier/status'
import { killedAfter, openHarness, type Harness } from './harness'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { newMemberRecord } from '../../shared/member/member-record'
import { grantConsent, sendLog } from './consent-fixtures'

// Demo ladder: basic → silver (keep ¥1,500) → gold (keep ¥5,000 + 4 visit days) → black
// (keep ¥10,000 + 8 visit days + gap ≤ 120); reviewed a year on, warned 30 days before, 15 days' grace.
let h: Harness
beforeEach(() => {
  h = openHarness(definition) // clock frozen at 2027-01-31 10:00 Shanghai
})
afterEach(() => h.close())

const at = (iso: string) => h.clock.set(new Date(iso), { frozen: true })
const run = (deps: Deps = h.deps) => tierReview.run(deps, h.clock.now()) as Promise<TierReviewSummary>
const zero = { reviewed: 0, kept: 0, grace: 0, steppedDown: 0, warned: 0, messages: 0, skipped: 0, failed: 0, expired: 0 }

/** A member holding `levelId` since `since` (reviewed a year on), with purchases on `days` ([day, fen]). */
function tierOf(id: string, levelId: string, since: string, days: Array<[string, number]> = [], over: Partial<MemberTier> = {}): MemberTier {
  const reviewOn = levelId === 'basic' ? null : `${Number(since.slice(0, 4)) + 1}${since.slice(4)}`
  return {
    _id: id,
    openid: `o-${id}`,
    levelId,
    terms: '2026',
    since,
    cycleFloorId: levelId,
    reviewOn,
    graceUntil: null,
    warnedFor: null,
    manual: null,
    growth: { since: '2025-06-01', days },
    moves: [],
    updatedAt: new Date('2026-03-01T12:00:00+08:00'),
    ...over,
  }
}

/**
 * Stores the tier records, and the members behind them with opt-ins of template tier-changed
 * (each message spends one; issue 9), unless `optIns` says otherwise.
 */
async function seed(...tiers: MemberTier[]) {
  await seedWith({ optIns: 5 }, ...tiers)
}
async function seedWith(opts: { optIns: number; sms?: boolean }, ...tiers: MemberTier[]) {
  for (const { _id, ...data } of tiers) {
    await h.deps.db.collection(MEMBER_TIERS).doc(_id).set(data)
    if (h.store.rawGet(MEMBERS, _id)) continue
    const n = h.store.rawCount(MEMBERS) + 1
    const member = newMemberRecord({ id: _id, openid: data.openid, unionid: null, phone: `137${String(n).padStart(8, '0')}`, phoneSimulated: false, memberNo: String(2_000_000_000 + n), profile: {}, now: h.clock.now() })
    const { _id: id, ...record } = member
    await h.deps.db.collection(MEMBERS).doc(id).set(record)
    await grantConsent(h.deps, _id, { 'tier-changed': opts.optIns }, opts.sms)
  }
}
const stored = (id: string) => h.store.rawGet(MEMBER_TIERS, id) as unknown as MemberTier
const sent = () => h.outbox.list().filter((m) => m.channel === 'subscribe').reverse() // oldest first
const notices = () => h.store.rawFind(TIER_NOTICES) as Array<Record<string, any>>

/** Four visits of ¥1,500 in the year to 2027-02-28: keeps gold (¥5,000 and 4 days), not black. */
const keepsGold: Array<[string, number]> = [['2026-04-10', 150_000], ['2026-07-10', 150_000], ['2026-10-10', 150_000], ['2027-01-10', 150_000]]


describe('job tier-review: reviews', () => {
  test('runs at Beijing midnight: 00:30 on 1 March (still 28 February in UTC) reviews the members due 1 March', async () => {
    await seed(tierOf('m-kept', 'gold', '2026-03-01', keepsGold), tierOf('m-later', 'gold', '2026-03-02', keepsGold))
    at('2027-02-28T23:59:00+08:00')
    expect(await run()).toEqual({ today: '2027-02-28', ...zero })
    at('2027-03-01T00:30:00+08:00')
    expect(h.clock.now().toISOString()).toBe('2027-02-28T16:30:00.000Z')
    expect(await run()).toEqual({ today: '2027-03-01', ...zero, reviewed: 1, kept: 1 })
    expect(stored('m-kept')).toMatchObject({ levelId: 'gold', since: '2027-03-01', reviewOn: '2028-03-01', graceUntil: null, cycleFloorId: 'gold' })
    expect(stored('m-later')).toMatchObject({ reviewOn: '2027-03-02' })
    expect(sent()).toEqual([]) // keeping the level sends nothing
  })

  test('top level, no purchases at all: grace first, then exactly one level down (to gold, not further) on a later run', async () => {
    await seed(tierOf('m-black', 'black', '2026-03-01'))
    at('2027-03-01T00:30:00+08:00')
    expect(await run()).toEqual({ today: '2027-03-01', ...zero, reviewed: 1, grace: 1, messages: 1 })
    expect(stored('m-black')).toMatchObject({ levelId: 'black', reviewOn: '2027-03-01', graceUntil: '2027-03-16' })
    expect(sent()[0]).toMatchObject({
      to: 'o-m-black',
      template: 'tier-changed',
      text:
        '您的墨玉会员复核未达到保级条件（消费满 ¥10,000、到店满 8 天、两次到店间隔不超过 120 天），保级宽限期至3月15日：' +
        `期间${missingText({ spendFen: 1_000_000, visitDays: 8, gapExceeded: true }).zh}即可保留墨玉会员，否则3月16日起调整为金桂会员。`,
      data: { kind: 'grace', level: '墨玉会员', graceUntil: '2027-03-16', lastDay: '2027-03-15', page: 'pages/tier/index' },
    })

    at('2027-03-15T12:00:00+08:00') // grace still running
    expect(await run()).toEqual({ today: '2027-03-15', ...zero })
    at('2027-03-16T00:30:00+08:00')
    expect(await run()).toEqual({ today: '2027-03-16', ...zero, reviewed: 1, steppedDown: 1, messages: 1 })
    expect(stored('m-black')).toMatchObject({ levelId: 'gold', since: '2027-03-01', reviewOn: '2028-03-01', graceUntil: null, cycleFloorId: 'gold' })
    expect(stored('m-black').moves).toEqual([{ day: '2027-03-16', from: 'black', to: 'gold', why: 'review' }])
    expect(sent()[1]).toMatchObject({
      to: 'o-m-black',
      template: 'tier-changed',
      text:
        '您的墨玉会员保级宽限期已结束。过去一年您消费 ¥0、到店 0 天、最长 365 天未到店，' +
        '未达到墨玉会员的保级条件（消费满 ¥10,000、到店满 8 天、两次到店间隔不超过 120 天），已调整为金桂会员。',
      data: { kind: 'stepped-down', from: '墨玉会员', to: '金桂会员', reviewOn: '2027-03-16' },
    })
    at('2027-03-17T00:30:00+08:00') // one level only, and only once
    expect(await run()).toEqual({ today: '2027-03-17', ...zero })
    expect(stored('m-black').levelId).toBe('gold')
  })

  test('without grace the step down is at the review, one level, and says what was missing', async () => {
    await h.deps.db.collection(CONFIG).doc(TIERS_CONFIG_ID).set({ versions: [{ ...DemoTierConfig.versions[0], graceDays: 0 }] })
    await seed(tierOf('m-gold', 'gold', '2026-03-01', [['2026-05-01', 300_000], ['2026-06-01', 100_000]]))
    at('2027-03-01T00:30:00+08:00')
    expect(await run()).toMatchObject({ reviewed: 1, steppedDown: 1, messages: 1 })
    expect(stored('m-gold')).toMatchObject({ levelId: 'silver', reviewOn: '2028-03-01', cycleFloorId: 'silver' })
    expect(sent().map((m) => m.text)).toEqual([
      '过去一年您消费 ¥4,000、到店 2 天，未达到金桂会员的保级条件（消费满 ¥5,000、到店满 4 天），已调整为银杏会员。',
    ])
  })

  test('a purchase during grace that meets the retention rule keeps the level; the next run does not review the old year again', async () => {
    await seed(tierOf('m-saved', 'gold', '2026-03-01', keepsGold.slice(0, 3)))
    at('2027-03-01T00:30:00+08:00')
    expect(await run()).toMatchObject({ grace: 1 })
    const saved = afterPurchase(DemoTierConfig, stored('m-saved'), { day: '2027-03-05', amountFen: 100_000, orderKey: 'o1', now: h.clock.now() })
    await seed(saved.tier)
    expect(stored('m-saved')).toMatchObject({ levelId: 'gold', graceUntil: null, reviewOn: '2028-03-01' })
    at('2027-03-16T00:30:00+08:00')
    expect(await run()).toEqual({ today: '2027-03-16', ...zero })
    expect(stored('m-saved').levelId).toBe('gold')
  })

  test('a hand-set floor is respected: no grace, no step down, no warning', async () => {
    const floor = grant(DemoTierConfig, tierOf('m-floor', 'basic', '2026-03-01'), { levelId: 'black', kind: 'floor', by: 'test', reason: '合作伙伴', at: new Date('2026-03-01T12:00:00+08:00') }, '2026-03-01')
    const untilReview = grant(DemoTierConfig, tierOf('m-once', 'basic', '2026-03-01'), { levelId: 'black', kind: 'untilReview', by: 'test', reason: '补偿', at: new Date('2026-03-01T12:00:00+08:00') }, '2026-03-01')
    expect(floor.reviewOn).toBe('2027-03-01')
    await seed(floor, untilReview)
    at('2027-02-10T10:00:00+08:00') // within 30 days of the review
    expect(await run()).toMatchObject({ warned: 1, messages: 1 }) // only the until-review grant is warned
    expect(sent()[0].to).toBe('o-m-once')
    at('2027-03-01T00:30:00+08:00')
    expect(await run()).toMatchObject({ reviewed: 2, kept: 1, grace: 1, messages: 1 })
    expect(stored('m-floor')).toMatchObject({ levelId: 'black', reviewOn: '2028-03-01', graceUntil: null, manual: { kind: 'floor', levelId: 'black' } })
    expect(stored('m-once')).toMatchObject({ levelId: 'black', graceUntil: '2027-03-16', manual: null })
    at('2027-03-16T00:30:00+08:00')
    expect(await run()).toMatchObject({ reviewed: 1, steppedDown: 1 })
    expect(stored('m-once').levelId).toBe('gold')
    expect(stored('m-floor').levelId).toBe('black')
  })

  test('a member whose growth came through purchases (newMemberTier + afterPurchase) is reviewed a year after the upgrade', async () => {
    let t = newMemberTier({ memberId: 'm-bought', openid: 'o-m-bought', today: '2026-04-01', config: DemoTierConfig, now: new Date('2026-04-01T12:00:00+08:00') })
    t = afterPurchase(DemoTierConfig, t, { day: '2026-04-01', amountFen: 250_000, orderKey: 'a', now: new Date('2026-04-01T12:00:00+08:00') }).tier
    expect(t).toMatchObject({ levelId: 'silver', reviewOn: '2027-04-01' })
    await seed(t)
    at('2027-04-01T08:00:00+08:00')
    expect(await run()).toMatchObject({ reviewed: 1, kept: 1 }) // ¥2,500 on 2026-04-01 is inside the year to 2027-03-31
    expect(stored('m-bought')).toMatchObject({ levelId: 'silver', reviewOn: '2028-04-01' })
  })
})

describe('job tier-review: warnings', () => {
  test('members short of keeping their level, within 30 days of the review, are warned once (run twice)', async () => {
    await seed(
      tierOf('m-short', 'gold', '2026-03-01', keepsGold.slice(0, 2)), // ¥3,000 and 2 days of ¥5,000 and 4
      tierOf('m-fine', 'gold', '2026-03-01', keepsGold),
      tierOf('m-far', 'gold', '2026-03-10', keepsGold.slice(0, 2)), // review 2027-03-10: outside the 30 days
      tierOf('m-basic', 'basic', '2026-03-01'),
    )
    expect(await run()).toEqual({ today: '2027-01-31', ...zero, warned: 1, messages: 1 })
    const short = missingText({ spendFen: 200_000, visitDays: 2, gapExceeded: false }).zh // ¥2,000 more and 2 more days
    expect(sent()).toEqual([
      expect.objectContaining({
        to: 'o-m-short',
        template: 'tier-changed',
        kind: 'tier-at-risk',
        key: 'tier:m-short:at-risk:2027-03-01',
        text: `您的金桂会员将于3月1日复核：2月28日前${short}即可保级，否则将调整为银杏会员。`,
        data: { level: '金桂会员', reviewOn: '2027-03-01', lastDay: '2027-02-28', missing: short, page: 'pages/tier/index' },
      }),
    ])
    expect(stored('m-short').warnedFor).toBe('2027-03-01')
    expect(h.store.rawGet(TIER_NOTICES, 'm-short:at-risk:2027-03-01')).toMatchObject({ status: 'sent', kind: 'at-risk' })
    const state = h.snapshot(MEMBER_TIERS, TIER_NOTICES)
    expect(await run()).toEqual({ today: '2027-01-31', ...zero })
    at('2027-02-20T10:00:00+08:00') // days later, m-far is now in its window; m-short is not warned again
    expect(await run()).toMatchObject({ warned: 1, messages: 1 })
    expect(sent().map((m) => m.to)).toEqual(['o-m-short', 'o-m-far'])
    expect(h.snapshot(MEMBER_TIERS, TIER_NOTICES)).not.toBe(state)
  })

  test('racing runs send each message once', async () => {
    await seed(...Array.from({ length: 20 }, (_, i) => tierOf(`m${String(i).padStart(3, '0')}`, 'gold', '2026-03-01', keepsGold.slice(0, 1))))
    await Promise.all([1, 2, 3].map(() => run()))
    expect(sent()).toHaveLength(20)
    expect(new Set(sent().map((m) => m.to)).size).toBe(20)
  })

  test('a failed send is retried by the next run; a warning not sent before its review is dropped', async () => {
    await seed(tierOf('m-short', 'gold', '2026-03-01', keepsGold.slice(0, 2)))
    const down = { ...h.deps, subscribe: { send: () => Promise.reject(new Error('WeChat down')) } }
    expect(await run(down)).toMatchObject({ warned: 1, messages: 0, failed: 1 })
    expect(h.errors).toHaveLength(1)
    expect(h.store.rawGet(TIER_NOTICES, 'm-short:at-risk:2027-03-01')).toMatchObject({ status: 'pending' })
    expect(await run()).toMatchObject({ warned: 0, messages: 1, failed: 0 })
    expect(sent()).toHaveLength(1)

    await seed(tierOf('m-late', 'gold', '2026-03-01', keepsGold.slice(0, 2)))
    expect(await run(down)).toMatchObject({ warned: 1, failed: 1 })
    at('2027-03-01T00:30:00+08:00') // review day: the warning is stale; the review's grace message goes out
    expect(await run()).toMatchObject({ reviewed: 2, grace: 2, messages: 2, expired: 1 })
    expect(h.store.rawGet(TIER_NOTICES, 'm-late:at-risk:2027-03-01')).toMatchObject({ status: 'expired' })
    expect(sent().filter((m) => m.to === 'o-m-late').map((m) => m.template)).toEqual(['tier-changed'])
  })
})

describe('job tier-review: consent', () => {
  test('without an opt-in no subscribe message is sent: SMS where the member agreed to it, else the notice is skipped for good', async () => {
    await seedWith({ optIns: 0 }, tierOf('m-none', 'gold', '2026-03-01', keepsGold.slice(0, 2)))
    await seedWith({ optIns: 0, sms: true }, tierOf('m-sms', 'gold', '2026-03-01', keepsGold.slice(0, 2)))
    expect(await run()).toEqual({ today: '2027-01-31', ...zero, warned: 2, messages: 1, skipped: 1 })
    expect(sent()).toEqual([])
    expect(h.outbox.list()).toEqual([expect.objectContaining({ channel: 'sms', to: '13700000002', kind: 'tier-at-risk', memberId: 'm-sms' })])
    expect(h.store.rawGet(TIER_NOTICES, 'm-none:at-risk:2027-03-01')).toMatchObject({ status: 'skipped', reason: 'no_consent' })
    expect(h.store.rawGet(TIER_NOTICES, 'm-sms:at-risk:2027-03-01')).toMatchObject({ status: 'sent', channel: 'sms' })
    await grantConsent(h.deps, 'm-none', { 'tier-changed': 1 })
    expect(await run()).toEqual({ today: '2027-01-31', ...zero }) // a skipped notice is not retried
    expect(sendLog(h.store).find((l) => l._id === 'tier:m-none:at-risk:2027-03-01')).toMatchObject({ status: 'skipped', reason: 'no_consent' })
  })

  test('a member with no member record is skipped (no_member)', async () => {
    const { _id, ...data } = tierOf('m-ghost', 'gold', '2026-03-01', keepsGold.slice(0, 2))
    await h.deps.db.collection(MEMBER_TIERS).doc(_id).set(data)
    expect(await run()).toMatchObject({ warned: 1, messages: 0, skipped: 1 })
    expect(notices()[0]).toMatchObject({ status: 'skipped', reason: 'no_member' })
  })
})

describe('job tier-review: scale and failure', () => {
  /** `n` silver members due 2027-03-01: even ones keep it (¥1,500), odd ones fall short (grace). */
  async function seedSilver(n: number) {
    const tiers = Array.from({ length: n }, (_, i) =>
      tierOf(`m${String(i).padStart(4, '0')}`, 'silver', '2026-03-01', i % 2 === 0 ? [['2026-06-01', 150_000]] : [['2026-06-01', 100_000]]),
    )
    await seed(...tiers)
    return tiers
  }

  test('pages through more than one page of members; a second run changes nothing and sends nothing', async () => {
    const n = TIER_PAGE_SIZE + 31
    await seedSilver(n)
    at('2027-03-01T00:30:00+08:00')
    expect(await run()).toEqual({ today: '2027-03-01', ...zero, reviewed: n, kept: 116, grace: 115, messages: 115 })
    expect(new Set(sent().map((m) => m.to)).size).toBe(115)
    expect(stored('m0000')).toMatchObject({ reviewOn: '2028-03-01' })
    expect(stored(`m${String(n - 2).padStart(4, '0')}`)).toMatchObject({ graceUntil: '2027-03-16' })
    const state = h.snapshot(MEMBER_TIERS, TIER_NOTICES)
    expect(await run()).toEqual({ today: '2027-03-01', ...zero })
    expect(h.snapshot(MEMBER_TIERS, TIER_NOTICES)).toBe(state)
    expect(sent()).toHaveLength(115)
    at('2027-03-16T00:30:00+08:00')
    expect(await run()).toEqual({ today: '2027-03-16', ...zero, reviewed: 115, steppedDown: 115, messages: 115 })
    expect(stored(`m${String(n - 2).padStart(4, '0')}`)).toMatchObject({ levelId: 'basic', reviewOn: null })
  })

  test('killed half-way, the next run finishes: every member reviewed once, every message sent once', async () => {
    await seedSilver(60)
    at('2027-03-01T00:30:00+08:00')
    await expect(run(killedAfter(h.deps, 25))).rejects.toThrow('killed')
    expect(sent()).toHaveLength(0) // killed before sending: the 12 notices recorded so far are pending
    expect(notices().filter((n) => n.status === 'pending')).toHaveLength(12)
    expect(await run()).toEqual({ today: '2027-03-01', ...zero, reviewed: 35, kept: 17, grace: 18, messages: 30 })
    expect(sent()).toHaveLength(30)
    expect(new Set(sent().map((m) => m.to)).size).toBe(30)
    expect((h.store.rawFind(MEMBER_TIERS) as unknown as MemberTier[]).filter((t) => t.reviewOn === '2027-03-01' && t.graceUntil === null)).toEqual([])
    expect(await run()).toEqual({ today: '2027-03-01', ...zero })
  })

  test('a sender that fails after some sends: the rest go out on the next run, none twice', async () => {
    await seedSilver(40)
    at('2027-03-01T00:30:00+08:00')
    let sends = 0
    const flaky = { ...h.deps, subscribe: { send: async (m: Parameters<Deps['subscribe']['send']>[0]) => (++sends > 7 ? Promise.reject(new Error('quota')) : h.deps.subscribe.send(m)) } }
    expect(await run(flaky)).toMatchObject({ reviewed: 40, grace: 20, messages: 7, failed: 13 })
    expect(await run()).toEqual({ today: '2027-03-01', ...zero, messages: 13 })
    expect(sent()).toHaveLength(20)
    expect(new Set(sent().map((m) => m.to)).size).toBe(20)
  })

  test('is registered for POST /_dev/jobs and the CLI, in its own function folder', () => {
    expect(loadRegistry().jobs.get('tier-review')).toBe(tierReview)
  })
})
