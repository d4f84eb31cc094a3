import * as z from '../zod'
import { TemplateId } from '../coupon/schemas'

const Id = (what: string) =>
  z
    .string({ error: `缺少${what}` })
    .trim()
    .regex(/^[\w-]{1,64}$/, `${what}只能包含字母、数字、_ 和 -（最多 64 个字符）`)

export const WheelId = Id('转盘编号')

/**
 * One prize of a wheel. `weight` out of the sum of all weights is its disclosed chance. A points
 * prize is paid from the wheel's points budget; a coupon prize from its own stock. When what a drawn
 * prize needs has run out, the spin pays the wheel's "thank you" prize instead (and records both).
 */
export const Prize = z
  .object({
    id: Id('奖品编号'),
    label: z.string().trim().min(1).max(20),
    kind: z.enum(['points', 'coupon', 'item', 'none']),
    points: z.number().int().min(1).max(1_000_000).nullable().default(null),
    couponTemplateId: TemplateId.nullable().default(null),
    /** item: a mall item (goods picked up in store) given free, from the item's own stock. */
    itemId: Id('商品编号').nullable().default(null),
    weight: z.number().int().min(0).max(1_000_000),
    /** coupon: how many may be won in all (null: no cap). */
    stock: z.number().int().min(0).max(10_000_000).nullable().default(null),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === 'points' && p.points === null) ctx.addIssue({ code: 'custom', path: ['points'], message: '积分奖品需要填写积分数' })
    if (p.kind === 'coupon' && p.couponTemplateId === null) ctx.addIssue({ code: 'custom', path: ['couponTemplateId'], message: '券奖品需要选择券模板' })
    if (p.kind === 'item' && p.itemId === null) ctx.addIssue({ code: 'custom', path: ['itemId'], message: '商品奖品需要选择积分商城的商品' })
    if (p.kind !== 'coupon' && p.stock !== null) ctx.addIssue({ code: 'custom', path: ['stock'], message: '只有券奖品有自己的库存；积分奖品由转盘的积分预算限制，商品奖品用商品本身的库存' })
  })
export type Prize = z.infer<typeof Prize>

/** A lucky wheel (`games/<id>`). */
export const Wheel = z
  .object({
    id: WheelId,
    title: z.string().trim().min(1).max(30),
    /** Points a spin costs once the day's free spins are used (0: every spin is free). */
    costPoints: z.number().int().min(0).max(1_000_000).default(0),
    freeSpinsPerDay: z.number().int().min(0).max(100).default(1),
    /** Spins a member may make in a day, free ones included. */
    maxSpinsPerDay: z.number().int().min(1).max(1000).default(3),
    /** Points the wheel may pay out in all (null: no cap). */
    budgetPoints: z.number().int().min(0).max(1_000_000_000).nullable().default(null),
    /** Shards of the budget and of each prize's stock (shared/stock.ts). */
    stockShards: z.number().int().min(1).max(64).default(4),
    prizes: z.array(Prize).min(2).max(12),
    startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((w, ctx) => {
    const ids = w.prizes.map((p) => p.id)
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['prizes'], message: '奖品编号不能重复' })
    if (w.prizes.filter((p) => p.kind === 'none').length !== 1) ctx.addIssue({ code: 'custom', path: ['prizes'], message: '需要且只能有一个“谢谢参与”奖项' })
    if (w.prizes.reduce((s, p) => s + p.weight, 0) === 0) ctx.addIssue({ code: 'custom', path: ['prizes'], message: '奖品权重之和不能为 0' })
    if (w.freeSpinsPerDay > w.maxSpinsPerDay) ctx.addIssue({ code: 'custom', path: ['freeSpinsPerDay'], message: '每日免费次数不能超过每日总次数' })
    if (w.startsAt && w.endsAt && new Date(w.startsAt) >= new Date(w.endsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间应晚于开始时间' })
  })
export type Wheel = z.infer<typeof Wheel>
export type WheelInput = z.input<typeof Wheel>

// ---- inputs

export const WheelInputArgs = z.object({ wheelId: WheelId })

// ---- outputs

export const PrizeView = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['points', 'coupon', 'item', 'none']),
  points: z.number().int().nullable(),
  /** The disclosed chance, as a fraction of 1 (weight / sum of weights). */
  odds: z.number(),
  /** The same, as text: '12.5%'. */
  oddsText: z.string(),
})

