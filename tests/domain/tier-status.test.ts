import fc from 'fast-check'
import { addDays } from '../../shared/day'
import { benefitsCostFen, dryRun, levelUnder } from '../../shared/tier/dry-run'
import { afterPurchase, grant, newMemberTier, review, type ManualLevel, type MemberTier } from '../../shared/tier/member-tier'
import { TierConfig, TierProgramme, type TierProgrammeInput } from '../../shared/tier/programme'
import { TierStatusView, WhatIfResult } from '../../shared/tier/schemas'
import { yuanText } from '../../shared/money'
import { missingText, tierStatus, warningText, whatIf } from '../../shared/tier/status'

const NOW = new Date('2026-01-01T00:00:00Z')

const LEVELS: TierProgrammeInput['levels'] = [
  { id: 'basic', name: { zh: '青柚会员', en: 'Pomelo' } },
  { id: 'silver', name: { zh: '银杏会员', en: 'Ginkgo' }, qualify: { spendFen: 100_000 }, retain: { spendFen: 80_000 }, benefits: { discountPercent: 2, pointsMultiplier: '1.2' } },
  { id: 'gold', name: { zh: '金桂会员', en: 'Osmanthus' }, qualify: { spendFen: 300_000, visitDays: 3 }, retain: { spendFen: 250_000, visitDays: 2 }, benefits: { discountPercent: 5, pointsMultiplier: '1.5' } },
  { id: 'black', name: { zh: '墨玉会员', en: 'Jade' }, qualify: { spendFen: 1_000_000, visitDays: 6, maxGapDays: 60 }, retain: { spendFen: 800_000, visitDays: 4, maxGapDays: 90 }, benefits: { discountPercent: 10, pointsMultiplier: '2' } },
]
const version = (extra: Partial<TierProgrammeInput> = {}): TierProgrammeInput => ({ version: 'v1', effectiveFrom: '2020-01-01', levels: LEVELS, ...extra })
const config = (extra: Partial<TierProgrammeInput> = {}) => TierConfig.parse({ versions: [version(extra)] })
const CFG = config()
const P = CFG.versions[0]
const GRACE = config({ graceDays: 15 })

const member = (joined = '2026-01-01') => newMemberTier({ memberId: 'm1', openid: 'o1', today: joined, config: CFG, now: NOW })
const buy = (cfg: TierConfig, t: MemberTier, day: string, fen: number) => afterPurchase(cfg, t, { day, amountFen: fen, orderKey: `o-${day}-${fen}`, now: NOW }).tier
function at(levelId: string, reviewOn: string | null, days: Array<[string, number]> = [], extra: Partial<MemberTier> = {}): MemberTier {
  const t = member('2025-01-01')
  return { ...t, levelId, reviewOn, since: reviewOn ? addDays(reviewOn, -365) : t.since, growth: { since: '2025-01-01', days }, ...extra }
}
const manual = (levelId: string, kind: ManualLevel['kind']): ManualLevel => ({ levelId, kind, by: 'admin1', reason: '大客户', at: NOW })

/** One plain sentence: ends with 。 and has no other, no placeholders leaking through, no doubled connectives. */
function expectOneSentence(zh: string) {
  expect(zh.endsWith('。')).toBe(true)
  expect(zh.split('。')).toHaveLength(2)
  expect(zh).not.toMatch(/undefined|null|NaN|，，|并并|\s{2}/)
  // An amount is set off from the Chinese that follows it.
  expect(zh).not.toMatch(/¥[\d,.]+[\u4e00-\u9fff]/)
}

describe('yuanText and missingText', () => {
  test('yuan with thousands separators and fen only when there are any', () => {
    expect(yuanText(0)).toBe('0')
    expect(yuanText(1)).toBe('0.01')
    expect(yuanText(120_000)).toBe('1,200')
    expect(yuanText(123_456)).toBe('1,234.56')
    expect(yuanText(100_000_000)).toBe('1,000,000')
  })

  test('one, two and three things missing read as a Chinese list', () => {
    expect(missingText({ spendFen: 120_000, visitDays: 0, gapExceeded: false })).toEqual({ zh: '再消费 ¥1,200', en: 'spend ¥1,200 more' })
    expect(missingText({ spendFen: 120_000, visitDays: 2, gapExceeded: false })).toEqual({ zh: '再消费 ¥1,200 并再到店 2 天', en: 'spend ¥1,200 more and visit on 2 more days' })
    expect(missingText({ spendFen: 0, visitDays: 1, gapExceeded: true })).toEqual({ zh: '再到店 1 天并保持规律到店', en: 'visit on 1 more day and visit regularly' })
    expect(missingText({ spendFen: 50, visitDays: 3, gapExceeded: true }).zh).toBe('再消费 ¥0.50、再到店 3 天并保持规律到店')
  })
})

