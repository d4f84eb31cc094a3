import type { TierBadge } from '../member/schemas'
import type { AccrueResult, ApprovalView } from './schemas'

/** What a credit asked for at a till is about: the order, the member, the clerk. */
export interface TillOrderFacts {
  storeId: string
  orderId: string
  memberId: string
  memberNo: string
  amountFen: number
  /** The points this order earns: credited when `credited`, promised while waiting for approval. */
  points: number
  /** The clerk who asked for the credit. */
  staffOpenid: string
}

/**
 * A till order as stored in `orders` (`_id` = `<storeId>:<orderId>`: a POS order number credits once
 * per store). Written in the same transaction as the credit it records.
 */
export interface OrderRecord extends TillOrderFacts {
  _id: string
  status: 'credited' | 'pending_approval' | 'rejected'
  refundedFen: number
  /** floor(points × refundedFen / amountFen): taken back or owed as shortfall. */
  reversedPoints: number
  refunds: OrderRefund[]
  /** The member code it was credited with (its `member_code_uses` key). */
  codeKey: string
  approvalId: string | null
  /** The level this credit lifted the member to, or null (absent on orders from before tiers). */
  upgradedTo?: TierBadge | null
  createdAt: Date
  creditedAt: Date | null
  /** Asia/Shanghai 'YYYY-MM' of creditedAt: the cost report pages a month's sales by it (index). */
  creditedMonth?: string | null
  /** The months of its refunds, each once: the cost report pages a month's refunds by it (index). */
  refundMonths?: string[]
  updatedAt: Date
}

export interface OrderRefund {
  /** The POS refund number, or null when none was given. */
  refundId: string | null
  amountFen: number
  /** Points taken back by this refund, and what could not be (spent: owed as shortfall). */
  pointsReversed: number
  shortfall: number
  /** The `reverse` ledger entry, or null when the rounding left nothing to take back. */
  entryId: string | null
  staffOpenid: string
  at: Date
}

/** An approval as stored in `approvals` (`_id` = the order's key): a credit waiting for a manager. */
export interface ApprovalRecord extends TillOrderFacts {
  _id: string
  staffName: string | null
  reason: ApprovalView['reason']
  status: ApprovalView['status']
  createdAt: Date
  decidedBy: string | null
  decidedAt: Date | null
  rejectReason: string | null
}

export const toAccrueResult = (order: OrderRecord, balance: number, duplicate: boolean): AccrueResult => ({
  orderId: order.orderId,
  status: order.status,
  points: order.status === 'credited' ? order.points : 0,
  balance,
  duplicate,
  approvalId: order.approvalId,
  upgradedTo: order.upgradedTo ?? null,
})

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

export const toApprovalView = (a: ApprovalRecord): ApprovalView => ({
  approvalId: a._id,
  storeId: a.storeId,
  orderId: a.orderId,
  memberId: a.memberId,
  memberNo: a.memberNo,
  amountFen: a.amountFen,
  points: a.points,
  staffOpenid: a.staffOpenid,
  staffName: a.staffName,
  reason: a.reason,
  status: a.status,
  createdAt: new Date(a.createdAt).toISOString(),
  decidedBy: a.decidedBy,
  decidedAt: iso(a.decidedAt),
  rejectReason: a.rejectReason,
})
