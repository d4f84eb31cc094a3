import fc from 'fast-check'
import { addDays } from '../../shared/day'
import { addSpend, statsAt, type GrowthStats } from '../../shared/tier/growth'
import {
  afterPurchase,
  afterRefund,
  grant,
  meets,
  newMemberTier,
  nextReview,
  qualifyingLevel,
  review,
  reviewDue,
  termsFor,
  type ManualLevel,
  type MemberTier,
} from '../../shared/tier/member-tier'
import { levelIndex, mapLevel, programmeOn, TierConfig, TierProgramme, type TierProgrammeInput } from '../../shared/tier/programme'

const NOW = new Date('2026-01-01T00:00:00Z')

const LEVELS: TierProgrammeInput['levels'] = [
  { id: 'basic', name: { zh: '青柚会员', en: 'Pomelo' } },
  { id: 'silver', name: { zh: '银杏会员', en: 'Ginkgo' }, qualify: { spendFen: 100_000 }, retain: { spendFen: 80_000 } },
  { id: 'gold', name: { zh: '金桂会员', en: 'Osmanthus' }, qualify: { spendFen: 300_000, visitDays: 3 }, retain: { spendFen: 250_000, visitDays: 2 } },
  { id: 'black', name: { zh: '墨玉会员', en: 'Jade' }, qualify: { spendFen: 1_000_000, visitDays: 6, maxGapDays: 60 }, retain: { spendFen: 800_000, visitDays: 4, maxGapDays: 90 } },
]

const version = (extra: Partial<TierProgrammeInput> = {}): TierProgrammeInput => ({ version: 'v1', effectiveFrom: '2020-01-01', levels: LEVELS, ...extra })
const config = (extra: Partial<TierProgrammeInput> = {}) => TierConfig.parse({ versions: [version(extra)] })
const CFG = config()
const P = CFG.versions[0]
const GRACE = config({ graceDays: 15 })

const member = (cfg: TierConfig, joined: string) => newMemberTier({ memberId: 'm1', openid: 'o1', today: joined, config: cfg, now: NOW })
let orderSeq = 0
const buy = (cfg: TierConfig, t: MemberTier, day: string, fen: number) => afterPurchase(cfg, t, { day, amountFen: fen, orderKey: `o${++orderSeq}`, now: NOW })
const refund = (cfg: TierConfig, t: MemberTier, purchaseDay: string, fen: number, today: string) =>
  afterRefund(cfg, t, { purchaseDay, amountFen: fen, today, orderKey: `r${++orderSeq}`, now: NOW })
const buyAll = (cfg: TierConfig, t: MemberTier, purchases: Array<[string, number]>) => purchases.reduce((acc, [d, f]) => buy(cfg, acc, d, f).tier, t)

/** A member record at `levelId`, reviewed on `reviewOn`, with `days` of growth. */
function at(levelId: string, reviewOn: string | null, days: Array<[string, number]> = [], extra: Partial<MemberTier> = {}): MemberTier {
  const t = member(CFG, '2025-01-01')
  return { ...t, levelId, reviewOn, since: reviewOn ? addDays(reviewOn, -365) : t.since, growth: { since: '2025-01-01', days }, ...extra }
}
const manual = (levelId: string, kind: ManualLevel['kind']): ManualLevel => ({ levelId, kind, by: 'admin1', reason: '大客户', at: NOW })
const stats = (s: Partial<GrowthStats>): GrowthStats => ({ spendFen: 0, visitDays: 0, maxGapDays: 0, lastVisit: null, ...s })

