import * as z from '../zod'
import { Gender, TierBadge } from '../member/schemas'

export const StaffRole = z.enum(['clerk', 'manager', 'admin'])
export type StaffRole = z.infer<typeof StaffRole>

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

// ---- outputs

export const StaffView = z.object({
  openid: z.string(),
  role: StaffRole,
  storeId: z.string(),
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
  available: z.number().int(),
  pending: z.number().int(),
  /** Coupons the member can use at this store (empty until coupons exist). */
  usableCoupons: z.array(z.object({ code: z.string(), title: z.string(), expiresAt: z.string() })),
  /** True in the member's birthday month (the till may offer a birthday benefit). */
  birthdayMonth: z.boolean(),
})
export type TillMemberView = z.infer<typeof TillMemberView>

export const AccrueResult = z.object({
  orderId: z.string(),
  /** `pending_approval`: above a limit, waits for a manager; no points yet. */
  status: z.enum(['credited', 'pending_approval']),
  points: z.number().int(),
  /** The member's balance after this credit. */
  balance: z.number().int(),
  /** True when this call repeated an order already credited: nothing new was written. */
  duplicate: z.boolean(),
  approvalId: z.string().nullable(),
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
})
export type RefundResult = z.infer<typeof RefundResult>
