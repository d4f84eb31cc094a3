import * as z from '../zod'
import type { Lifecycle } from './rfm'

/**
 * A segment: a saved filter over what the nightly insight knows of each member (issue 9). Every
 * condition given must hold (and); within one condition any listed value matches (or). Pure, so the
 * same rule counts members in the job, previews a sample in the console, and picks a campaign's audience.
 */
const Range = (min: number, max: number) =>
  z
    .object({ min: z.number().int().min(min).max(max).optional(), max: z.number().int().min(min).max(max).optional() })
    .strict()
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, '最小值不能大于最大值')
/** An RFM score range, 1–5. */
const Scores = Range(1, 5)

export const SegmentFilter = z
  .object({
    tiers: z.array(z.string().min(1).max(64)).max(20).optional(),
    lifecycle: z.array(z.enum(['new', 'active', 'at_risk', 'dormant'])).max(4).optional(),
    /** Provinces or cities, as the member's region lists them (any level matches). */
    regions: z.array(z.string().min(1).max(40)).max(50).optional(),
    birthdayMonths: z.array(z.number().int().min(1).max(12)).max(12).optional(),
    /** Members carrying any of these operator tags. */
    tags: z.array(z.string().min(1).max(40)).max(20).optional(),
    recency: Scores.optional(),
    frequency: Scores.optional(),
    monetary: Scores.optional(),
    topSpender: z.boolean().optional(),
    /** Friends they brought who made a first purchase. */
    convertedInvites: Range(0, 1_000_000).optional(),
    /** Coupons used, and mall orders, in the insight's window. */
    couponsUsed: Range(0, 1_000_000).optional(),
    mallOrders: Range(0, 1_000_000).optional(),
  })
  .strict()
export type SegmentFilter = z.infer<typeof SegmentFilter>

/** What a segment is matched against: one member's profile and insight. */
export interface SegmentFacts {
  tierId: string
  lifecycle: Lifecycle
  region: readonly string[]
  /** 'YYYY-MM-DD' or null. */
  birthday: string | null
  tags: readonly string[]
  rfm: { recency: number; frequency: number; monetary: number }
  topSpender: boolean
  convertedInvites: number
  couponsUsed: number
  mallOrders: number
}

const within = (v: number, r: { min?: number; max?: number } | undefined) => !r || ((r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max))
const any = <T>(wanted: readonly T[] | undefined, has: (v: T) => boolean) => !wanted || wanted.length === 0 || wanted.some(has)

export function matches(f: SegmentFilter, m: SegmentFacts): boolean {
  return (
    any(f.tiers, (t) => t === m.tierId) &&
    any(f.lifecycle, (l) => l === m.lifecycle) &&
    any(f.regions, (r) => m.region.includes(r)) &&
    any(f.birthdayMonths, (month) => m.birthday !== null && Number(m.birthday.slice(5, 7)) === month) &&
    any(f.tags, (t) => m.tags.includes(t)) &&
    within(m.rfm.recency, f.recency) &&
    within(m.rfm.frequency, f.frequency) &&
    within(m.rfm.monetary, f.monetary) &&
    (f.topSpender === undefined || f.topSpender === m.topSpender) &&
    within(m.convertedInvites, f.convertedInvites) &&
    within(m.couponsUsed, f.couponsUsed) &&
    within(m.mallOrders, f.mallOrders)
  )
}
