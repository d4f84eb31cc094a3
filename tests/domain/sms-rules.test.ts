import { checkCode, decideSend, DefaultSmsPolicy, type SmsCodeRecord } from '../../shared/member/sms-rules'

const NOW = new Date('2027-01-31T10:00:00+08:00')
const at = (ms: number) => new Date(NOW.getTime() + ms)
const send = (over: Partial<Parameters<typeof decideSend>[0]> = {}) =>
  decideSend({ phone: '13812345678', openid: 'o1', codeHash: 'h1', now: NOW, previous: null, quota: null, ...over })

function sent(over: Partial<SmsCodeRecord> = {}): SmsCodeRecord {
  const r = send()
  if (!r.ok) throw new Error('expected a send')
  return { ...r.record, ...over }
}

describe('decideSend', () => {
  test('a first send: 5-minute code, resend after 60 s, counted for the phone and the caller', () => {
    const r = send()
    expect(r).toEqual({
      ok: true,
      record: { phone: '13812345678', codeHash: 'h1', requestedBy: 'o1', sentAt: NOW, expiresAt: at(5 * 60_000), wrongAttempts: 0, day: '2027-01-31', sentToday: 1 },
      quota: { openid: 'o1', day: '2027-01-31', sentToday: 1 },
      resendAt: at(60_000),
    })
  })

  test('not again within 60 s of the last send, whoever asks', () => {
    expect(send({ now: at(59_999), openid: 'o2', previous: sent() })).toEqual({ ok: false, code: 'SMS_TOO_FREQUENT', retryAt: at(60_000) })
    expect(send({ now: at(60_000), previous: sent() }).ok).toBe(true)
  })

  test('a new code replaces the old one and clears its wrong attempts', () => {
    const r = send({ now: at(60_000), codeHash: 'h2', previous: sent({ wrongAttempts: 5 }) })
    expect(r).toMatchObject({ ok: true, record: { codeHash: 'h2', wrongAttempts: 0, sentToday: 2 } })
  })

  test('daily cap per phone, counted per Asia/Shanghai day', () => {
    const full = sent({ sentToday: DefaultSmsPolicy.dailyPerPhone })
    expect(send({ now: at(3_600_000), previous: full })).toEqual({ ok: false, code: 'SMS_DAILY_LIMIT' })
    // 2027-01-31T16:00Z is midnight in Beijing: a new day, counting from 1 again.
    const nextDay = new Date('2027-01-31T16:00:00Z')
    expect(send({ now: nextDay, previous: full })).toMatchObject({ ok: true, record: { day: '2027-02-01', sentToday: 1 } })
  })

  test('daily cap per caller across phones', () => {
    const quota = { openid: 'o1', day: '2027-01-31', sentToday: DefaultSmsPolicy.dailyPerCaller }
    expect(send({ quota })).toEqual({ ok: false, code: 'SMS_DAILY_LIMIT' })
    expect(send({ quota: { ...quota, day: '2027-01-30' } })).toMatchObject({ ok: true, quota: { sentToday: 1 } })
  })
})

describe('checkCode', () => {
  const check = (record: SmsCodeRecord | null, over: Partial<Parameters<typeof checkCode>[0]> = {}) =>
    checkCode({ record, openid: 'o1', submittedHash: 'h1', now: at(1_000), ...over })

  test('the right code from the identity that asked, in time', () => {
    expect(check(sent())).toEqual({ ok: true })
  })

  test('missing: never sent, already used, or asked for by another identity', () => {
    expect(check(null)).toEqual({ ok: false, code: 'SMS_CODE_MISSING' })
    expect(check(sent({ codeHash: null }))).toEqual({ ok: false, code: 'SMS_CODE_MISSING' })
    expect(check(sent(), { openid: 'o2' })).toEqual({ ok: false, code: 'SMS_CODE_MISSING' })
  })

  test('expires exactly 5 minutes after sending', () => {
    expect(check(sent(), { now: at(5 * 60_000 - 1) })).toEqual({ ok: true })
    expect(check(sent(), { now: at(5 * 60_000) })).toEqual({ ok: false, code: 'SMS_CODE_EXPIRED' })
  })

  test('wrong codes count up; the fifth locks; a locked code fails even when right', () => {
    expect(check(sent(), { submittedHash: 'x' })).toEqual({ ok: false, code: 'SMS_CODE_WRONG', wrongAttempts: 1 })
    expect(check(sent({ wrongAttempts: 3 }), { submittedHash: 'x' })).toEqual({ ok: false, code: 'SMS_CODE_WRONG', wrongAttempts: 4 })
    expect(check(sent({ wrongAttempts: 4 }), { submittedHash: 'x' })).toEqual({ ok: false, code: 'SMS_CODE_LOCKED', wrongAttempts: 5 })
    expect(check(sent({ wrongAttempts: 5 }))).toEqual({ ok: false, code: 'SMS_CODE_LOCKED' })
  })
})