describe('meets and qualifyingLevel', () => {
  test('every given criterion must hold, each at its exact threshold', () => {
    expect(meets({}, stats({}))).toBe(true)
    expect(meets({ spendFen: 100 }, stats({ spendFen: 100 }))).toBe(true)
    expect(meets({ spendFen: 100 }, stats({ spendFen: 99 }))).toBe(false)
    expect(meets({ visitDays: 3 }, stats({ visitDays: 3 }))).toBe(true)
    expect(meets({ maxGapDays: 60 }, stats({ maxGapDays: 60 }))).toBe(true)
    expect(meets({ maxGapDays: 60 }, stats({ maxGapDays: 61 }))).toBe(false)
  })

  test('combined rules: the highest level all of whose criteria hold', () => {
    expect(qualifyingLevel(P, stats({}))).toBe(0)
    expect(qualifyingLevel(P, stats({ spendFen: 99_999, visitDays: 50 }))).toBe(0)
    expect(qualifyingLevel(P, stats({ spendFen: 100_000 }))).toBe(1)
    // Enough spend for gold but one visit day short.
    expect(qualifyingLevel(P, stats({ spendFen: 300_000, visitDays: 2 }))).toBe(1)
    expect(qualifyingLevel(P, stats({ spendFen: 300_000, visitDays: 3 }))).toBe(2)
    // Everything for black but the gap: gold.
    expect(qualifyingLevel(P, stats({ spendFen: 1_000_000, visitDays: 6, maxGapDays: 61 }))).toBe(2)
    expect(qualifyingLevel(P, stats({ spendFen: 1_000_000, visitDays: 6, maxGapDays: 60 }))).toBe(3)
  })
})

describe('afterPurchase', () => {
  test('upgrades on exactly the qualifying purchase; one fen below does not', () => {
    const t0 = buy(CFG, member(CFG, '2026-01-01'), '2026-02-01', 50_000).tier
    const short = buy(CFG, t0, '2026-03-01', 49_999)
    expect(short.upgradedTo).toBeNull()
    expect(short.tier.levelId).toBe('basic')
    expect(short.tier.moves).toEqual([])
    const up = buy(CFG, t0, '2026-03-01', 50_000)
    expect(up).toMatchObject({ upgradedTo: 'silver', downgradedTo: null })
    expect(up.tier).toMatchObject({ levelId: 'silver', since: '2026-03-01', reviewOn: '2027-03-01', cycleFloorId: 'basic', graceUntil: null })
    expect(up.tier.moves).toEqual([{ day: '2026-03-01', from: 'basic', to: 'silver', why: 'purchase', orderKey: `o${orderSeq}`, fromSince: '2026-01-01' }])
    // The one fen more, a day later, upgrades.
    expect(buy(CFG, short.tier, '2026-03-02', 1).upgradedTo).toBe('silver')
  })

  test('counts purchases in the window only: old spend that fell out does not qualify', () => {
    const t0 = buy(CFG, member(CFG, '2025-01-01'), '2025-01-10', 90_000).tier
    expect(buy(CFG, t0, '2026-01-09', 10_000).upgradedTo).toBe('silver') // 2025-01-10 is the window's first day
    expect(buy(CFG, t0, '2026-01-10', 10_000).upgradedTo).toBeNull()
  })

  test('jumps straight to the highest level it qualifies for, in one move', () => {
    const small: Array<[string, number]> = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'].map((d) => [d, 100])
    const t0 = buyAll(CFG, member(CFG, '2026-01-01'), small)
    expect(t0.levelId).toBe('basic')
    const up = buy(CFG, t0, '2026-01-06', 1_000_000)
    expect(up.upgradedTo).toBe('black')
    expect(up.tier.moves).toHaveLength(1)
    expect(up.tier.moves[0]).toMatchObject({ from: 'basic', to: 'black', why: 'purchase' })
    expect(up.tier.reviewOn).toBe('2027-01-06')
  })

  test('no double step: a zero purchase or a second small one after an upgrade moves nothing', () => {
    const up = buy(CFG, member(CFG, '2026-01-01'), '2026-03-01', 100_000).tier
    for (const next of [buy(CFG, up, '2026-03-01', 0), buy(CFG, up, '2026-03-01', 100), buy(CFG, up, '2026-03-05', 100)]) {
      expect(next.upgradedTo).toBeNull()
      expect(next.tier.levelId).toBe('silver')
      expect(next.tier.moves).toHaveLength(1)
      expect(next.tier.reviewOn).toBe('2027-03-01')
      expect(next.tier.since).toBe('2026-03-01')
    }
  })

  test('counts spend and visits, never points: a purchase always adds to growth', () => {
    const t = buy(CFG, member(CFG, '2026-01-01'), '2026-01-05', 1234).tier
    expect(t.growth.days).toEqual([['2026-01-05', 1234]])
  })
})

