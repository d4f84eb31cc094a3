/**
 * Proportional reversal of an order's points on refund. Rounding is cumulative: after refunds
 * totalling R of an order of A fen that earned P points, exactly floor(P × R / A) points have been
 * reversed. So partial refunds never take back more than was credited, and a full refund takes back
 * all of it, whatever the split.
 */
export interface RefundableOrder {
  amountFen: number
  points: number
  refundedFen: number
  reversedPoints: number
}

export type RefundPlan =
  | { ok: true; refundedFen: number; reversedPoints: number; reverseNow: number }
  | { ok: false; code: 'REFUND_EXCEEDS_ORDER'; refundableFen: number }

export function planRefund(order: RefundableOrder, refundFen: number): RefundPlan {
  const refundableFen = order.amountFen - order.refundedFen
  if (refundFen > refundableFen) return { ok: false, code: 'REFUND_EXCEEDS_ORDER', refundableFen }
  const refundedFen = order.refundedFen + refundFen
  // Integers below 2^53: points ≤ ~10^9 and fen ≤ 10^8 keep the product exact.
  const reversedPoints = Math.floor((order.points * refundedFen) / order.amountFen)
  return { ok: true, refundedFen, reversedPoints, reverseNow: reversedPoints - order.reversedPoints }
}