describe('tierStatus', () => {
  test('base level: what the next level needs, in one sentence', () => {
    const t = buy(CFG, member(), '2026-02-01', 30_000)
    const s = tierStatus(CFG, t, '2026-02-10')
    expect(TierStatusView.parse(s)).toEqual(s)
    expect(s.sentence).toEqual({ zh: '您是青柚会员，再消费 ¥700 即可升级为银杏会员。', en: 'You are Pomelo; spend ¥700 more to reach Ginkgo.' })
    expect(s).toMatchObject({ level: { id: 'basic', rank: 0 }, next: { id: 'silver', rank: 1 }, toKeep: null, reviewOn: null, countsUntil: null })
    expect(s.toNext).toEqual({ spendFen: { have: 30_000, need: 100_000 }, visitDays: { have: 1, need: null }, maxGapDays: { have: 31, limit: null }, met: false })
    expect(s.ladder.map((l) => l.id)).toEqual(['basic', 'silver', 'gold', 'black'])
    // The level's retain rule defaults to its qualifying rule.
    expect(s.ladder[0].retain).toEqual({})
  })

  test('short of keeping: how much by which day, or which level on the review day; spend that will have left the window does not count', () => {
    const t = at('silver', '2027-03-01', [
      ['2026-02-15', 40_000], // in today's window, gone from the review's
      ['2026-06-01', 50_000],
    ])
    const s = tierStatus(CFG, t, '2027-02-01')
    expect(s.sentence.zh).toBe('您是银杏会员，2月28日前再消费 ¥300 即可保级，否则3月1日将调整为青柚会员。')
    expect(s.sentence.en).toBe('You are Ginkgo: spend ¥300 more by 2027-02-28 to keep it, or on 2027-03-01 it becomes Pomelo.')
    expect(s.growth.spendFen).toBe(90_000)
    expect(s.toKeep).toMatchObject({ spendFen: { have: 50_000, need: 80_000 }, met: false })
    expect(s.countsUntil).toBe('2027-02-28')
    expectOneSentence(s.sentence.zh)
  })

  test('already kept: says so, with the review day, and what the next level needs', () => {
    const s = tierStatus(CFG, at('silver', '2027-03-01', [['2026-06-01', 80_000]]), '2027-02-01')
    expect(s.sentence.zh).toBe('您是银杏会员，已满足保级条件，3月1日复核后可继续保留一年，再消费 ¥2,200 并再到店 2 天即可升级为金桂会员。')
    expect(s.toKeep?.met).toBe(true)
    expectOneSentence(s.sentence.zh)
  })

  test('in grace: the last day of grace and what it still takes', () => {
    const g = review(GRACE, at('silver', '2027-03-01', [['2026-06-01', 50_000]]), '2027-03-01', NOW)!.tier
    const s = tierStatus(GRACE, g, '2027-03-05')
    expect(s.graceUntil).toBe('2027-03-16')
    expect(s.countsUntil).toBe('2027-03-15')
    expect(s.sentence.zh).toBe('您的银杏会员处于保级宽限期，3月15日前再消费 ¥300 即可保留，否则将调整为青柚会员。')
    expect(s.sentence.en).toBe('Your Ginkgo level is in its grace period: spend ¥300 more by 2027-03-15 to keep it, or it becomes Pomelo.')
    expectOneSentence(s.sentence.zh)
  })

  test('on a hand-set floor: the level will not step down', () => {
    const t = grant(CFG, member(), manual('gold', 'floor'), '2026-03-01')
    const s = tierStatus(CFG, buy(CFG, t, '2026-03-30', 100_000), '2026-03-31')
    expect(s.manual).toEqual({ levelId: 'gold', kind: 'floor' })
    expect(s.sentence.zh).toBe('您是金桂会员，这是为您保留的等级，不会降级，再消费 ¥9,000、再到店 5 天并保持规律到店即可升级为墨玉会员。')
    expectOneSentence(s.sentence.zh)
  })

  test('a one-level ladder: just the level', () => {
    const one = TierConfig.parse({ versions: [version({ levels: [LEVELS[0]] })] })
    const t = newMemberTier({ memberId: 'm1', openid: 'o1', today: '2026-01-01', config: one, now: NOW })
    expect(tierStatus(one, t, '2026-01-02').sentence).toEqual({ zh: '您是青柚会员。', en: 'You are Pomelo.' })
  })

  test('property: the sentence is one plain Chinese sentence, whatever the member has done', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ wait: fc.integer({ min: 0, max: 90 }), fen: fc.integer({ min: 0, max: 600_000 }) }), { maxLength: 15 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(CFG, GRACE),
        (ops, later, cfg) => {
          let t = member()
          let day = '2026-01-01'
          for (const op of ops) {
            day = addDays(day, op.wait)
            const r = review(cfg, t, day, NOW)
            if (r) t = r.tier
            t = buy(cfg, t, day, op.fen)
          }
          const s = tierStatus(cfg, t, addDays(day, later % 30))
          expectOneSentence(s.sentence.zh)
          expect(s.sentence.en.endsWith('.')).toBe(true)
          expect(s.sentence.zh).toContain(s.level.name.zh)
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('whatIf', () => {
  const base = buy(CFG, member(), '2026-02-01', 30_000)

  test('the amount that reaches the next level upgrades; one fen less does not', () => {
    const up = whatIf(CFG, base, '2026-02-10', 70_000)
    expect(WhatIfResult.parse(up)).toEqual(up)
    expect(up).toMatchObject({ levelId: 'silver', rank: 1, upgrades: true, keeps: null })
    expect(up.sentence.zh).toBe('今天消费 ¥700，您将立即升级为银杏会员。')
    const short = whatIf(CFG, base, '2026-02-10', 69_999)
    expect(short).toMatchObject({ levelId: 'basic', rank: 0, upgrades: false, keeps: null })
    expect(short.sentence.zh).toBe('今天消费 ¥699.99 后，还需再消费 ¥0.01 才能升级为银杏会员。')
    // It writes nothing.
    expect(base.growth.days).toEqual([['2026-02-01', 30_000]])
  })

  test('jumps like a purchase would: to the highest level the spend qualifies for', () => {
    const visits = ['2026-02-02', '2026-02-03'].reduce((t, d) => buy(CFG, t, d, 100), base)
    expect(whatIf(CFG, visits, '2026-02-10', 300_000)).toMatchObject({ levelId: 'gold', rank: 2, upgrades: true })
  })

  test('keeping: true once the spend meets the retention rule; short, it says what keeping still needs by when', () => {
    const t = at('silver', '2027-03-01', [['2026-06-01', 50_000]])
    const keeps = whatIf(CFG, t, '2027-02-01', 30_000)
    expect(keeps).toMatchObject({ levelId: 'silver', upgrades: false, keeps: true })
    expect(keeps.sentence.zh).toBe('今天消费 ¥300，您的银杏会员将在复核时保留。')
    const short = whatIf(CFG, t, '2027-02-01', 10_000)
    expect(short).toMatchObject({ levelId: 'silver', upgrades: false, keeps: false })
    expect(short.sentence.zh).toBe('今天消费 ¥100 后，2月28日前还需再消费 ¥200 才能保留银杏会员。')
    expect(short.sentence.en).toBe('After spending ¥100 today you would still need to spend ¥200 more by 2027-02-28 to keep Ginkgo.')
  })

  test('at the top, short of keeping: the keeping need, not "level unchanged"', () => {
    const t = at('black', '2027-03-01', [['2026-06-01', 500_000]])
    const r = whatIf(CFG, t, '2027-02-01', 0)
    expect(r.keeps).toBe(false)
    expect(r.sentence.zh).toMatch(/^今天消费 ¥0 后，2月28日前还需再消费 ¥3,000、再到店 3 天并保持规律到店才能保留墨玉会员。$/)
  })

  test('a floor keeps the level whatever is spent', () => {
    const t = { ...at('gold', '2027-03-01'), manual: manual('gold', 'floor') }
    expect(whatIf(CFG, t, '2027-02-01', 0).keeps).toBe(true)
  })
})

describe('warningText', () => {
  test('how much by which day keeps the level, and what it becomes otherwise', () => {
    const w = warningText(P, at('silver', '2027-03-01', [['2026-06-01', 50_000]]))
    expect(w).toEqual({
      text: '您的银杏会员将于3月1日复核：2月28日前再消费 ¥300 即可保级，否则将调整为青柚会员。',
      data: { level: '银杏会员', reviewOn: '2027-03-01', lastDay: '2027-02-28', missing: '再消费 ¥300' },
    })
  })

  test('visits too', () => {
    const w = warningText(P, at('gold', '2027-03-01', [['2026-06-01', 200_000]]))
    expect(w?.data.missing).toBe('再消费 ¥500 并再到店 1 天')
  })

  test('null when retention is already met, on the base level, or when a floor keeps the level', () => {
    expect(warningText(P, at('silver', '2027-03-01', [['2026-06-01', 80_000]]))).toBeNull()
    expect(warningText(P, at('basic', null, [['2026-06-01', 1]]))).toBeNull()
    expect(warningText(P, { ...at('gold', '2027-03-01'), manual: manual('gold', 'floor') })).toBeNull()
    // A floor below the level does not keep it.
    expect(warningText(P, { ...at('gold', '2027-03-01'), manual: manual('silver', 'floor') })).not.toBeNull()
  })
})

describe('dryRun', () => {
  const members: MemberTier[] = [
    buy(CFG, member(), '2026-06-01', 50_000), // basic
    at('silver', '2027-03-01', [['2026-06-01', 90_000]]), // silver, keeps
    at('silver', '2027-03-01', [['2026-06-01', 50_000]]), // silver, will step down at review anyway
    at('gold', '2027-03-01', [
      ['2026-06-01', 200_000],
      ['2026-07-01', 100_000],
    ]), // gold, keeps
    { ...at('black', '2027-03-01'), manual: manual('black', 'floor') }, // black on a floor
  ]
  const run = (proposed: TierProgramme, cfg = CFG, list = members) => {
    const d = dryRun(cfg, proposed, '2027-01-15', 0.01)
    list.forEach((m) => d.add(m))
    return d.result()
  }

  test('a proposal identical to the terms in force moves nobody and costs the same', () => {
    const r = run(TierProgramme.parse(version({ version: 'v2', effectiveFrom: '2027-06-01' })))
    expect(r).toMatchObject({ members: 5, up: 0, down: 0, same: 5 })
    expect(r.after).toEqual(r.before)
    expect(r.before).toEqual({ basic: 2, silver: 1, gold: 1, black: 1 })
    expect(r.costAfterFen).toBe(r.costBeforeFen)
  })

  test('stricter retention steps members down, an easier qualification moves them up; the cost follows', () => {
    const stricter = TierProgramme.parse(version({ version: 'v2', levels: LEVELS.map((l) => (l.id === 'silver' ? { ...l, retain: { spendFen: 95_000 } } : l)) }))
    expect(run(stricter)).toMatchObject({ up: 0, down: 1, same: 4, after: { basic: 3, gold: 1, black: 1 } })
    const easier = TierProgramme.parse(version({ version: 'v2', levels: LEVELS.map((l) => (l.id === 'silver' ? { ...l, qualify: { spendFen: 50_000 } } : l)) }))
    const r = run(easier)
    expect(r).toMatchObject({ up: 2, down: 0, same: 3, after: { silver: 3, gold: 1, black: 1 } })
    // Two more silver members at ¥500 a year: 2% off (1,000 fen) and 0.2 × 500 extra points at 1 fen (100 fen) each.
    expect(r.costAfterFen - r.costBeforeFen).toBe(2 * 1_100)
  })

  test('a member already moved onto newer terms is counted at the level those terms map theirs to', () => {
    const v2Levels = [LEVELS[0], { ...LEVELS[1], id: 'ginkgo', replaces: ['silver'] }, LEVELS[2], LEVELS[3]]
    const two = TierConfig.parse({ versions: [version(), version({ version: 'v2', effectiveFrom: '2026-12-01', keepOldTermsUntilReview: false, levels: v2Levels })] })
    const r = run(two.versions[1], two, [at('silver', '2027-03-01', [['2026-06-01', 90_000]], { terms: 'v1' })])
    expect(r).toMatchObject({ up: 0, down: 0, same: 1, before: { ginkgo: 1 }, after: { ginkgo: 1 } })
  })

  test('benefitsCostFen: discount plus the extra points, in whole fen', () => {
    const silver = P.levels[1]
    expect(benefitsCostFen(P, silver, 100_000, 0.01)).toBe(2_000 + 200)
    expect(benefitsCostFen(P, P.levels[0], 100_000, 0.01)).toBe(0)
    const cheap = TierProgramme.parse(version({ pointValueFen: 0.5 }))
    expect(benefitsCostFen(cheap, P.levels[3], 100_000, 0.01)).toBe(10_000 + 500)
  })

  test('levelUnder: kept, one step down (onto a floor at most), or what the stats qualify for', () => {
    const stats = (spendFen: number, visitDays = 1) => ({ spendFen, visitDays, maxGapDays: 0, lastVisit: null })
    expect(levelUnder(P, 'gold', stats(250_000, 2))).toBe(2)
    expect(levelUnder(P, 'gold', stats(0))).toBe(1)
    expect(levelUnder(P, 'gold', stats(0), 'gold')).toBe(2)
    expect(levelUnder(P, 'basic', stats(100_000))).toBe(1)
  })
})
