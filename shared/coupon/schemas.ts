import * as z from '../zod'
import { StoreId } from '../store-id'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

/** A template's id, chosen by the operator: letters, digits, _ and -. */
export const TemplateId = z
  .string({ error: '缺少券模板编号' })
  .trim()
  .regex(/^[\w-]{1,64}$/, '券模板编号只能包含字母、数字、_ 和 -（最多 64 个字符）')

/**
 * A coupon's code: 12 characters of Crockford base32 (60 random bits), printed in groups of four.
 * Typed or scanned at a till: spaces and dashes are dropped, lower case and the look-alikes
 * I, L (→1) and O (→0) are read as Crockford reads them.
 */
export const CouponCode = z
  .string({ error: '请扫描或输入券码' })
  .transform((s) =>
    s
      .replace(/[\s-]+/g, '')
      .toUpperCase()
      .replace(/[IL]/g, '1')
      .replace(/O/g, '0'),
  )
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{12}$/, '券码应为 12 位字母和数字'))

export const CouponKind = z.enum(['cash', 'percent', 'gift'])
export type CouponKind = z.infer<typeof CouponKind>

/** When an issued coupon can be used: fixed days, or a number of days counted from the day of issue. */
export const CouponValidity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), from: Day, until: Day }).strict(),
  z
    .object({
      kind: z.literal('days'),
      /** Usable for this many days, the first being the day it becomes usable. */
      days: z.number().int().min(1).max(3660),
      /** Usable from this many days after issue (0: the day of issue). */
      afterDays: z.number().int().min(0).max(365).default(0),
    })
    .strict(),
])
export type CouponValidity = z.infer<typeof CouponValidity>

/**
 * A coupon template (`coupon_templates`, `_id` = id). What the coupon is worth is for the POS to
 * apply; Huika issues, shows, checks and writes it off. Caps count every coupon issued from the
 * template, whatever issued it, except an operator's forced grant.
 */
