import type { Handler } from '../_lib/router'
import { createMember } from './create-member'
import { smsCodeHash } from './sms-codes'

/** member.register {phone, smsCode, ...profile}: phone verified by the SMS code from sendCode. */
export const register: Handler<'member', 'register'> = async (input, ctx) => {
  const { phone, smsCode, ...profile } = input
  return createMember(ctx, { phone, phoneSimulated: false, profile, smsCodeHash: smsCodeHash(ctx.deps.sign, phone, smsCode) })
}
