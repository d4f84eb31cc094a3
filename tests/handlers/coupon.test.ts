import { ClaimableResult, ClaimResult, CouponListResult } from '../../shared/coupon/schemas'
import type { CouponRecord } from '../../shared/coupon/coupon'
import { openMall, type MallHarness } from './mall-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai.
const DAY = 86_400_000
const ALICE = 'openid-alice'
const BOB = 'openid-bob'
const CLERK = 'openid-clerk'

let h: MallHarness
beforeEach(async () => {
  h = openMall()
  await h.register(ALICE, '13812345678')
  await h.register(BOB, '13912345678')
  await h.staff(CLERK, 'S1', 'clerk')
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  // Nothing answered INTERNAL behind a test's back.
  expect(logged).toEqual([])
})

const claim = (templateId: string, as = ALICE) => h.coupon(as, { action: 'claim', templateId })
async function claimed(templateId: string, as = ALICE) {
  const res = await claim(templateId, as)
  if (!res.ok) throw new Error(`claim ${templateId}: ${res.error.code}`)
  return ClaimResult.parse(res.data).coupon
}
const list = async (status?: string, as = ALICE) => {
  const res = await h.coupon(as, { action: 'list', ...(status ? { status } : {}) })
  if (!res.ok) throw new Error(`list: ${res.error.code}`)
  return CouponListResult.parse(res.data)
}
const claimable = async (as = ALICE) => {
  const res = await h.coupon(as, { action: 'claimable' })
  if (!res.ok) throw new Error(`claimable: ${res.error.code}`)
  return ClaimableResult.parse(res.data).templates
}
const coupons = () => h.store.rawFind('coupons') as unknown as CouponRecord[]

describe('coupon.claim', () => {
  test('issues one coupon with the template\'s terms, valid from today, and records the issue and the hold', async () => {
    await h.addStore('S1', null)
    await h.template({ id: 'cash20', storeIds: ['S1'], note: '不与其他优惠同享' })
    const coupon = await claimed('cash20')
    expect(coupon).toMatchObject({
      templateId: 'cash20',
      title: '满100减20',
      kind: 'cash',
      face: '¥20',
      rules: '满 ¥100 可用 · 仅限 门店 S1',
      note: '不与其他优惠同享',
      status: 'usable',
      validFrom: '2027-01-31',
      validUntil: '2027-03-01',
      daysLeft: 30,
      channel: 'claim',
      usedAt: null,
    })
    expect(coupon.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/)
    const memberId = h.memberId(ALICE)
    expect(coupons()).toEqual([expect.objectContaining({ _id: coupon.code, memberId, openid: ALICE, state: 'issued', issueKey: `claim:${memberId}:cash20:1`, writeOffs: [] })])
    expect(h.store.rawGet('coupon_issues', `claim:${memberId}:cash20:1`)).toMatchObject({ memberId, templateId: 'cash20', codes: [coupon.code] })
    expect(h.store.rawGet('coupon_holds', `${memberId}:cash20`)).toMatchObject({ claimed: 1 })
  })

  test('stops at the per-member cap, and each claim gets its own code', async () => {
    await h.template({ id: 'two', perMemberLimit: 2 })
    const a = await claimed('two')
    const b = await claimed('two')
    expect(a.code).not.toBe(b.code)
    const before = h.snapshot('coupons', 'coupon_issues', 'coupon_holds')
    expect(await claim('two')).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED', message: '每人限领 2 张，您已领完' } })
    expect(h.snapshot('coupons', 'coupon_issues', 'coupon_holds')).toBe(before)
    // Bob's cap is his own.
    await claimed('two', BOB)
  })

  test('stops at the total cap, whoever claims', async () => {
    await h.template({ id: 'few', totalLimit: 2, perMemberLimit: 5 })
    await claimed('few')
    await claimed('few', BOB)
    expect(await claim('few')).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK', message: '来晚了，券已被领完' } })
    expect(coupons()).toHaveLength(2)
    expect(h.pool('claim:few').reduce((s, x) => s + x.remaining, 0)).toBe(0)
  })

  test('unknown and not-claimable templates are not found; stopped ones are unavailable', async () => {
    await h.template({ id: 'staff-only', claimable: false })
    await h.template({ id: 'stopped', active: false })
    await h.template({ id: 'over', validity: { kind: 'fixed', from: '2027-01-01', until: '2027-01-30' } })
    expect(await claim('nope')).toMatchObject({ ok: false, error: { code: 'TEMPLATE_NOT_FOUND' } })
    expect(await claim('staff-only')).toMatchObject({ ok: false, error: { code: 'TEMPLATE_NOT_FOUND' } })
    expect(await claim('stopped')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } })
    expect(await claim('over')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } })
    expect(await claim('bad id!')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'templateId' } })
    expect(coupons()).toEqual([])
  })

  test('a caller who is not a member is told to register, for every action', async () => {
    await h.template({ id: 'cash20' })
    for (const event of [{ action: 'claim', templateId: 'cash20' }, { action: 'list' }, { action: 'claimable' }])
      expect(await h.coupon('openid-stranger', event)).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
    expect(coupons()).toEqual([])
  })
})

