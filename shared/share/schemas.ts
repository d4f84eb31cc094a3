import * as z from '../zod'
import { TemplateId } from '../coupon/schemas'

/** An invite code: 8 Crockford base32 characters (the same reading rules as coupon codes). */
export const InviteCode = z
  .string()
  .transform((s) =>
    s
      .replace(/[\s-]+/g, '')
      .toUpperCase()
      .replace(/[IL]/g, '1')
      .replace(/O/g, '0'),
  )
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{8}$/, '邀请码应为 8 位字母和数字'))

/** What each side of an invitation earns. */
export const InviteReward = z
  .object({
    points: z.number().int().min(0).max(1_000_000).default(0),
    couponTemplateId: TemplateId.nullable().default(null),
  })
  .strict()

/**
 * The invitation programme (`config/share`; these defaults without one). With `payOn:
 * 'first_purchase'` nothing is paid until the friend's first credited purchase, so sign-ups made
 * only to earn rewards earn nothing.
 */
export const ShareRules = z
  .object({
    inviter: InviteReward.default({ points: 100, couponTemplateId: null }),
    invitee: InviteReward.default({ points: 50, couponTemplateId: null }),
    payOn: z.enum(['registration', 'first_purchase']).default('first_purchase'),
    /** Friends an inviter is paid for in all (null: no cap); more may still join. */
    maxRewardedPerInviter: z.number().int().min(1).max(100_000).nullable().default(50),
  })
  .strict()
export type ShareRules = z.infer<typeof ShareRules>
export const DefaultShareRules: ShareRules = ShareRules.parse({})

// ---- outputs

export const InviteResult = z.object({
  code: z.string(),
  /** The page a friend opens (the mini-program path with the code). */
  path: z.string(),
  /** The mini-program code image as a data URL (in the cloud: WeChat's unlimited code; locally: a QR of the H5 link). */
  image: z.string(),
  /** The title of the share card. */
  title: z.string(),
  rules: z.object({ inviterPoints: z.number().int(), inviteePoints: z.number().int(), payOn: z.enum(['registration', 'first_purchase']) }),
})
export type InviteResult = z.infer<typeof InviteResult>

export const StatsResult = z.object({
  code: z.string().nullable(),
  /** Friends who registered with the caller's code. */
  joined: z.number().int(),
  /** Of them, those whose reward has been paid. */
  rewarded: z.number().int(),
  /** Joined but waiting for their first purchase. */
  pending: z.number().int(),
  pointsEarned: z.number().int(),
  /** `status`: joined (not paid yet), rewarded, or over_cap (joined after the inviter's cap was reached: never paid). */
  friends: z.array(z.object({ nickname: z.string(), joinedAt: z.string(), rewarded: z.boolean(), status: z.enum(['joined', 'rewarded', 'over_cap']) })),
})
export type StatsResult = z.infer<typeof StatsResult>