export const CouponTemplate = z
  .object({
    id: TemplateId,
    title: z.string().trim().min(1, '请填写券名称').max(30, '券名称最多 30 个字'),
    kind: CouponKind,
    /** cash: the amount off, in fen. */
    offFen: z.number().int().min(1).max(100_000_000).nullable().default(null),
    /** cash and percent: the order must reach this amount (0: no threshold). */
    thresholdFen: z.number().int().min(0).max(100_000_000).default(0),
    /** percent: the share of the price paid, in percent (88 = 88折 = 12% off). */
    payPercent: z.number().int().min(1).max(99).nullable().default(null),
    /** percent: the most it takes off, in fen (null: no cap). */
    maxOffFen: z.number().int().min(1).max(100_000_000).nullable().default(null),
    /** gift: what the member gets. */
    gift: z.string().trim().min(1).max(30).nullable().default(null),
    validity: CouponValidity,
    perMemberLimit: z.number().int().min(1).max(1000).default(1),
    /** How many may be issued in all (null: no cap). */
    totalLimit: z.number().int().min(1).max(100_000_000).nullable().default(null),
    /** Stores that accept it (null: every store). */
    storeIds: z.array(StoreId).min(1).max(500).nullable().default(null),
    /** Members may claim it themselves in the coupon centre. */
    claimable: z.boolean().default(false),
    /** Extra conditions for the member and the till, as text ('不与其他优惠同享'). */
    note: z.string().trim().max(200).default(''),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((t, ctx) => {
    const need = (field: 'offFen' | 'payPercent' | 'gift', message: string) => {
      if (t[field] === null) ctx.addIssue({ code: 'custom', path: [field], message })
    }
    if (t.kind === 'cash') need('offFen', '满减券需要填写减免金额（分）')
    if (t.kind === 'percent') need('payPercent', '折扣券需要填写折扣（如 88 表示 88 折）')
    if (t.kind === 'gift') need('gift', '礼品券需要填写礼品名称')
    if (t.kind === 'cash' && t.offFen !== null && t.thresholdFen > 0 && t.offFen >= t.thresholdFen)
      ctx.addIssue({ code: 'custom', path: ['offFen'], message: '减免金额应小于使用门槛' })
    if (t.validity.kind === 'fixed' && t.validity.from > t.validity.until)
      ctx.addIssue({ code: 'custom', path: ['validity', 'until'], message: '结束日期不能早于开始日期' })
  })
export type CouponTemplate = z.infer<typeof CouponTemplate>
export type CouponTemplateInput = z.input<typeof CouponTemplate>

/** How a coupon came to the member. */
export const IssueChannel = z.enum(['claim', 'mall', 'tier', 'campaign', 'operator'])
export type IssueChannel = z.infer<typeof IssueChannel>

/** What the member sees: `usable` now, `upcoming` (not yet usable), `used`, `expired`. */
export const CouponStatus = z.enum(['usable', 'upcoming', 'used', 'expired'])
export type CouponStatus = z.infer<typeof CouponStatus>

// ---- inputs

export const CouponListInput = z.object({ status: CouponStatus.optional() })
export type CouponListInput = z.infer<typeof CouponListInput>
export const ClaimInput = z.object({ templateId: TemplateId })
export const WriteOffInput = z.object({ couponCode: CouponCode })
export const UndoWriteOffInput = z.object({
  couponCode: CouponCode,
  reason: z.string({ error: '请填写撤销原因' }).trim().min(1, '请填写撤销原因').max(200, '撤销原因最多 200 个字'),
})

// ---- outputs

export const CouponView = z.object({
  code: z.string(),
  templateId: z.string(),
  title: z.string(),
  kind: CouponKind,
  /** The face value as a member reads it: '¥20', '8.8折', '赠 拿铁一杯'. */
  face: z.string(),
  /** The conditions in one line: '满 ¥100 可用 · 仅限 静安店、徐汇店'. */
  rules: z.string(),
  note: z.string(),
  status: CouponStatus,
  validFrom: Day,
  validUntil: Day,
  /** Days left including today while usable (1 = last day), else null. */
  daysLeft: z.number().int().nullable(),
  channel: IssueChannel,
  issuedAt: z.string(),
  usedAt: z.string().nullable(),
  usedStoreId: z.string().nullable(),
  storeIds: z.array(z.string()).nullable(),
})
export type CouponView = z.infer<typeof CouponView>

export const CouponListResult = z.object({
  coupons: z.array(CouponView),
  counts: z.object({ usable: z.number().int(), upcoming: z.number().int(), used: z.number().int(), expired: z.number().int() }),
})
export type CouponListResult = z.infer<typeof CouponListResult>

/** A template in the coupon centre, with what the caller can still claim. */
export const ClaimableView = z.object({
  templateId: z.string(),
  title: z.string(),
  kind: CouponKind,
  face: z.string(),
  rules: z.string(),
  note: z.string(),
  validity: z.string(),
  /** How many the caller may still claim. */
  remainingForMe: z.number().int(),
  /** How many are left in all (null: no cap). */
  remaining: z.number().int().nullable(),
})
export type ClaimableView = z.infer<typeof ClaimableView>
export const ClaimableResult = z.object({ templates: z.array(ClaimableView) })
export const ClaimResult = z.object({ coupon: CouponView })

export const WriteOffResult = z.object({
  coupon: CouponView,
  /** The member, as the till names them. */
  memberNo: z.string(),
  nickname: z.string().nullable(),
  /** True when this call repeated a write-off the same clerk had just made (nothing changed). */
  duplicate: z.boolean(),
  /** Until when this write-off may be undone (ISO). */
  undoUntil: z.string(),
})
export type WriteOffResult = z.infer<typeof WriteOffResult>
export const UndoWriteOffResult = z.object({ coupon: CouponView })

/** What the write-off page shows after a scan, before the clerk confirms. */
export const CheckCouponResult = z.object({
  coupon: CouponView,
  memberNo: z.string(),
  nickname: z.string().nullable(),
  /** Why it cannot be written off here and now (a code from shared/errors.ts), or null. */
  refusal: z.string().nullable(),
  /** While the last write-off can still be undone by this store (ISO), else null. */
  undoUntil: z.string().nullable(),
})
export type CheckCouponResult = z.infer<typeof CheckCouponResult>

/** What the till lists after a scan. */
export const TillCouponView = z.object({ code: z.string(), title: z.string(), face: z.string(), rules: z.string(), validUntil: Day })
export type TillCouponView = z.infer<typeof TillCouponView>