describe('afterRefund', () => {
  test('undoes an upgrade from this cycle when the member no longer qualifies', () => {
    const up = buy(CFG, member(CFG, '2026-01-01'), '2026-03-01', 100_000).tier
    const r = refund(CFG, up, '2026-03-01', 1, '2026-03-10')
    expect(r).toMatchObject({ upgradedTo: null, downgradedTo: 'basic' })
    expect(r.tier).toMatchObject({ levelId: 'basic', reviewOn: null })
    expect(r.tier.moves.at(-1)).toMatchObject({ from: 'silver', to: 'basic', why: 'refund', day: '2026-03-10' })
    expect(r.tier.growth.days).toEqual([['2026-03-01', 99_999]])
  })

  test('a refund that leaves the member qualified changes nothing but growth', () => {
    const up = buy(CFG, member(CFG, '2026-01-01'), '2026-03-01', 150_000).tier
    const r = refund(CFG, up, '2026-03-01', 50_000, '2026-03-10')
    expect(r.downgradedTo).toBeNull()
    expect(r.tier.levelId).toBe('silver')
    expect(r.tier.moves).toHaveLength(1)
  })

  test('goes to the highest level still qualified for, and restores that level\'s review day', () => {
    let t = buy(CFG, member(CFG, '2026-01-01'), '2026-02-01', 100_000).tier // silver
    expect(t.reviewOn).toBe('2027-02-01')
    t = buyAll(CFG, t, [
      ['2026-02-10', 50_000],
      ['2026-03-01', 150_000],
    ]) // gold
    expect(t.levelId).toBe('gold')
    const r = refund(CFG, t, '2026-03-01', 150_000, '2026-03-05')
    expect(r.downgradedTo).toBe('silver')
    expect(r.tier).toMatchObject({ levelId: 'silver', since: '2026-02-01', reviewOn: '2027-02-01' })
  })

  test('a second refund undoes the level the first one left, if that too was reached by purchase this cycle', () => {
    let t = buy(CFG, member(CFG, '2026-01-01'), '2026-02-01', 100_000).tier // silver
    t = buyAll(CFG, t, [
      ['2026-02-10', 50_000],
      ['2026-03-01', 150_000],
    ]) // gold
    const first = refund(CFG, t, '2026-03-01', 150_000, '2026-03-05')
    expect(first.tier.levelId).toBe('silver')
    const second = refund(CFG, first.tier, '2026-02-01', 60_000, '2026-03-06')
    expect(second.downgradedTo).toBe('basic')
    expect(second.tier).toMatchObject({ levelId: 'basic', reviewOn: null })
  })

  test('never below the level held when the cycle began: a level kept at review stays', () => {
    // Silver, kept at the review on 2027-02-01, then upgraded to gold by purchase.
    const kept = review(CFG, at('silver', '2027-02-01', [['2026-06-01', 90_000]]), '2027-02-01', NOW)!
    expect(kept.outcome).toEqual({ kind: 'kept', levelId: 'silver' })
    const gold = buyAll(CFG, kept.tier, [
      ['2027-03-01', 100_000],
      ['2027-03-02', 100_000],
      ['2027-03-03', 100_000],
    ])
    expect(gold.levelId).toBe('gold')
    // Refund everything: back to silver (the cycle's floor), not basic; silver's review day is the one set at the review.
    let r = refund(CFG, gold, '2027-03-03', 100_000, '2027-03-10')
    expect(r.tier).toMatchObject({ levelId: 'silver', reviewOn: '2028-02-01', since: '2027-02-01' })
    r = refund(CFG, r.tier, '2026-06-01', 90_000, '2027-03-11')
    r = refund(CFG, r.tier, '2027-03-01', 100_000, '2027-03-11')
    expect(r.tier.levelId).toBe('silver')
    expect(r.downgradedTo).toBeNull()
  })

  test('a refund never touches a level kept at review, even when that level was first reached by purchase', () => {
    const up = buy(CFG, member(CFG, '2026-01-01'), '2026-02-01', 100_000).tier
    const kept = review(CFG, up, '2027-02-01', NOW)!
    expect(kept.outcome.kind).toBe('kept')
    const r = refund(CFG, kept.tier, '2026-02-01', 100_000, '2027-02-02')
    expect(r.tier.levelId).toBe('silver')
    expect(r.tier.reviewOn).toBe('2028-02-01')
  })

  test('a granted level is untouched; a floor holds under a purchase upgrade', () => {
    const granted = grant(CFG, member(CFG, '2026-01-01'), manual('gold', 'untilReview'), '2026-02-01')
    const withSpend = buy(CFG, granted, '2026-02-02', 50_000).tier
    expect(refund(CFG, withSpend, '2026-02-02', 50_000, '2026-02-03').tier.levelId).toBe('gold')

    const floored = grant(CFG, member(CFG, '2026-01-01'), manual('silver', 'floor'), '2026-02-01')
    const gold = buyAll(CFG, floored, [
      ['2026-02-02', 100_000],
      ['2026-02-03', 100_000],
      ['2026-02-04', 100_000],
    ])
    expect(gold.levelId).toBe('gold')
    const r = refund(CFG, gold, '2026-02-04', 100_000, '2026-02-05')
    expect(r.tier.levelId).toBe('silver')
    expect(r.tier.manual).toMatchObject({ levelId: 'silver', kind: 'floor' })
  })
})

