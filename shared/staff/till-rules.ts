/**
 * Fraud rules at the till, as pure decisions: who may not credit whom, and which credits must wait
 * for a manager. The handlers read the records and the day's running total, and write what these decide.
 */

/** The till limits (from the earning rules config): above either, a credit waits for a manager. */
export interface TillLimits {
  /** One order's amount above this (fen) needs approval. */
  perOrderMaxFen: number
  /** A clerk's credited amount per Asia/Shanghai day above this (fen) needs approval. */
  perStaffDailyFen: number
}

export type SelfCreditReason = 'openid' | 'unionid' | 'phone'

/**
 * Why this staff account may not credit this member, or null. A staff account cannot credit the
 * member account that is itself (same openid or unionid), nor the one with the staff record's phone.
 * (The phone of the staff's own membership needs no check: a phone belongs to one member, so a
 * member with that phone is the staff's own membership, which the openid already names.)
 */
export function selfCredit(
  staff: { openid: string; unionid: string | null; phone: string | null },
  member: { openid: string; unionid: string | null; phone: string },
): SelfCreditReason | null {
  if (staff.openid === member.openid) return 'openid'
  if (staff.unionid && staff.unionid === member.unionid) return 'unionid'
  if (staff.phone === member.phone) return 'phone'
  return null
}

/**
 * Whether a credit of `amountFen` must wait for a manager. `creditedTodayFen` is what this clerk has
 * already credited today without approval; approved credits and refunds do not change it (a refund
 * does not buy back room under the limit).
 */
export function approvalNeeded(amountFen: number, creditedTodayFen: number, limits: TillLimits): 'per_order_limit' | 'daily_limit' | null {
  if (amountFen > limits.perOrderMaxFen) return 'per_order_limit'
  if (creditedTodayFen + amountFen > limits.perStaffDailyFen) return 'daily_limit'
  return null
}
