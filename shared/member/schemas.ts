import * as z from '../zod'
import { Phone } from '../phone'

export const SmsCode = z.string({ error: '请输入验证码' }).trim().regex(/^\d{6}$/, '验证码是 6 位数字')

export const Nickname = z.string().trim().min(1, '昵称不能为空').max(20, '昵称最多 20 个字')

/** Calendar date YYYY-MM-DD, a real day (no 02-30). */
export const Birthday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '生日格式应为 YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number)
    const dt = new Date(Date.UTC(y, m - 1, d))
    return y >= 1900 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
  }, '生日不是有效日期')

export const Gender = z.enum(['male', 'female', 'unknown'], { error: '性别取值无效' })

/** [province, city?, district?] as WeChat's region picker returns it. */
export const Region = z.array(z.string().trim().min(1).max(20)).min(1).max(3, '地区最多三级')

const ProfileFields = {
  nickname: Nickname.optional(),
  birthday: Birthday.optional(),
  gender: Gender.optional(),
  region: Region.optional(),
}

// ---- inputs (the `action` key is stripped by the router before parsing)

export const SendCodeInput = z.object({ phone: Phone })
export type SendCodeInput = z.infer<typeof SendCodeInput>

export const RegisterInput = z.object({
  phone: Phone,
  smsCode: SmsCode,
  ...ProfileFields,
  invite: z.string().trim().min(1).max(32).optional(),
})
export type RegisterInput = z.infer<typeof RegisterInput>

export const RegisterWithWeChatPhoneInput = z.object({
  phoneCode: z.string({ error: '缺少微信手机号凭证' }).min(1).max(256),
  ...ProfileFields,
  invite: z.string().trim().min(1).max(32).optional(),
})
export type RegisterWithWeChatPhoneInput = z.infer<typeof RegisterWithWeChatPhoneInput>

export const UpdateProfileInput = z
  .object({ ...ProfileFields })
  .refine((v) => Object.values(v).some((x) => x !== undefined), '请至少修改一项资料')
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>

export const Empty = z.object({}).passthrough()

// ---- outputs

export const TierBadge = z.object({
  id: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
})
export type TierBadge = z.infer<typeof TierBadge>

export const MemberView = z.object({
  memberId: z.string(),
  /** 10-digit number printed on the card and typed at a till. */
  memberNo: z.string(),
  /** Full to its owner, masked (138****5678) to everyone else. */
  phone: z.string(),
  phoneSimulated: z.boolean(),
  nickname: z.string(),
  birthday: z.string().nullable(),
  gender: Gender,
  region: z.array(z.string()),
  tier: TierBadge,
  points: z.number().int(),
  couponCount: z.number().int(),
  registeredAt: z.string(),
})
export type MemberView = z.infer<typeof MemberView>

export const SendCodeResult = z.object({
  /** ISO time after which another code may be requested. */
  resendAt: z.string(),
  expiresAt: z.string(),
})
export type SendCodeResult = z.infer<typeof SendCodeResult>

export const RegisterResult = z.object({ member: MemberView, created: z.boolean() })
export type RegisterResult = z.infer<typeof RegisterResult>

export const MemberCodeResult = z.object({
  /** Digits only, so one string serves the QR code, the Code 128 barcode and a typed entry. */
  code: z.string(),
  expiresAt: z.string(),
})
export type MemberCodeResult = z.infer<typeof MemberCodeResult>