describe('review', () => {
  test('not due before the review day; due on it and any day after', () => {
    const t = at('silver', '2027-03-01')
    expect(reviewDue(t, '2027-02-28')).toBe(false)
    expect(review(CFG, t, '2027-02-28', NOW)).toBeNull()
    expect(reviewDue(t, '2027-03-01')).toBe(true)
    expect(reviewDue(t, '2027-04-01')).toBe(true)
    expect(review(CFG, at('basic', null), '2027-03-01', NOW)).toBeNull()
  })

  test('keeps a member who met the retention rule over the window ending the day before', () => {
    const r = review(CFG, at('silver', '2027-03-01', [['2027-02-28', 80_000]]), '2027-03-01', NOW)!
    expect(r.outcome).toEqual({ kind: 'kept', levelId: 'silver' })
    expect(r.tier).toMatchObject({ levelId: 'silver', since: '2027-03-01', reviewOn: '2028-03-01', cycleFloorId: 'silver', graceUntil: null })
    // The first day of that window counts; the review day itself does not.
    expect(review(CFG, at('silver', '2027-03-01', [['2026-03-01', 80_000]]), '2027-03-01', NOW)!.outcome.kind).toBe('kept')
    expect(review(CFG, at('silver', '2027-03-01', [['2026-02-28', 80_000]]), '2027-03-01', NOW)!.outcome.kind).toBe('steppedDown')
    expect(review(CFG, at('silver', '2027-03-01', [['2027-03-01', 80_000]]), '2027-03-01', NOW)!.outcome.kind).toBe('steppedDown')
  })

  test('steps down exactly one level, even when the member qualifies for nothing', () => {
    const r1 = review(CFG, at('black', '2027-03-01'), '2027-03-01', NOW)!
    expect(r1.outcome).toEqual({ kind: 'steppedDown', from: 'black', to: 'gold', shortBy: { spendFen: 800_000, visitDays: 4, gapExceeded: true } })
    expect(r1.tier).toMatchObject({ levelId: 'gold', since: '2027-03-01', reviewOn: '2028-03-01', cycleFloorId: 'gold' })
    expect(r1.tier.moves.at(-1)).toEqual({ day: '2027-03-01', from: 'black', to: 'gold', why: 'review' })
    // Not again until the next review; then one more step.
    expect(review(CFG, r1.tier, '2027-03-02', NOW)).toBeNull()
    const r2 = review(CFG, r1.tier, '2028-03-01', NOW)!
    expect(r2.outcome).toMatchObject({ kind: 'steppedDown', from: 'gold', to: 'silver' })
  })

  test('the job running late gives the same result as on the day', () => {
    const t = at('gold', '2027-03-01', [['2027-02-01', 300_000]])
    const onTime = review(CFG, t, '2027-03-01', NOW)!
    const late = review(CFG, buy(CFG, t, '2027-03-05', 500_000).tier, '2027-03-10', NOW)!
    expect(onTime.outcome).toEqual(late.outcome)
    expect(late.tier).toMatchObject({ levelId: onTime.tier.levelId, reviewOn: onTime.tier.reviewOn, since: onTime.tier.since })
  })

  test('a hand-set floor: never reviewed below it, and no grace needed', () => {
    const floored = { ...at('gold', '2027-03-01'), manual: manual('gold', 'floor') }
    for (const cfg of [CFG, GRACE]) {
      const r = review(cfg, floored, '2027-03-01', NOW)!
      expect(r.outcome).toEqual({ kind: 'kept', levelId: 'gold' })
      expect(r.tier).toMatchObject({ levelId: 'gold', reviewOn: '2028-03-01', graceUntil: null, manual: floored.manual })
    }
    // Above the floor: one step down, onto the floor at most.
    const above = review(CFG, { ...at('black', '2027-03-01'), manual: manual('gold', 'floor') }, '2027-03-01', NOW)!
    expect(above.outcome).toMatchObject({ kind: 'steppedDown', to: 'gold' })
  })

  test('an untilReview grant ends at the review, which then treats the level like any other', () => {
    const granted = grant(CFG, member(CFG, '2026-01-01'), manual('gold', 'untilReview'), '2026-03-01')
    expect(granted).toMatchObject({ levelId: 'gold', reviewOn: '2027-03-01', cycleFloorId: 'gold' })
    const r = review(CFG, granted, '2027-03-01', NOW)!
    expect(r.tier.manual).toBeNull()
    expect(r.outcome).toMatchObject({ kind: 'steppedDown', from: 'gold', to: 'silver' })
  })

  test('grace delays the step down; at its end the member steps down one level', () => {
    const t = at('silver', '2027-03-01', [['2026-06-01', 50_000]])
    const g = review(GRACE, t, '2027-03-01', NOW)!
    expect(g.outcome).toEqual({ kind: 'grace', levelId: 'silver', graceUntil: '2027-03-16' })
    expect(g.tier).toMatchObject({ levelId: 'silver', graceUntil: '2027-03-16', reviewOn: '2027-03-01' })
    expect(review(GRACE, g.tier, '2027-03-15', NOW)).toBeNull()
    const end = review(GRACE, g.tier, '2027-03-16', NOW)!
    expect(end.outcome).toMatchObject({ kind: 'steppedDown', from: 'silver', to: 'basic' })
    expect(end.tier).toMatchObject({ levelId: 'basic', graceUntil: null, reviewOn: null })
  })

  test('grace, then a purchase that meets the retention rule: the level is kept for another year, no second review', () => {
    const t = at('silver', '2027-03-01', [['2026-06-01', 50_000]])
    const g = review(GRACE, t, '2027-03-01', NOW)!.tier
    const small = buy(GRACE, g, '2027-03-05', 20_000)
    expect(small.tier.graceUntil).toBe('2027-03-16')
    const kept = buy(GRACE, small.tier, '2027-03-06', 10_000).tier
    expect(kept).toMatchObject({ levelId: 'silver', graceUntil: null, cycleFloorId: 'silver', reviewOn: '2028-03-01' })
    expect(review(GRACE, kept, '2027-03-16', NOW)).toBeNull()
    expect(review(GRACE, kept, '2027-06-01', NOW)).toBeNull()
  })

  test('grace, then a purchase counted by the end of grace: kept at the grace review', () => {
    const t = at('silver', '2027-03-01', [['2026-06-01', 50_000]])
    const g = review(GRACE, t, '2027-03-01', NOW)!.tier
    // Added straight to growth (as a purchase recorded before the job ran would be).
    const r = review(GRACE, { ...g, growth: addSpend(g.growth, '2027-03-15', 30_000) }, '2027-03-16', NOW)!
    expect(r.outcome).toEqual({ kind: 'kept', levelId: 'silver' })
    expect(r.tier).toMatchObject({ reviewOn: '2028-03-01', since: '2027-03-01', graceUntil: null })
  })
})