export const WheelView = z.object({
  id: z.string(),
  title: z.string(),
  costPoints: z.number().int(),
  prizes: z.array(PrizeView),
  /** Today (Asia/Shanghai) for the caller. */
  spinsLeft: z.number().int(),
  freeSpinsLeft: z.number().int(),
  open: z.boolean(),
  available: z.number().int(),
})
export type WheelView = z.infer<typeof WheelView>

export const SpinResult = z.object({
  spinId: z.string(),
  /** The prize the wheel stopped on (what the page animates to). */
  prize: PrizeView,
  /** True when the drawn prize had run out and the spin paid "thank you" instead. */
  fellBack: z.boolean(),
  drawnPrizeId: z.string(),
  free: z.boolean(),
  costPoints: z.number().int(),
  wonPoints: z.number().int(),
  couponCodes: z.array(z.string()),
  /** item: the mall order to collect it with (its pickup code). */
  orderCode: z.string().nullable(),
  balance: z.number().int(),
  spinsLeft: z.number().int(),
  freeSpinsLeft: z.number().int(),
})
export type SpinResult = z.infer<typeof SpinResult>

// ---- collect-the-set

export const CampaignId = Id('活动编号')

/**
 * A collect-the-set campaign (`set_campaigns/<id>`): N cards, free draws each day for a fixed run of
 * days, extra draws for sharing, and reward tiers by how many different cards a member holds.
 * Only members play.
 */
export const SetCampaign = z
  .object({
    id: CampaignId,
    title: z.string().trim().min(1).max(30),
    cards: z
      .array(z.object({ id: Id('卡片编号'), name: z.string().trim().min(1).max(12), weight: z.number().int().min(1).max(1_000_000) }).strict())
      .min(2)
      .max(20),
    freeDrawsPerDay: z.number().int().min(1).max(50).default(3),
    /** Extra draws a day for sharing the campaign (at most this many a day). */
    shareDrawsPerDay: z.number().int().min(0).max(50).default(1),
    /** The first Asia/Shanghai day, and how many days it runs. */
    startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    days: z.number().int().min(1).max(366),
    rewardTiers: z
      .array(
        z
          .object({
            id: Id('奖励档位'),
            label: z.string().trim().min(1).max(20),
            /** Different cards a member must hold. */
            distinct: z.number().int().min(1).max(20),
            points: z.number().int().min(0).max(1_000_000).default(0),
            couponTemplateId: TemplateId.nullable().default(null),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (new Set(c.cards.map((x) => x.id)).size !== c.cards.length) ctx.addIssue({ code: 'custom', path: ['cards'], message: '卡片编号不能重复' })
    if (new Set(c.rewardTiers.map((x) => x.id)).size !== c.rewardTiers.length) ctx.addIssue({ code: 'custom', path: ['rewardTiers'], message: '奖励档位编号不能重复' })
    c.rewardTiers.forEach((t, i) => {
      if (t.distinct > c.cards.length) ctx.addIssue({ code: 'custom', path: ['rewardTiers', i, 'distinct'], message: `不能超过卡片总数（${c.cards.length}）` })
    })
  })
export type SetCampaign = z.infer<typeof SetCampaign>
export type SetCampaignInput = z.input<typeof SetCampaign>

export const CampaignArgs = z.object({ campaignId: CampaignId })
export const ClaimArgs = z.object({ campaignId: CampaignId, rewardTier: Id('奖励档位') })

export const SetView = z.object({
  id: z.string(),
  title: z.string(),
  /** Every card with its disclosed chance and how many the caller holds. */
  cards: z.array(z.object({ id: z.string(), name: z.string(), odds: z.number(), oddsText: z.string(), held: z.number().int() })),
  distinct: z.number().int(),
  tiers: z.array(z.object({ id: z.string(), label: z.string(), distinct: z.number().int(), points: z.number().int(), claimable: z.boolean(), claimed: z.boolean() })),
  drawsLeft: z.number().int(),
  shareDrawsLeft: z.number().int(),
  /** Asia/Shanghai days: the first and the last. */
  startsOn: z.string(),
  endsOn: z.string(),
  open: z.boolean(),
})
export type SetView = z.infer<typeof SetView>

export const DrawResult = z.object({ card: z.object({ id: z.string(), name: z.string() }), isNew: z.boolean(), set: SetView })
export type DrawResult = z.infer<typeof DrawResult>
export const ClaimResult = z.object({ tier: z.string(), points: z.number().int(), couponCodes: z.array(z.string()), balance: z.number().int(), set: SetView })
export type ClaimResult = z.infer<typeof ClaimResult>
