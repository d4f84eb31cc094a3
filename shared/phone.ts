import * as z from './zod'

/** A mainland China mobile number: 11 digits starting 13–19. */
export const Phone = z
  .string({ error: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入正确的 11 位手机号')
export type Phone = z.infer<typeof Phone>

/** 13812345678 → 138****5678. Shown everywhere except to the phone's owner. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}