describe('nextReview', () => {
  const DATE = config({ review: { kind: 'date', monthDay: '01-01' } }).versions[0]
  const dateOn = (monthDay: string) => config({ review: { kind: 'date', monthDay } }).versions[0]

  test('none on the base level', () => {
    expect(nextReview(P, '2026-05-05', 0)).toBeNull()
    expect(nextReview(DATE, '2026-05-05', 0)).toBeNull()
  })

  test('anniversary: the same day a year on; a level reached on 29 February is reviewed on 1 March', () => {
    expect(nextReview(P, '2026-06-15', 1)).toBe('2027-06-15')
    expect(nextReview(P, '2027-03-01', 2)).toBe('2028-03-01')
    expect(nextReview(P, '2028-02-29', 1)).toBe('2029-03-01')
    expect(nextReview(P, '2027-02-28', 1)).toBe('2028-02-28')
  })

  test('date: the first MM-DD at least a year after reaching the level', () => {
    expect(nextReview(DATE, '2026-01-01', 1)).toBe('2027-01-01')
    expect(nextReview(DATE, '2026-01-02', 1)).toBe('2028-01-01')
    expect(nextReview(DATE, '2025-06-15', 1)).toBe('2027-01-01')
    // A year is a calendar year, also across a leap day: 2027-06-14 comes before the first anniversary.
    expect(nextReview(dateOn('06-14'), '2027-06-15', 1)).toBe('2029-06-14')
    expect(nextReview(dateOn('06-15'), '2027-06-15', 1)).toBe('2028-06-15')
  })

  test('date 02-29 falls on 28 February in a common year', () => {
    expect(nextReview(dateOn('02-29'), '2026-06-01', 1)).toBe('2028-02-29')
    expect(nextReview(dateOn('02-29'), '2028-06-01', 1)).toBe('2030-02-28')
  })
})