describe('coupon.list', () => {
  test('groups the wallet by status with counts for the tabs, usable first', async () => {
    await h.template({ id: 'today', validity: { kind: 'days', days: 1 } }) // 01-31 only
    await h.template({ id: 'later', validity: { kind: 'days', days: 7, afterDays: 3 } }) // 02-03 … 02-09
    await h.template({ id: 'month', perMemberLimit: 2 }) // 01-31 … 03-01
    const expiring = await claimed('today')
    const upcoming = await claimed('later')
    const usable = await claimed('month')
    const used = await claimed('month')
    await claimed('month', BOB) // not Alice's
    expect(await h.call(CLERK, { action: 'writeOff', couponCode: used.code })).toMatchObject({ ok: true })

    h.advance(DAY) // 2027-02-01: the one-day coupon has expired
    const wallet = await list()
    expect(wallet.counts).toEqual({ usable: 1, upcoming: 1, used: 1, expired: 1 })
    expect(wallet.coupons.map((c) => [c.code, c.status])).toEqual([
      [usable.code, 'usable'],
      [upcoming.code, 'upcoming'],
      [used.code, 'used'],
      [expiring.code, 'expired'],
    ])
    expect(wallet.coupons[0].daysLeft).toBe(29)
    expect(wallet.coupons[1]).toMatchObject({ validFrom: '2027-02-03', validUntil: '2027-02-09', daysLeft: null })
    expect(wallet.coupons[2]).toMatchObject({ usedStoreId: 'S1', usedAt: '2027-01-31T02:00:00.000Z' })

    const tab = await list('upcoming')
    expect(tab.coupons.map((c) => c.code)).toEqual([upcoming.code])
    expect(tab.counts).toEqual(wallet.counts)

    h.advance(2 * DAY) // 2027-02-03: the upcoming one is usable now
    expect((await list()).counts).toEqual({ usable: 2, upcoming: 0, used: 1, expired: 1 })
  })

  test('an empty wallet', async () => {
    expect(await list()).toEqual({ coupons: [], counts: { usable: 0, upcoming: 0, used: 0, expired: 0 } })
  })
})

describe('coupon.claimable', () => {
  test('lists what members may claim now, with what is left for the caller and in all', async () => {
    await h.template({ id: 'cash20', perMemberLimit: 2, totalLimit: 3 })
    await h.template({ id: 'gift', title: '生日礼', kind: 'gift', offFen: null, thresholdFen: 0, gift: '拿铁一杯', validity: { kind: 'days', days: 7, afterDays: 1 } })
    await h.template({ id: 'staff-only', claimable: false })
    await h.template({ id: 'stopped', active: false })
    await h.template({ id: 'over', validity: { kind: 'fixed', from: '2027-01-01', until: '2027-01-30' } })

    const before = await claimable()
    expect(before.map((t) => t.templateId).sort()).toEqual(['cash20', 'gift'])
    expect(before.find((t) => t.templateId === 'cash20')).toEqual({
      templateId: 'cash20',
      title: '满100减20',
      kind: 'cash',
      face: '¥20',
      rules: '满 ¥100 可用 · 全部门店可用',
      note: '',
      validity: '领取后 30 天内有效',
      remainingForMe: 2,
      remaining: 3,
    })
    expect(before.find((t) => t.templateId === 'gift')).toMatchObject({ face: '赠 拿铁一杯', validity: '领取 1 天后生效，有效 7 天', remainingForMe: 1, remaining: null })

    await claimed('cash20')
    await claimed('cash20', BOB)
    const after = await claimable()
    expect(after.find((t) => t.templateId === 'cash20')).toMatchObject({ remainingForMe: 1, remaining: 1 })
    expect((await claimable(BOB)).find((t) => t.templateId === 'cash20')).toMatchObject({ remainingForMe: 1, remaining: 1 })
  })
})
