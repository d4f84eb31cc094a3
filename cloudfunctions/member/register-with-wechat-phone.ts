import { fail } from '../../shared/errors'
import { Phone } from '../../shared/phone'
import type { Handler } from '../_lib/router'
import { createMember } from './create-member'

/** member.registerWithWeChatPhone {phoneCode, ...profile}: the phone WeChat has verified, no SMS needed. */
export const registerWithWeChatPhone: Handler<'member', 'registerWithWeChatPhone'> = async (input, ctx) => {
  const { phoneCode, ...profile } = input
  const got = await ctx.deps.wechatPhone.phoneFromCode(phoneCode)
  const phone = got && Phone.safeParse(got.phone)
  if (!got || !phone?.success) return fail('WECHAT_PHONE_FAILED')
  return createMember(ctx, { phone: phone.data, phoneSimulated: got.simulated, profile })
}
