import * as z from '../zod'
import { Gender, TierBadge } from '../member/schemas'
import { TillCouponView } from '../coupon/schemas'

export const StaffRole = z.enum(['clerk', 'manager', 'admin'])
export type StaffRole = z.infer<typeof StaffRole>

import { StoreId } from '../store-id'

export { StoreId }

/** Scanned or typed at a till: digits, spaces allowed between groups. */
export const MemberCodeInput = z
  .string({ error: '请扫描或输入会员码' })
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{16,32}$/, '会员码应为一串数字'))

/** A POS order number: credits once per store. */
export const OrderId = z
  .string({ error: '请输入订单号' })
  .trim()
  .min(1, '请输入订单号')
  .max(64, '订单号最多 64 个字符')
  .regex(/^[\w.:/-]+$/, '订单号只能包含字母、数字和 . _ : / -')

/** Integer fen, positive, at most ¥1,000,000 per order: anything larger is a typo or an attack. */
export const AmountFen = z
  .number({ error: '金额必须是数字（单位：分）' })
  .int('金额必须是整数（单位：分）')
  .positive('金额必须大于 0')
  .max(100_000_000, '金额过大：单笔不能超过 100 万元')

export const LookupInput = z.object({ memberCode: MemberCodeInput })
export const AccrueInput = z.object({ memberCode: MemberCodeInput, orderId: OrderId, amountFen: AmountFen })
export type AccrueInput = z.infer<typeof AccrueInput>
export const RefundInput = z.object({
  orderId: OrderId,
  /** This refund's amount (partial refunds add up; never more than the order). */
  amountFen: AmountFen,
  /** The POS refund number or a client request id: a retried call with the same id changes nothing. */
  refundId: OrderId.optional(),
})
export type RefundInput = z.infer<typeof RefundInput>

export const ApprovalStatus = z.enum(['pending', 'approved', 'rejected'])
export type ApprovalStatus = z.infer<typeof ApprovalStatus>

/** An approval's id: the `approvalId` an accrue or the approvals list returned. */
export const ApprovalId = z.string({ error: '缺少审批单号' }).trim().min(1, '缺少审批单号').max(120)

/** Managers: their own store (omit `storeId`); admins: any store, or every store when omitted. */
export const ApprovalsInput = z.object({ status: ApprovalStatus.default('pending'), storeId: StoreId.optional() })
export type ApprovalsInput = z.infer<typeof ApprovalsInput>
export const ApproveInput = z.object({ approvalId: ApprovalId })
export const RejectInput = z.object({
  approvalId: ApprovalId,
  reason: z.string({ error: '请填写驳回原因' }).trim().min(1, '请填写驳回原因').max(200, '驳回原因最多 200 个字'),
})

export const AnomaliesInput = z.object({
  /** How many Asia/Shanghai days back, today included. */
  days: z.number().int().min(1).max(31).default(7),
  storeId: StoreId.optional(),
})
export type AnomaliesInput = z.infer<typeof AnomaliesInput>

// ---- outputs

export const StaffView = z.object({
  openid: z.string(),
  role: StaffRole,
  storeId: z.string(),
  /** The store's name from `store add`; null when the store has no record. */
  storeName: z.string().nullable(),
  name: z.string().nullable(),
})
export type StaffView = z.infer<typeof StaffView>

/** The member as a till should show them: enough to serve, nothing more (the phone is masked). */
export const TillMemberView = z.object({
  memberId: z.string(),
  memberNo: z.string(),
  nickname: z.string(),
  phone: z.string(),
  gender: Gender,
  tier: TierBadge,
  /** The level's benefits the till should apply or offer: percent off (5 = 95折), free items, and the birthday gift in the birthday month. */
  perks: z.object({ discountPercent: z.number().int(), freeItems: z.array(z.string()), birthdayGift: z.string().nullable() }),
  available: z.number().int(),
  pending: z.number().int(),
  /** Coupons the member can use at this store today, soonest to expire first. */
  usableCoupons: z.array(TillCouponView),
  /** True in the member's birthday month (the till may offer a birthday benefit). */
  birthdayMonth: z.boolean(),
})
export type TillMemberView = z.infer<typeof TillMemberView>

export const AccrueResult = z.object({
  orderId: z.string(),
  /**
   * `pending_approval`: above a limit, waits for a manager; no points yet (`points` is 0).
   * `rejected`: a manager refused it (only seen when the order is sent again).
   */
  status: z.enum(['credited', 'pending_approval', 'rejected']),
  /** Points credited to the member for this order (0 unless `credited`). */
  points: z.number().int(),
  /** The member's balance after this credit. */
  balance: z.number().int(),
  /** True when this call repeated an order already credited: nothing new was written. */
  duplicate: z.boolean(),
  approvalId: z.string().nullable(),
  /** The level this credit lifted the member to (the till congratulates them), or null. */
  upgradedTo: TierBadge.nullable(),
})
export type AccrueResult = z.infer<typeof AccrueResult>

export const RefundResult = z.object({
  orderId: z.string(),
  /** Total refunded on this order so far, this call included. */
  refundedFen: z.number().int(),
  /** Points taken back by this call. */
  pointsReversed: z.number().int(),
  /** Points that could not be taken back (already spent) and are owed against later earnings. */
  shortfall: z.number().int(),
  balance: z.number().int(),
  /** True when this call repeated a refund already made (same refundId): nothing new was written. */
  duplicate: z.boolean(),
})
export type RefundResult = z.infer<typeof RefundResult>

export const ApprovalReason = z.enum([
  'per_order_limit', // the order's amount is above the per-order limit
  'daily_limit', // the clerk's credited total today would pass the per-staff daily limit
])

export const ApprovalView = z.object({
  approvalId: z.string(),
  storeId: z.string(),
  orderId: z.string(),
  memberId: z.string(),
  memberNo: z.string(),
  amountFen: z.number().int(),
  /** Points the member gets if approved (computed when the credit was asked for). */
  points: z.number().int(),
  staffOpenid: z.string(),
  staffName: z.string().nullable(),
  reason: ApprovalReason,
  status: ApprovalStatus,
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
})
export type ApprovalView = z.infer<typeof ApprovalView>

export const ApprovalsResult = z.object({ approvals: z.array(ApprovalView) })
export type ApprovalsResult = z.infer<typeof ApprovalsResult>

export const AnomalyKind = z.enum([
  'burst', // many credits by one clerk within a few minutes
  'outside_hours', // credits outside the store's opening hours
  'member_concentration', // one member credited by one clerk far more than usual
])
export type AnomalyKind = z.infer<typeof AnomalyKind>

export const AnomalyView = z.object({
  kind: AnomalyKind,
  storeId: z.string(),
  staffOpenid: z.string(),
  /** For member_concentration: the member; otherwise null. */
  memberId: z.string().nullable(),
  orderIds: z.array(z.string()),
  count: z.number().int(),
  amountFen: z.number().int(),
  /** First and last credit concerned (ISO). */
  from: z.string(),
  to: z.string(),
  /** One line in Chinese for the manager. */
  detail: z.string(),
})
export type AnomalyView = z.infer<typeof AnomalyView>

export const AnomaliesResult = z.object({ from: z.string(), to: z.string(), anomalies: z.array(AnomalyView) })
export type AnomaliesResult = z.infer<typeof AnomaliesResult>
