import { definition } from '../../cloudfunctions/member'
import { cryptoIds } from '../../cloudfunctions/_lib/ids'
import { RegisterResult, SendCodeResult } from '../../shared/member/schemas'
import { lastCode, MEMBER_COLLECTIONS, openHarness, type Harness } from './harness'

const PHONE = '13812345678'
const ALICE = 'openid-alice'
const BOB = 'openid-bob'
const MINUTE = 60_000

let h: Harness
beforeEach(() => {
  h = openHarness(definition)
})
afterEach(() => h.close())

async function sendAndRegister(openid: string, phone = PHONE, extra: object = {}) {
  expect(await h.call(openid, { action: 'sendCode', phone })).toMatchObject({ ok: true })
  return h.call(openid, { action: 'register', phone, smsCode: lastCode(h, phone), ...extra })
}

describe('member.sendCode', () => {
  test('sends a 6-digit code by SMS and stores only a hash of it', async () => {
    const res = await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    expect(res.ok).toBe(true)
    const data = SendCodeResult.parse(res.ok && res.data)
    expect(data.expiresAt).toBe(new Date(h.clock.now().getTime() + 5 * MINUTE).toISOString())
    expect(data.resendAt).toBe(new Date(h.clock.now().getTime() + MINUTE).toISOString())

    const [sms] = h.outbox.list()
    expect(sms).toMatchObject({ channel: 'sms', to: PHONE, template: 'verify-code', at: h.clock.now().toISOString() })
    const code = lastCode(h, PHONE)
    expect(code).toMatch(/^\d{6}$/)
    expect(sms.data.code).toBe(code)

    const stored = h.store.rawGet('sms_codes', PHONE)!
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(stored)).not.toContain(code)
  })

  test('one send per phone per 60 s, whoever asks', async () => {
    expect((await h.call(ALICE, { action: 'sendCode', phone: PHONE })).ok).toBe(true)
    h.advance(59_000)
    const again = await h.call(BOB, { action: 'sendCode', phone: PHONE })
    expect(again).toMatchObject({ ok: false, error: { code: 'SMS_TOO_FREQUENT' } })
    expect(!again.ok && again.error.message).toContain('1 秒')
    h.advance(1_000)
    expect((await h.call(ALICE, { action: 'sendCode', phone: PHONE })).ok).toBe(true)
    expect(h.outbox.list()).toHaveLength(2)
  })

  test('caps sends per phone per Asia/Shanghai day, and the cap resets at Beijing midnight', async () => {
    h.clock.set(new Date('2027-01-31T12:00:00+08:00'), { frozen: true })
    for (let i = 0; i < 10; i++) {
      expect((await h.call(`caller-${i}`, { action: 'sendCode', phone: PHONE })).ok).toBe(true)
      h.advance(MINUTE)
    }
    expect(await h.call('caller-x', { action: 'sendCode', phone: PHONE })).toMatchObject({ ok: false, error: { code: 'SMS_DAILY_LIMIT' } })
    // 23:59:59 Beijing time is still the same day; midnight Beijing (16:00 UTC) is a new one.
    h.clock.set(new Date('2027-01-31T23:59:59+08:00'), { frozen: true })
    expect(await h.call('caller-x', { action: 'sendCode', phone: PHONE })).toMatchObject({ ok: false, error: { code: 'SMS_DAILY_LIMIT' } })
    h.clock.set(new Date('2027-01-31T16:00:00Z'), { frozen: true })
    expect((await h.call('caller-x', { action: 'sendCode', phone: PHONE })).ok).toBe(true)
  })

  test('caps sends per caller per day, whatever the phone', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await h.call(ALICE, { action: 'sendCode', phone: `139000000${String(i).padStart(2, '0')}` })).ok).toBe(true)
    }
    const before = h.snapshot(...MEMBER_COLLECTIONS)
    expect(await h.call(ALICE, { action: 'sendCode', phone: '13900000099' })).toMatchObject({ ok: false, error: { code: 'SMS_DAILY_LIMIT' } })
    expect(h.snapshot(...MEMBER_COLLECTIONS)).toBe(before)
    expect((await h.call(BOB, { action: 'sendCode', phone: '13900000099' })).ok).toBe(true)
  })

  test('a send the SMS provider refuses answers SMS_SEND_FAILED and leaves no trace, so it can be retried at once', async () => {
    const failing = openHarness(definition, { sms: { send: async () => Promise.reject(new Error('provider down')) } })
    try {
      const res = await failing.call(ALICE, { action: 'sendCode', phone: PHONE })
      expect(res).toEqual({ ok: false, error: { code: 'SMS_SEND_FAILED', message: '短信发送失败，请稍后再试' } })
      expect(failing.snapshot(...MEMBER_COLLECTIONS)).toBe('[[],[],[]]')
      expect(failing.errors).toHaveLength(1)
      expect(String(failing.errors[0].message)).not.toContain(PHONE)
    } finally {
      failing.close()
    }
  })

  test('rejects a malformed phone with a Chinese message naming the field', async () => {
    const res = await h.call(ALICE, { action: 'sendCode', phone: '1234' })
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请输入正确的 11 位手机号（phone）', field: 'phone' } })
  })
})

