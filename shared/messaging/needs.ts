import { addDays } from '../day'
import type { MessageKind } from './kinds'

/** What the needs are read from: the member's points account and tier record, as stored. */
export interface NeedSources {
  /** The Asia/Shanghai day now. */
  today: string
  /** The earning rules' `warningDays`: points expiring within it are warned about. */
  warningDays: number
  /** `accounts.nextExpiryOn`: the soonest last day of any of the member's points. */
  nextExpiryOn: string | null
  /** `member_tiers`' review fields, or null when the member has no tier record. */
  tier: { reviewOn: string | null; graceUntil: string | null; warnedFor: string | null } | null
}

/**
 * The valuable messages due for a member, which cheaper ones must not take the last opt-ins from
 * and which the mini-program asks opt-ins for first: `points-expiry` while points expire within
 * the warning window; `tier-at-risk` once the tier review found the member short of keeping their
 * level (warned for the coming review, `warnedFor` = `reviewOn`) or while they are in grace (a
 * message about the outcome follows). Read from two documents, without the tier programme.
 */
export function pendingNeeds(s: NeedSources): MessageKind[] {
  const needs: MessageKind[] = []
  if (s.nextExpiryOn !== null && s.nextExpiryOn >= s.today && s.nextExpiryOn <= addDays(s.today, s.warningDays)) needs.push('points-expiry')
  const t = s.tier
  if (t && ((t.graceUntil !== null && t.graceUntil > s.today) || (t.reviewOn !== null && t.reviewOn > s.today && t.warnedFor === t.reviewOn))) needs.push('tier-at-risk')
  return needs
}
