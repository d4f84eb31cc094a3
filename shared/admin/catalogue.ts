import * as z from '../zod'
import { Phone } from '../phone'
import { StaffRole, StoreId } from '../staff/schemas'
import { isClockTime } from '../staff/staff-record'

/** What the console saves for a store and a staff account (the other catalogue kinds use their own schemas). */

const ClockTime = z.string().refine(isClockTime, '时间格式为 HH:mm，例如 09:30')

export const StoreInput = z
  .object({
    id: StoreId,
    name: z.string({ error: '请输入门店名称' }).trim().min(1, '请输入门店名称').max(40, '门店名称最多 40 个字'),
    /** Asia/Shanghai wall clock; credits outside them are flagged for the manager. */
    hours: z.object({ open: ClockTime, close: ClockTime }).nullable().default(null),
    /** The mall operator this store is a tenant of (settlement per tenant). */
    mallId: z
      .string()
      .trim()
      .regex(/^[\w-]{1,32}$/, '商场编号只能包含字母、数字、_ 和 -')
      .nullable()
      .default(null),
  })
  .strict()
export type StoreInput = z.infer<typeof StoreInput>

export const StaffInput = z
  .object({
    openid: z.string().trim().regex(/^[\w.@:-]{1,128}$/, '请输入员工的 openid'),
    role: StaffRole,
    storeId: StoreId,
    name: z.string().trim().max(40, '姓名最多 40 个字').nullable().default(null),
    phone: Phone.nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict()
export type StaffInput = z.infer<typeof StaffInput>