describe('versions', () => {
  const v2Levels: TierProgrammeInput['levels'] = [
    LEVELS[0],
    { id: 'ginkgo', name: { zh: '银杏会员', en: 'Ginkgo' }, qualify: { spendFen: 200_000 }, replaces: ['silver'] },
    { id: 'gold', name: { zh: '金桂会员', en: 'Osmanthus' }, qualify: { spendFen: 500_000 }, replaces: ['black'] },
  ]
  const two = (keep: boolean) =>
    TierConfig.parse({ versions: [{ ...version({ version: 'v2', effectiveFrom: '2027-01-01', keepOldTermsUntilReview: keep, levels: v2Levels }) }, version()] })

  test('programmeOn picks the latest version in force, whatever the order; the earliest before any', () => {
    const c = two(true)
    expect(programmeOn(c, '2026-12-31').version).toBe('v1')
    expect(programmeOn(c, '2027-01-01').version).toBe('v2')
    expect(programmeOn(c, '2030-01-01').version).toBe('v2')
    expect(programmeOn(TierConfig.parse({ versions: [version({ effectiveFrom: '2026-01-01' })] }), '2025-01-01').version).toBe('v1')
  })

  test('mapLevel: the same id, else the level that replaces it, else the base', () => {
    const v2 = two(true).versions[0]
    expect(mapLevel(v2, 'gold')).toBe(2)
    expect(mapLevel(v2, 'silver')).toBe(1)
    expect(mapLevel(v2, 'black')).toBe(2)
    expect(mapLevel(v2, 'nope')).toBe(0)
  })

  test('a member keeps the old terms until their review when the new version allows it', () => {
    const t = at('silver', '2027-03-01', [['2026-06-01', 100_000]], { terms: 'v1' })
    expect(termsFor(two(true), t, '2027-02-28').version).toBe('v1')
    expect(termsFor(two(true), t, '2027-03-01').version).toBe('v2')
    expect(termsFor(two(false), t, '2027-01-01').version).toBe('v2')
    // A base member has no review to wait for.
    expect(termsFor(two(true), at('basic', null, [], { terms: 'v1' }), '2027-01-01').version).toBe('v2')
  })

  test('moving onto new terms maps the level and records it; the review is where it happens', () => {
    const c = two(true)
    const t = at('silver', '2027-03-01', [['2026-06-01', 100_000]], { terms: 'v1' })
    // Before the review a purchase keeps the old terms.
    expect(buy(c, t, '2027-02-01', 100).tier).toMatchObject({ terms: 'v1', levelId: 'silver' })
    const r = review(c, t, '2027-03-01', NOW)!
    expect(r.tier.terms).toBe('v2')
    expect(r.tier.moves.at(-2)).toMatchObject({ from: 'silver', to: 'ginkgo', why: 'terms' })
    // v2's ginkgo has no retain rule: its qualifying rule (¥2,000) applies, which ¥1,000 misses.
    expect(r.outcome).toMatchObject({ kind: 'steppedDown', from: 'ginkgo', to: 'basic' })
  })

  test('a member already on newer terms is never moved back to older ones', () => {
    const c = two(false)
    const t = at('ginkgo', '2027-01-05', [['2026-06-01', 300_000]], { terms: 'v2' })
    expect(termsFor(c, t, '2026-12-30').version).toBe('v2')
  })
})

