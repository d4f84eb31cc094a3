import type { ShareRules } from './schemas'

/** One friend who registered with an invite code (`referrals/<inviteeMemberId>`: at most one each). */
export interface Referral {
  _id: string
  inviterId: string
  inviteeId: string
  code: string
  status: 'joined' | 'rewarded' | 'over_cap'
  joinedAt: Date
  rewardedAt: Date | null
  /** What triggered the payment: 'registration' or the first purchase's order key. */
  rewardedFor: string | null
}

/** Why an invitation cannot be attributed, if it cannot. */
export function attributionRefusal(args: { inviterId: string | null; inviteeId: string; inviterPhone: string | null; inviteePhone: string }): string | null {
  if (args.inviterId === null) return 'unknown code'
  if (args.inviterId === args.inviteeId) return 'self-invite'
  if (args.inviterPhone !== null && args.inviterPhone === args.inviteePhone) return 'same phone'
  return null
}

/** Whether this referral is paid now, at `event`. */
export function dueNow(rules: ShareRules, referral: Pick<Referral, 'status'>, event: 'registration' | 'purchase'): boolean {
  if (referral.status !== 'joined') return false
  return rules.payOn === 'registration' ? event === 'registration' : event === 'purchase'
}

/** Whether the inviter's cap leaves room for one more paid friend. */
export const underCap = (rules: ShareRules, rewardedSoFar: number) => rules.maxRewardedPerInviter === null || rewardedSoFar < rules.maxRewardedPerInviter