describe('member.register', () => {
  test('creates the member with the verified phone and profile, and consumes the code', async () => {
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    const smsCode = lastCode(h, PHONE)
    const res = await h.call(ALICE, {
      action: 'register',
      phone: PHONE,
      smsCode,
      nickname: '小会',
      birthday: '1990-05-20',
      gender: 'female',
      region: ['上海市', '上海市', '徐汇区'],
      invite: 'INV123',
    })
    expect(res.ok).toBe(true)
    const { member, created } = RegisterResult.parse(res.ok && res.data)
    expect(created).toBe(true)
    expect(member).toMatchObject({
      phone: PHONE,
      phoneSimulated: false,
      nickname: '小会',
      birthday: '1990-05-20',
      gender: 'female',
      region: ['上海市', '上海市', '徐汇区'],
      tier: { id: 'basic', name: { zh: '青柚会员', en: 'Pomelo' } },
      points: 0,
      couponCount: 0,
      registeredAt: h.clock.now().toISOString(),
    })
    expect(member.memberNo).toMatch(/^[1-9]\d{9}$/)

    const stored = h.store.rawFind('members')
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ _id: member.memberId, openid: ALICE, phone: PHONE, invite: 'INV123', memberNo: member.memberNo })
    expect(h.store.rawGet('sms_codes', PHONE)!.codeHash).toBeNull()
  })

  test('a repeat returns the same member with created:false', async () => {
    const first = await sendAndRegister(ALICE)
    const again = await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: '000000' })
    expect(again).toEqual({ ok: true, data: { member: (first as any).data.member, created: false } })
    expect(h.store.rawCount('members')).toBe(1)
  })

  test('wrong codes are counted; the fifth locks the code, which then fails even when right', async () => {
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    const right = lastCode(h, PHONE)
    const wrong = right === '111111' ? '222222' : '111111'
    for (let i = 1; i <= 4; i++) {
      expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: wrong })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_WRONG' } })
      expect(h.store.rawGet('sms_codes', PHONE)!.wrongAttempts).toBe(i)
    }
    expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: wrong })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_LOCKED' } })
    expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: right })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_LOCKED' } })
    expect(h.store.rawCount('members')).toBe(0)

    // A new code starts a fresh count.
    h.advance(MINUTE)
    const res = await sendAndRegister(ALICE)
    expect(res).toMatchObject({ ok: true, data: { created: true } })
  })

  test('a code expires after 5 minutes', async () => {
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    const smsCode = lastCode(h, PHONE)
    h.advance(5 * MINUTE)
    const before = h.snapshot(...MEMBER_COLLECTIONS)
    expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_EXPIRED' } })
    expect(h.snapshot(...MEMBER_COLLECTIONS)).toBe(before)
  })

  test('a code still works just before it expires', async () => {
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    const smsCode = lastCode(h, PHONE)
    h.advance(5 * MINUTE - 1)
    expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode })).toMatchObject({ ok: true })
  })

  test('without a code for that phone: SMS_CODE_MISSING; a code only works for the identity that asked for it', async () => {
    expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: '123456' })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_MISSING' } })
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    expect(await h.call(BOB, { action: 'register', phone: PHONE, smsCode: lastCode(h, PHONE) })).toMatchObject({
      ok: false,
      error: { code: 'SMS_CODE_MISSING' },
    })
  })

  test('a used code cannot be used again', async () => {
    await sendAndRegister(ALICE)
    const used = lastCode(h, PHONE)
    // Even by the same identity for another registration attempt after the member was removed by hand.
    await h.deps.db.collection('members').where({ openid: ALICE }).remove()
    expect(await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: used })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_MISSING' } })
  })

  test('one phone, one WeChat identity: another identity gets PHONE_TAKEN and nothing is written', async () => {
    await sendAndRegister(ALICE)
    h.advance(MINUTE)
    await h.call(BOB, { action: 'sendCode', phone: PHONE })
    const before = h.snapshot(...MEMBER_COLLECTIONS)
    const res = await h.call(BOB, { action: 'register', phone: PHONE, smsCode: lastCode(h, PHONE) })
    expect(res).toEqual({ ok: false, error: { code: 'PHONE_TAKEN', message: '该手机号已绑定其他微信账号' } })
    expect(h.snapshot(...MEMBER_COLLECTIONS)).toBe(before)
  })

  test('a member cannot register a second phone', async () => {
    await sendAndRegister(ALICE)
    const res = await sendAndRegister(ALICE, '13912345678')
    expect(res).toMatchObject({ ok: false, error: { code: 'ALREADY_REGISTERED' } })
    expect(h.store.rawCount('members')).toBe(1)
  })

  test('concurrent identical registrations create exactly one member', async () => {
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    const smsCode = lastCode(h, PHONE)
    const results = await Promise.all(
      Array.from({ length: 12 }, () => h.call(ALICE, { action: 'register', phone: PHONE, smsCode, nickname: '并发' })),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    const ids = new Set(results.map((r) => (r as any).data.member.memberId))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => (r as any).data.created)).toHaveLength(1)
    expect(h.store.rawCount('members')).toBe(1)
  })

  test('concurrent registrations of one phone by two identities: one member, the other gets PHONE_TAKEN', async () => {
    await h.call(ALICE, { action: 'sendCode', phone: PHONE })
    const aliceCode = lastCode(h, PHONE)
    // Bob asks for a code for the same phone later; his replaces Alice's, so Alice's no longer works.
    h.advance(MINUTE)
    await h.call(BOB, { action: 'sendCode', phone: PHONE })
    const bobCode = lastCode(h, PHONE)
    const [a, b] = await Promise.all([
      h.call(ALICE, { action: 'register', phone: PHONE, smsCode: aliceCode }),
      h.call(BOB, { action: 'register', phone: PHONE, smsCode: bobCode }),
    ])
    expect(a).toMatchObject({ ok: false, error: { code: 'SMS_CODE_MISSING' } })
    expect(b).toMatchObject({ ok: true, data: { created: true } })
    expect(h.store.rawCount('members')).toBe(1)
  })

  test('a member number that is already taken is replaced by a fresh one', async () => {
    const numbers = ['1111111111', '1111111111', '5555555555']
    // A harness of its own (the shared one is idle meanwhile: one local store is active at a time).
    const colliding = openHarness(definition, { ids: { ...cryptoIds, memberNo: () => numbers.shift() ?? cryptoIds.memberNo() } })
    try {
      const register = async (openid: string, phone: string) => {
        await colliding.call(openid, { action: 'sendCode', phone })
        return colliding.call(openid, { action: 'register', phone, smsCode: lastCode(colliding, phone) })
      }
      expect(await register('openid-carol', '13700000001')).toMatchObject({ ok: true, data: { member: { memberNo: '1111111111' } } })
      expect(await register('openid-dave', '13700000002')).toMatchObject({ ok: true, data: { created: true, member: { memberNo: '5555555555' } } })
      expect(colliding.store.rawCount('members')).toBe(2)
    } finally {
      colliding.close()
    }
  })
})

