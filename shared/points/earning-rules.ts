import { addDays, isoWeekday } from '../day'
import * as z from '../zod'

import { Multiplier } from './multiplier'

export { Multiplier }

/** `points` points for every `yuan` yuan: 1:1 is {yuan:1, points:1}; "10 points per yuan" is {yuan:1, points:10}. */
export const Rate = z.object({
  yuan: z.number().int().min(1).max(10_000),
  points: z.number().int().min(0).max(10_000),
})
export type Rate = z.infer<typeof Rate>

/** How long a lot lasts: a number of days after the day it was earned, or to the end of a later year. */
export const Validity = z.discriminatedUnion('kind', [
  /** Last usable day = earned day + days. */
  z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3660) }),
  /** Last usable day = 31 December of (earned year + years): years 1 = "end of next year". */
  z.object({ kind: z.literal('yearEnd'), years: z.number().int().min(0).max(10) }),
])
export type Validity = z.infer<typeof Validity>

/**
 * The earning configuration (`config` collection, `_id: 'earning'`). Every field has a default, so
 * an absent document or a partial one gives a complete set of rules.
 */
export const EarningRules = z.object({
  rate: Rate.default({ yuan: 1, points: 1 }),
  /** One weekday (Asia/Shanghai; 1 = Monday … 7 = Sunday) with its multiplier, or none. */
  memberDay: z.object({ weekday: z.number().int().min(1).max(7), multiplier: Multiplier }).nullable().default(null),
  /** Applies during the calendar month of the member's birthday. */
  birthdayMonthMultiplier: Multiplier.default('1'),
  /** `highest`: only the largest applicable multiplier applies; `multiply`: they stack. */
  combine: z.enum(['highest', 'multiply']).default('highest'),
  /** Per-store overrides: a store's own rate and/or an extra multiplier (combined like the others). */
  stores: z.record(z.string(), z.object({ rate: Rate.optional(), multiplier: Multiplier.optional() })).default({}),
  validity: Validity.default({ kind: 'yearEnd', years: 1 }),
  /** Days a purchase's points wait (the refund window) before they can be spent; 0 = at once. */
  pendingDays: z.number().int().min(0).max(365).default(0),
  /** `points.summary` counts points expiring within this many days as "expiring soon". */
  expiringSoonDays: z.number().int().min(1).max(366).default(30),
  /** The warning job messages members whose points expire within this many days. */
  warningDays: z.number().int().min(1).max(366).default(7),
  /** Till limits (the staff function): above either, a credit waits for a manager's approval. */
  till: z
    .object({
      perOrderMaxFen: z.number().int().positive().default(500_000),
      perStaffDailyFen: z.number().int().positive().default(5_000_000),
    })
    .default({ perOrderMaxFen: 500_000, perStaffDailyFen: 5_000_000 }),
})
export type EarningRules = z.infer<typeof EarningRules>

/** The rules used when no `config/earning` document exists. */
export const DefaultEarningRules: EarningRules = EarningRules.parse({})

const BP = BigInt(10_000)
/** '1.25' → 12500n basis points, exactly. */
export function multiplierToBp(m: Multiplier): bigint {
  const [whole, frac = ''] = m.split('.')
  return BigInt(whole) * BP + BigInt(frac.padEnd(4, '0'))
}
/** 12500n → '1.25'. */
export function bpToMultiplier(bp: bigint): Multiplier {
  const whole = bp / BP
  const frac = (bp % BP).toString().padStart(4, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : `${whole}`
}

export interface MultiplierApplied {
  kind: 'tier' | 'memberDay' | 'birthdayMonth' | 'store'
  value: Multiplier
}

export interface PointsForPurchase {
  points: number
  /** The multiplier that was applied, combined, as an exact decimal. */
  multiplier: Multiplier
  breakdown: { rate: Rate; basePoints: number; multipliers: MultiplierApplied[]; combine: EarningRules['combine'] }
}

/**
 * Points for a purchase of `amountFen` on `today` (Asia/Shanghai day).
 * points = floor(amountFen × rate.points ÷ (rate.yuan × 100) × multiplier), computed exactly in
 * integers and rounded DOWN once, at the end: ¥9.99 at 1:1 earns 9, never 10. `basePoints` in the
 * breakdown is the same formula with multiplier 1.
 */
export function pointsForPurchase(args: {
  amountFen: number
  rules: EarningRules
  /** The member's level's points multiplier (tier benefits, shared/tier/programme.ts), or null. */
  tierMultiplier: Multiplier | null
  storeId: string | null
  /** The member's birthday, YYYY-MM-DD, or null. */
  birthday: string | null
  today: string
}): PointsForPurchase {
  const { amountFen, rules, today } = args
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new Error(`amountFen must be a non-negative integer, got ${amountFen}`)
  const store = args.storeId !== null ? rules.stores[args.storeId] : undefined
  const rate = store?.rate ?? rules.rate

  const applied: MultiplierApplied[] = []
  if (args.tierMultiplier !== null) applied.push({ kind: 'tier', value: args.tierMultiplier })
  if (rules.memberDay && isoWeekday(today) === rules.memberDay.weekday) applied.push({ kind: 'memberDay', value: rules.memberDay.multiplier })
  if (args.birthday && args.birthday.slice(5, 7) === today.slice(5, 7)) applied.push({ kind: 'birthdayMonth', value: rules.birthdayMonthMultiplier })
  if (store?.multiplier !== undefined) applied.push({ kind: 'store', value: store.multiplier })

  const bps = applied.map((a) => multiplierToBp(a.value))
  let combined = BP
  let scale = BP
  if (rules.combine === 'highest') {
    // The largest of those that apply (×1 when none do), so a multiplier below 1 still works alone.
    if (bps.length > 0) combined = bps.reduce((max, bp) => (bp > max ? bp : max))
  } else {
    for (const bp of bps) {
      combined *= bp
      scale *= BP
    }
  }
  const numerator = BigInt(amountFen) * BigInt(rate.points)
  const denominator = BigInt(rate.yuan) * BigInt(100)
  const points = Number((numerator * combined) / (denominator * scale))
  const multiplier = bpToMultiplier((combined * BP) / scale)
  return {
    points,
    multiplier,
    breakdown: { rate, basePoints: Number(numerator / denominator), multipliers: applied, combine: rules.combine },
  }
}

/**
 * The dates of a lot earned on `today`: its last usable day (`expiresOn`, inclusive) and, when
 * the rules hold purchase points back, the day they become spendable (`availableOn`).
 */
export function lotDates(rules: EarningRules, today: string): { expiresOn: string; availableOn: string | null } {
  const v = rules.validity
  const expiresOn = v.kind === 'days' ? addDays(today, v.days) : `${Number(today.slice(0, 4)) + v.years}-12-31`
  return { expiresOn, availableOn: rules.pendingDays > 0 ? addDays(today, rules.pendingDays) : null }
}
