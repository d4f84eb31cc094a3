import { shanghaiDay } from '../day'

/**
 * Phone verification rules, as pure functions of the stored state and `now`.
 * Only a hash of each code is stored; the handler hashes with the server secret.
 */
export interface SmsPolicy {
  codeTtlMs: number
  resendIntervalMs: number
  /** Sends per phone per Asia/Shanghai day. */
  dailyPerPhone: number
  /** Sends per WeChat identity per Asia/Shanghai day, whatever the phone. */
  dailyPerCaller: number
  /** Wrong entries after which a code is locked and a new one must be requested. */
  maxWrongAttempts: number
}

export const DefaultSmsPolicy: SmsPolicy = {
  codeTtlMs: 5 * 60_000,
  resendIntervalMs: 60_000,
  dailyPerPhone: 10,
  dailyPerCaller: 20,
  maxWrongAttempts: 5,
}

/** The one live code of a phone (document id = phone). `codeHash` is null once the code is used. */
export interface SmsCodeRecord {
  phone: string
  codeHash: string | null
  requestedBy: string
  sentAt: Date
  expiresAt: Date
  wrongAttempts: number
  /** The Asia/Shanghai day `sentToday` counts. */
  day: string
  sentToday: number
}

/** How many codes one WeChat identity requested today (document id = openid). */
export interface SmsCallerQuota {
  openid: string
  day: string
  sentToday: number
}

export type SendDecision =
  | { ok: true; record: SmsCodeRecord; quota: SmsCallerQuota; resendAt: Date }
  | { ok: false; code: 'SMS_TOO_FREQUENT'; retryAt: Date }
  | { ok: false; code: 'SMS_DAILY_LIMIT' }

const countToday = (day: string, stored: { day: string; sentToday: number } | null | undefined) =>
  stored && stored.day === day ? stored.sentToday : 0

/** Whether a new code may be sent now and, if so, the records to store. */
export function decideSend(args: {
  phone: string
  openid: string
  codeHash: string
  now: Date
  previous: SmsCodeRecord | null
  quota: SmsCallerQuota | null
  policy?: SmsPolicy
}): SendDecision {
  const { phone, openid, codeHash, now, previous, quota } = args
  const policy = args.policy ?? DefaultSmsPolicy
  const day = shanghaiDay(now)
  if (previous) {
    const retryAt = new Date(previous.sentAt.getTime() + policy.resendIntervalMs)
    if (now < retryAt) return { ok: false, code: 'SMS_TOO_FREQUENT', retryAt }
  }
  const phoneCount = countToday(day, previous)
  const callerCount = countToday(day, quota)
  if (phoneCount >= policy.dailyPerPhone || callerCount >= policy.dailyPerCaller) return { ok: false, code: 'SMS_DAILY_LIMIT' }
  return {
    ok: true,
    record: {
      phone,
      codeHash,
      requestedBy: openid,
      sentAt: now,
      expiresAt: new Date(now.getTime() + policy.codeTtlMs),
      wrongAttempts: 0,
      day,
      sentToday: phoneCount + 1,
    },
    quota: { openid, day, sentToday: callerCount + 1 },
    resendAt: new Date(now.getTime() + policy.resendIntervalMs),
  }
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; code: 'SMS_CODE_MISSING' | 'SMS_CODE_EXPIRED' | 'SMS_CODE_LOCKED' }
  /** A wrong entry: the handler must store `wrongAttempts` (this is how the lock counts). */
  | { ok: false; code: 'SMS_CODE_WRONG' | 'SMS_CODE_LOCKED'; wrongAttempts: number }

/**
 * Checks a submitted code against the phone's record. A code only works for the identity that
 * requested it, and not after it was used, expired or locked.
 */
export function checkCode(args: {
  record: SmsCodeRecord | null
  openid: string
  submittedHash: string
  now: Date
  policy?: SmsPolicy
}): CodeCheck {
  const { record, openid, submittedHash, now } = args
  const policy = args.policy ?? DefaultSmsPolicy
  if (!record || record.codeHash === null || record.requestedBy !== openid) return { ok: false, code: 'SMS_CODE_MISSING' }
  if (record.wrongAttempts >= policy.maxWrongAttempts) return { ok: false, code: 'SMS_CODE_LOCKED' }
  if (now >= record.expiresAt) return { ok: false, code: 'SMS_CODE_EXPIRED' }
  if (record.codeHash === submittedHash) return { ok: true }
  const wrongAttempts = record.wrongAttempts + 1
  return { ok: false, code: wrongAttempts >= policy.maxWrongAttempts ? 'SMS_CODE_LOCKED' : 'SMS_CODE_WRONG', wrongAttempts }
}

/** The SMS text. The code is its only 6-digit number, so a reader of the local outbox can pick it out. */
export const smsText = (code: string, policy: SmsPolicy = DefaultSmsPolicy) =>
  `【会卡】您的验证码是 ${code}，${Math.round(policy.codeTtlMs / 60_000)} 分钟内有效。如非本人操作，请忽略本短信。`