describe('member.registerWithWeChatPhone (local: simulated phone)', () => {
  test('registers with a phone derived from the code, flagged as simulated', async () => {
    const res = await h.call(ALICE, { action: 'registerWithWeChatPhone', phoneCode: 'wx-code-1', nickname: '微信用户' })
    expect(res).toMatchObject({ ok: true, data: { created: true, member: { phoneSimulated: true, nickname: '微信用户' } } })
    const phone = (res as any).data.member.phone
    expect(phone).toMatch(/^1[3-9]\d{9}$/)
    expect(h.store.rawFind('members')[0]).toMatchObject({ phone, phoneSimulated: true })

    // Deterministic: the same code gives the same phone, which now belongs to Alice.
    expect(await h.call(BOB, { action: 'registerWithWeChatPhone', phoneCode: 'wx-code-1' })).toMatchObject({
      ok: false,
      error: { code: 'PHONE_TAKEN' },
    })
    expect(await h.call(ALICE, { action: 'registerWithWeChatPhone', phoneCode: 'wx-code-1' })).toMatchObject({
      ok: true,
      data: { created: false, member: { phone } },
    })
  })

  test('concurrent identical calls create exactly one member (the unique openid index decides)', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => h.call(ALICE, { action: 'registerWithWeChatPhone', phoneCode: 'wx-race' })))
    expect(results.every((r) => r.ok)).toBe(true)
    expect(results.filter((r) => (r as any).data.created)).toHaveLength(1)
    expect(new Set(results.map((r) => (r as any).data.member.memberId)).size).toBe(1)
    expect(h.store.rawCount('members')).toBe(1)
  })

  test('a code that is itself a mobile number gives that number', async () => {
    const res = await h.call(ALICE, { action: 'registerWithWeChatPhone', phoneCode: '13612345678' })
    expect(res).toMatchObject({ ok: true, data: { member: { phone: '13612345678', phoneSimulated: true } } })
  })

  test('a code WeChat refuses answers WECHAT_PHONE_FAILED and writes nothing', async () => {
    const refusing = openHarness(definition, { wechatPhone: { phoneFromCode: async () => null } })
    try {
      expect(await refusing.call(ALICE, { action: 'registerWithWeChatPhone', phoneCode: 'expired' })).toMatchObject({
        ok: false,
        error: { code: 'WECHAT_PHONE_FAILED' },
      })
      expect(refusing.store.rawCount('members')).toBe(0)
    } finally {
      refusing.close()
    }
  })
})