// ---- properties

const PURCHASE = fc.record({ wait: fc.integer({ min: 0, max: 120 }), fen: fc.integer({ min: 0, max: 400_000 }), refund: fc.boolean() })

describe('properties', () => {
  test('property: a review never moves more than one level down, never up, and never below a floor', () => {
    fc.assert(
      fc.property(
        fc.array(PURCHASE, { maxLength: 30 }),
        fc.constantFrom(CFG, GRACE, config({ review: { kind: 'date', monthDay: '07-01' } })),
        fc.option(fc.record({ levelId: fc.constantFrom('silver', 'gold', 'black'), kind: fc.constantFrom<ManualLevel['kind']>('floor', 'untilReview') })),
        (ops, cfg, hand) => {
          const p = cfg.versions[0]
          let t = member(cfg, '2026-01-01')
          if (hand) t = grant(cfg, t, manual(hand.levelId, hand.kind), '2026-01-01')
          let day = '2026-01-01'
          for (const op of ops) {
            const next = addDays(day, op.wait)
            // Run every review that falls due up to the next purchase day, one day at a time is too slow: jump.
            for (let guard = 0; guard < 10; guard++) {
              const due = t.graceUntil ?? t.reviewOn
              if (!due || due > next) break
              const before = levelIndex(p, t.levelId)
              const r = review(cfg, t, due, NOW)!
              const after = levelIndex(p, r.tier.levelId)
              expect(after).toBeLessThanOrEqual(before)
              expect(after).toBeGreaterThanOrEqual(before - 1)
              if (t.manual?.kind === 'floor') expect(after).toBeGreaterThanOrEqual(levelIndex(p, t.manual.levelId))
              if (r.outcome.kind === 'steppedDown') expect(after).toBe(before - 1)
              if (r.outcome.kind !== 'steppedDown') expect(after).toBe(before)
              expect(r.tier.reviewOn === null || r.tier.reviewOn > due || r.tier.graceUntil !== null).toBe(true)
              t = r.tier
            }
            day = next
            if (op.refund && t.growth.days.length > 0) {
              const [d, f] = t.growth.days[t.growth.days.length - 1]
              const r = refund(cfg, t, d, Math.min(f, op.fen), day)
              expect(levelIndex(p, r.tier.levelId)).toBeLessThanOrEqual(levelIndex(p, t.levelId))
              expect(levelIndex(p, r.tier.levelId)).toBeGreaterThanOrEqual(levelIndex(p, t.cycleFloorId))
              t = r.tier
            } else {
              const before = levelIndex(p, t.levelId)
              const r = buy(cfg, t, day, op.fen)
              const after = levelIndex(p, r.tier.levelId)
              expect(after).toBeGreaterThanOrEqual(before)
              expect(after).toBe(Math.max(before, qualifyingLevel(p, statsAt(r.tier.growth, day, p.windowDays))))
              // No double step: the same purchase state again changes nothing.
              const again = buy(cfg, r.tier, day, 0)
              expect(again.tier.levelId).toBe(r.tier.levelId)
              expect(again.tier.moves).toEqual(r.tier.moves)
              t = r.tier
            }
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  test('property: the spend counted toward tiers is purchases minus refunds (never below zero a day), whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -90_000, max: 90_000 })), { maxLength: 25 }), (ops) => {
        let t = member(CFG, '2026-01-01')
        const perDay = new Map<string, number>()
        for (const [d, f] of ops) {
          const day = addDays('2026-01-01', d)
          t = f >= 0 ? buy(CFG, t, day, f).tier : refund(CFG, t, day, -f, '2026-01-21').tier
          perDay.set(day, Math.max(0, (perDay.get(day) ?? 0) + f))
        }
        const s = statsAt(t.growth, '2026-01-21', 365)
        expect(s.spendFen).toBe([...perDay.values()].reduce((a, b) => a + b, 0))
        expect(s.visitDays).toBe([...perDay.values()].filter((v) => v > 0).length)
      }),
    )
  })
})

test('the parsed ladder has the base level first and rules applied by default', () => {
  expect(TierProgramme.parse(version()).levels[0].qualify).toEqual({})
  expect(P.graceDays).toBe(0)
  expect(P.windowDays).toBe(365)
})
