import * as z from '../zod'
import { TemplateId } from '../coupon/schemas'

const Month = z.string({ error: '请选择月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')

/** A bonus on a day of the streak (day 7: +30 points, maybe a coupon). */
export const StreakReward = z
  .object({
    day: z.number().int().min(1).max(366),
    points: z.number().int().min(0).max(100_000).default(0),
    couponTemplateId: TemplateId.nullable().default(null),
  })
  .strict()
export type StreakReward = z.infer<typeof StreakReward>

/**
 * The sign-in programme (`config/signin`; these defaults without one). A streak counts consecutive
 * Asia/Shanghai days; with `cycleDays` the bonuses repeat every cycle (day 8 is day 1 again).
 */
export const SigninRules = z
  .object({
    dailyPoints: z.number().int().min(0).max(100_000).default(5),
    streakRewards: z.array(StreakReward).max(31).default([
      { day: 3, points: 10, couponTemplateId: null },
      { day: 7, points: 30, couponTemplateId: null },
    ]),
    /** Bonuses repeat every this many days of a streak (null: each bonus once per streak). */
    cycleDays: z.number().int().min(1).max(366).nullable().default(7),
    /** Days a sign-in's points stay usable. */
    pointsValidDays: z.number().int().min(1).max(3660).default(365),
  })
  .strict()
  .superRefine((r, ctx) => {
    const days = r.streakRewards.map((x) => x.day)
    if (new Set(days).size !== days.length) ctx.addIssue({ code: 'custom', path: ['streakRewards'], message: '连续签到奖励的天数不能重复' })
    if (r.cycleDays !== null)
      r.streakRewards.forEach((x, i) => {
        if (x.day > r.cycleDays!) ctx.addIssue({ code: 'custom', path: ['streakRewards', i, 'day'], message: `奖励天数不能超过周期（${r.cycleDays} 天）` })
      })
  })
export type SigninRules = z.infer<typeof SigninRules>
export const DefaultSigninRules: SigninRules = SigninRules.parse({})

// ---- inputs

export const CalendarInput = z.object({ month: Month.optional() })

// ---- outputs

/** What one day of the streak pays: the daily points plus that day's bonus. */
export const DayReward = z.object({
  day: z.string(),
  /** The streak that day would reach. */
  streak: z.number().int(),
  points: z.number().int(),
  bonusPoints: z.number().int(),
  couponTemplateId: z.string().nullable(),
})
export type DayReward = z.infer<typeof DayReward>

export const CheckInResult = z.object({
  day: z.string(),
  streak: z.number().int(),
  /** What this check-in earned (for a repeat: what today's check-in earned). */
  points: z.number().int(),
  bonusPoints: z.number().int(),
  couponCodes: z.array(z.string()),
  /** True when the caller had already checked in today: nothing more was given. */
  already: z.boolean(),
  balance: z.number().int(),
  /** The next days' rewards if the streak goes on. */
  upcoming: z.array(DayReward),
})
export type CheckInResult = z.infer<typeof CheckInResult>

export const CalendarResult = z.object({
  month: z.string(),
  today: z.string(),
  /** Every day of the month the caller checked in, with what it earned. */
  signed: z.array(z.object({ day: z.string(), streak: z.number().int(), points: z.number().int() })),
  signedToday: z.boolean(),
  /** The streak as of today (0 when it was broken: no check-in yesterday or today). */
  streak: z.number().int(),
  upcoming: z.array(DayReward),
  rules: z.object({ dailyPoints: z.number().int(), cycleDays: z.number().int().nullable(), streakRewards: z.array(StreakReward) }),
})
export type CalendarResult = z.infer<typeof CalendarResult>
