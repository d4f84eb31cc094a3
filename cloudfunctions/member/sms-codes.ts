import type { Signer } from '../../shared/member/member-code'
import { hashHex } from '../_lib/secret'

/** One live code per phone (document id = phone) and a daily counter per caller (id = openid). */
export const SMS_CODES = 'sms_codes'
export const SMS_CALLERS = 'sms_callers'

/** Stored instead of the code: keyed by the server secret, so a database reader cannot brute-force it. */
export const smsCodeHash = (sign: Signer, phone: string, code: string) => hashHex(sign, `sms-code/v1|${phone}|${code}`)

/** `doc().set()` refuses a body that carries `_id`. */
export function withoutId<T extends object>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc as T & { _id?: unknown }
  return rest
}
