import { shanghaiDay } from '../../shared/day'
import { newMemberRecord, profileChanges, toMemberView } from '../../shared/member/member-record'
import { MemberView } from '../../shared/member/schemas'
import { maskPhone } from '../../shared/phone'

const NOW = new Date('2027-01-31T02:00:00Z')
const TIER = { id: 'basic', name: { zh: '青柚会员', en: 'Pomelo' } }
const member = newMemberRecord({
  id: 'm1',
  openid: 'o1',
  unionid: null,
  phone: '13812345678',
  phoneSimulated: false,
  memberNo: '3141592653',
  profile: { region: ['上海市'] },
  now: NOW,
})

describe('member view', () => {
  test('the owner sees the full phone; anyone else sees it masked', () => {
    expect(toMemberView(member, { viewer: 'owner', tier: TIER }).phone).toBe('13812345678')
    expect(toMemberView(member, { viewer: 'other', tier: TIER }).phone).toBe('138****5678')
  })

  test('defaults until later features fill them: the given tier, zero points and coupons, a nickname from the number', () => {
    const view = MemberView.parse(toMemberView(member, { viewer: 'owner', tier: TIER }))
    expect(view).toMatchObject({ tier: TIER, points: 0, couponCount: 0, nickname: '会员2653', gender: 'unknown', birthday: null })
    expect(view.registeredAt).toBe('2027-01-31T02:00:00.000Z')
  })

  test('profile changes touch only the given fields', () => {
    const later = new Date('2027-02-01T00:00:00Z')
    expect(profileChanges({ nickname: '新' }, later)).toEqual({ nickname: '新', updatedAt: later })
  })
})

describe('helpers', () => {
  test('maskPhone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('123')).toBe('***')
  })

  test('a business day is the Asia/Shanghai calendar day', () => {
    expect(shanghaiDay(new Date('2027-01-31T15:59:59.999Z'))).toBe('2027-01-31')
    expect(shanghaiDay(new Date('2027-01-31T16:00:00Z'))).toBe('2027-02-01')
    expect(shanghaiDay(new Date('2027-12-31T16:30:00Z'))).toBe('2028-01-01')
  })
})
