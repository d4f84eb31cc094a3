import { Multiplier } from '../points/multiplier'
import * as z from '../zod'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
const Name = z.object({ zh: z.string().min(1).max(20), en: z.string().min(1).max(40) })

/**
 * What a member must show over the rolling window (all given criteria must hold; none = always).
 * `spendFen`: credited purchases minus refunds. `visitDays`: Asia/Shanghai days with a purchase.
 * `maxGapDays`: the longest stretch without a visit, counted from the window's start (or the day the
 * member joined, if later), between visits, and up to the day of evaluation.
 */
export const TierRule = z
  .object({
    spendFen: z.number().int().min(0).max(1e12).optional(),
    visitDays: z.number().int().min(0).max(366).optional(),
    maxGapDays: z.number().int().min(1).max(3660).optional(),
  })
  .strict()
export type TierRule = z.infer<typeof TierRule>

export const TierBenefits = z
  .object({
    /** Multiplies the points of every purchase (combined with the other multipliers by the earning rules). */
    pointsMultiplier: Multiplier.default('1'),
    /** Percent off shown at the till (5 = 95折); the POS applies it, Huika shows and reports it. */
    discountPercent: z.number().int().min(0).max(90).default(0),
    /** A gift in the birthday month, as text for the member and the till ('生日蛋糕一份'). */
    birthdayGift: z.string().max(40).nullable().default(null),
    /** Free items shown at the till ('免费饮品', '免排队'). */
    freeItems: z.array(z.string().min(1).max(40)).max(10).default([]),
    /** Coupon template ids issued once on reaching the level (by a purchase; a missing template is skipped and logged). */
    couponPack: z.array(z.string().min(1).max(64)).max(10).default([]),
  })
  .strict()
export type TierBenefits = z.infer<typeof TierBenefits>

export const TierLevel = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, '等级 id 应为小写字母开头的字母、数字、-、_'),
    name: Name,
    /** How a member reaches this level (ignored for the first level, which everyone holds). */
    qualify: TierRule.default({}),
    /** What keeps the level at the yearly review (defaults to the qualifying rule). */
    retain: TierRule.optional(),
    benefits: TierBenefits.default(TierBenefits.parse({})),
    /** Ids of levels of the previous version that map to this one (a renamed or merged level). */
    replaces: z.array(z.string()).default([]),
  })
  .strict()
export type TierLevel = z.infer<typeof TierLevel>

/**
 * One version of the tier programme (the `config` collection, `_id: 'tiers'`, holds them all).
 * Levels are ordered from the base level (index 0, no requirements) upwards.
 */
export const TierProgramme = z
  .object({
    version: z.string().min(1).max(32),
    /** The Asia/Shanghai day from which this version applies. */
    effectiveFrom: Day,
    /** Members already on an earlier version keep its terms until their next review. */
    keepOldTermsUntilReview: z.boolean().default(true),
    windowDays: z.number().int().min(30).max(730).default(365),
    /** `anniversary`: a year after reaching the level, then yearly. `date`: each year on MM-DD, at least a year after reaching it. */
    review: z
      .discriminatedUnion('kind', [z.object({ kind: z.literal('anniversary') }), z.object({ kind: z.literal('date'), monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/) })])
      .default({ kind: 'anniversary' }),
    /** Members short of keeping their level hear it this many days before the review (0 = never). */
    warnDaysBefore: z.number().int().min(0).max(180).default(30),
    /** Days after a failed review before the step down, during which a purchase can still keep the level. */
    graceDays: z.number().int().min(0).max(180).default(0),
    /** What one point costs the merchant, in fen, for the dry run's cost estimate. */
    pointValueFen: z.number().min(0).max(100).default(1),
    levels: z.array(TierLevel).min(1).max(12),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = new Set<string>()
    p.levels.forEach((l, i) => {
      if (ids.has(l.id)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'id'], message: `等级 id 重复：${l.id}` })
      ids.add(l.id)
    })
  })
export type TierProgramme = z.infer<typeof TierProgramme>
export type TierProgrammeInput = z.input<typeof TierProgramme>

export const TierConfig = z.object({ versions: z.array(TierProgramme).min(1) }).superRefine((c, ctx) => {
  const seen = new Set<string>()
  c.versions.forEach((v, i) => {
    if (seen.has(v.version)) ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: `版本重复：${v.version}` })
    seen.add(v.version)
  })
})
export type TierConfig = z.infer<typeof TierConfig>

/** The level's retention rule: its own, or its qualifying rule. */
export const retainRule = (level: TierLevel): TierRule => level.retain ?? level.qualify

export const levelIndex = (p: TierProgramme, levelId: string): number => p.levels.findIndex((l) => l.id === levelId)

/** The version in force on `day`: the latest whose effectiveFrom is on or before it (the earliest if none is yet). */
export function programmeOn(config: TierConfig, day: string): TierProgramme {
  const sorted = [...config.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  return sorted.filter((v) => v.effectiveFrom <= day).pop() ?? sorted[0]
}

/** The level of `to` that a member holding `levelId` under another version holds: same id, or one that replaces it; else the base. */
export function mapLevel(to: TierProgramme, levelId: string): number {
  const same = levelIndex(to, levelId)
  if (same >= 0) return same
  const replacing = to.levels.findIndex((l) => l.replaces.includes(levelId))
  return replacing >= 0 ? replacing : 0
}

/**
 * The demo ladder, in the spirit of a hot-pot chain's: reached on a year's spend, visits or both,
 * kept on a little less, reviewed a year after reaching the level, warned 30 days before, 15 days'
 * grace. Names are Huika's own.
 */
export const DemoTierConfig: TierConfig = TierConfig.parse({
  versions: [
    {
      version: '2026',
      effectiveFrom: '2026-01-01',
      graceDays: 15,
      levels: [
        { id: 'basic', name: { zh: '青柚会员', en: 'Pomelo' }, benefits: {} },
        {
          id: 'silver',
          name: { zh: '银杏会员', en: 'Ginkgo' },
          qualify: { spendFen: 200_000 },
          retain: { spendFen: 150_000 },
          benefits: { pointsMultiplier: '1.2', discountPercent: 2, birthdayGift: '生日果盘一份', freeItems: ['免费小食一份'], couponPack: ['silver-welcome'] },
        },
        {
          id: 'gold',
          name: { zh: '金桂会员', en: 'Osmanthus' },
          qualify: { spendFen: 600_000, visitDays: 6 },
          retain: { spendFen: 500_000, visitDays: 4 },
          benefits: { pointsMultiplier: '1.5', discountPercent: 5, birthdayGift: '生日蛋糕一个', freeItems: ['免费饮品', '会员专属菜品'], couponPack: ['gold-welcome'] },
        },
        {
          id: 'black',
          name: { zh: '墨玉会员', en: 'Jade' },
          qualify: { spendFen: 1_200_000, visitDays: 12, maxGapDays: 90 },
          retain: { spendFen: 1_000_000, visitDays: 8, maxGapDays: 120 },
          benefits: { pointsMultiplier: '2', discountPercent: 10, birthdayGift: '生日蛋糕与长寿面', freeItems: ['免费饮品', '优先排队', '专属客服'], couponPack: ['black-welcome'] },
        },
      ],
    },
  ],
})