describe('rejected calls write nothing', () => {
  test.each([
    ['no identity', null, { action: 'sendCode', phone: PHONE }, 'UNAUTHENTICATED'],
    ['unknown action', ALICE, { action: 'deleteEverything' }, 'UNKNOWN_ACTION'],
    ['missing action', ALICE, { phone: PHONE }, 'UNKNOWN_ACTION'],
    ['bad phone', ALICE, { action: 'register', phone: 'x', smsCode: '123456' }, 'INVALID_INPUT'],
    ['bad code shape', ALICE, { action: 'register', phone: PHONE, smsCode: '12' }, 'INVALID_INPUT'],
    ['bad birthday', ALICE, { action: 'register', phone: PHONE, smsCode: '123456', birthday: '2001-02-30' }, 'INVALID_INPUT'],
    ['no code requested', BOB, { action: 'register', phone: '13900000000', smsCode: '123456' }, 'SMS_CODE_MISSING'],
    ['too frequent', BOB, { action: 'sendCode', phone: PHONE }, 'SMS_TOO_FREQUENT'],
    ['not a member', BOB, { action: 'updateProfile', nickname: 'x' }, 'NOT_REGISTERED'],
    ['empty profile update', ALICE, { action: 'updateProfile' }, 'INVALID_INPUT'],
  ])('%s → %s', async (_name, openid, event, code) => {
    await sendAndRegister(ALICE)
    const before = h.snapshot(...MEMBER_COLLECTIONS)
    const res = await h.call(openid, event)
    expect(res).toMatchObject({ ok: false, error: { code } })
    expect(h.snapshot(...MEMBER_COLLECTIONS)).toBe(before)
  })
})
