import { fail, ok } from '../../shared/errors'
import { decideSend, smsText, type SendDecision, type SmsCallerQuota, type SmsCodeRecord } from '../../shared/member/sms-rules'
import type { Deps } from '../_lib/deps'
import type { Handler } from '../_lib/router'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import { SMS_CALLERS, SMS_CODES, smsCodeHash, withoutId } from './sms-codes'

/** member.sendCode {phone}: a fresh 6-digit code by SMS, within the resend interval and daily caps. */
export const sendCode: Handler<'member', 'sendCode'> = async ({ phone }, { deps, identity, now }) => {
  const code = deps.ids.smsCode()
  const codeHash = smsCodeHash(deps.sign, phone, code)
  type Sent = { decision: SendDecision; previous: SmsCodeRecord | null; quota: SmsCallerQuota | null }
  const { decision, previous, quota } = await withTransaction<Sent>(deps.db, async (tx) => {
    const previous = (await tx.collection(SMS_CODES).doc(phone).get()).data as SmsCodeRecord | null
    const quota = (await tx.collection(SMS_CALLERS).doc(identity.openid).get()).data as SmsCallerQuota | null
    const decision = decideSend({ phone, openid: identity.openid, codeHash, now, previous, quota })
    if (!decision.ok) return rollback({ decision, previous, quota })
    await tx.collection(SMS_CODES).doc(phone).set(decision.record)
    await tx.collection(SMS_CALLERS).doc(identity.openid).set(decision.quota)
    return commit({ decision, previous, quota })
  })
  if (!decision.ok) {
    if (decision.code === 'SMS_DAILY_LIMIT') return fail('SMS_DAILY_LIMIT')
    const seconds = Math.max(1, Math.ceil((decision.retryAt.getTime() - now.getTime()) / 1000))
    return fail('SMS_TOO_FREQUENT', `验证码发送太频繁，请 ${seconds} 秒后再试`)
  }
  try {
    await deps.sms.send({ to: phone, template: 'verify-code', text: smsText(code), data: { code } })
  } catch (err) {
    deps.log.error(`member.sendCode: SMS to ${phone.slice(0, 3)}**** not sent`, err)
    await undoSend(deps, phone, identity.openid, codeHash, previous, quota)
    return fail('SMS_SEND_FAILED')
  }
  return ok({
    resendAt: decision.resendAt.toISOString(),
    expiresAt: decision.record.expiresAt.toISOString(),
  })
}

/** A code that never left must not count against the interval or the caps: put back what was there. */
async function undoSend(
  deps: Deps,
  phone: string,
  openid: string,
  codeHash: string,
  previous: SmsCodeRecord | null,
  quota: SmsCallerQuota | null,
) {
  await withTransaction(deps.db, async (tx) => {
    const codes = tx.collection(SMS_CODES).doc(phone)
    const current = (await codes.get()).data as SmsCodeRecord | null
    // Only if nobody has sent a newer code since.
    if (current?.codeHash !== codeHash) return rollback(undefined)
    if (previous) await codes.set(withoutId(previous))
    else await codes.remove()
    const caller = tx.collection(SMS_CALLERS).doc(openid)
    if (quota) await caller.set(withoutId(quota))
    else await caller.remove()
    return commit(undefined)
  })
}
