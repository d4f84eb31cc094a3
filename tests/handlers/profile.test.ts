import { definition } from '../../cloudfunctions/member'
import { MemberView } from '../../shared/member/schemas'
import { lastCode, MEMBER_COLLECTIONS, openHarness, type Harness } from './harness'

const PHONE = '13812345678'
const ALICE = 'openid-alice'

let h: Harness
beforeEach(async () => {
  h = openHarness(definition)
  await h.call(ALICE, { action: 'sendCode', phone: PHONE })
  await h.call(ALICE, { action: 'register', phone: PHONE, smsCode: lastCode(h, PHONE), nickname: '小会' })
})
afterEach(() => h.close())

describe('member.me', () => {
  test('shows the member their own full phone number', async () => {
    const res = await h.call(ALICE, { action: 'me' })
    expect(res.ok).toBe(true)
    const me = MemberView.parse(res.ok && res.data)
    expect(me).toMatchObject({ phone: PHONE, nickname: '小会', points: 0, couponCount: 0, tier: { id: 'basic' } })
  })

  test('NOT_REGISTERED for an identity without a membership', async () => {
    expect(await h.call('openid-stranger', { action: 'me' })).toEqual({
      ok: false,
      error: { code: 'NOT_REGISTERED', message: '您还不是会员，请先注册' },
    })
  })

  test('UNAUTHENTICATED without an identity', async () => {
    expect(await h.call(null, { action: 'me' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })
})

describe('member.updateProfile', () => {
  test('changes only the given fields, stores them, and returns the updated view', async () => {
    h.advance(60_000)
    const res = await h.call(ALICE, { action: 'updateProfile', birthday: '1991-02-28', region: ['浙江省', '杭州市'] })
    expect(res).toMatchObject({ ok: true, data: { nickname: '小会', birthday: '1991-02-28', region: ['浙江省', '杭州市'], phone: PHONE } })
    const stored = h.store.rawFind('members')[0]
    expect(stored).toMatchObject({ nickname: '小会', birthday: '1991-02-28', region: ['浙江省', '杭州市'], gender: 'unknown' })
    expect((stored.updatedAt as Date).toISOString()).toBe(h.clock.now().toISOString())
    expect(await h.call(ALICE, { action: 'me' })).toMatchObject({ ok: true, data: { birthday: '1991-02-28' } })
  })

  test.each([
    [{ nickname: '' }, 'nickname'],
    [{ nickname: '一二三四五六七八九十一二三四五六七八九十一' }, 'nickname'],
    [{ birthday: '1990-13-01' }, 'birthday'],
    [{ gender: 'other' }, 'gender'],
    [{ region: ['a', 'b', 'c', 'd'] }, 'region'],
  ])('rejects %j naming the field, writing nothing', async (change, field) => {
    const before = h.snapshot(...MEMBER_COLLECTIONS)
    const res = await h.call(ALICE, { action: 'updateProfile', ...change })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } })
    expect(!res.ok && res.error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(h.snapshot(...MEMBER_COLLECTIONS)).toBe(before)
  })

  test('ignores fields that are not part of the profile (the phone cannot be changed this way)', async () => {
    const res = await h.call(ALICE, { action: 'updateProfile', nickname: '新名字', phone: '13900000000', openid: 'someone-else' })
    expect(res).toMatchObject({ ok: true, data: { nickname: '新名字', phone: PHONE } })
    expect(h.store.rawFind('members')[0]).toMatchObject({ phone: PHONE, openid: ALICE })
  })
})
