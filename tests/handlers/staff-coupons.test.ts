import type { CouponRecord } from '../../shared/coupon/coupon'
import { CheckCouponResult, ClaimResult, UndoWriteOffResult, WriteOffResult } from '../../shared/coupon/schemas'
import { CheckOrderResult, FulfilResult, RedeemResult } from '../../shared/mall/schemas'
import { TillMemberView } from '../../shared/staff/schemas'
import { openMall, type MallHarness } from './mall-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai (02:00 UTC).
const MIN = 60_000
const DAY = 86_400_000
const ALICE = 'openid-alice'
const CLERK_A = 'openid-clerk-a'
const CLERK_A2 = 'openid-clerk-a2'
const CLERK_B = 'openid-clerk-b'
const ADDRESS = { name: '张三', phone: '13812345678', region: ['上海市', '上海市', '静安区'], detail: '南京西路 1 号' }

let h: MallHarness
beforeEach(async () => {
  h = openMall()
  await h.addStore('S1', null)
  await h.addStore('S2', null)
  await h.register(ALICE, '13812345678')
  await h.staff(CLERK_A, 'S1', 'clerk', { name: '小王' })
  await h.staff(CLERK_A2, 'S1', 'clerk')
  await h.staff(CLERK_B, 'S2', 'clerk')
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  // Nothing answered INTERNAL behind a test's back.
  expect(logged).toEqual([])
})

async function couponFor(templateId: string, template: object = {}) {
  await h.template({ id: templateId, ...template })
  const res = await h.coupon(ALICE, { action: 'claim', templateId })
  if (!res.ok) throw new Error(`claim: ${res.error.code}`)
  return ClaimResult.parse(res.data).coupon.code
}
const writeOff = (couponCode: string, as = CLERK_A) => h.call(as, { action: 'writeOff', couponCode })
const undo = (couponCode: string, reason: unknown = '顾客取消订单', as = CLERK_A) => h.call(as, { action: 'undoWriteOff', couponCode, reason })
const check = (couponCode: string, as = CLERK_A) => h.call(as, { action: 'checkCoupon', couponCode })
const stored = (code: string) => h.store.rawGet('coupons', code) as unknown as CouponRecord
const actions = () => h.store.rawFind('staff_actions').map((a) => [a.openid, a.action, a.code])

describe('staff.writeOff', () => {
  test('marks the coupon used at the clerk\'s store and answers with the member and the undo deadline', async () => {
    const code = await couponFor('cash20')
    const res = await writeOff(code)
    const data = WriteOffResult.parse(res.ok && res.data)
    expect(data).toMatchObject({
      coupon: { code, status: 'used', usedStoreId: 'S1', usedAt: '2027-01-31T02:00:00.000Z', face: '¥20' },
      memberNo: expect.stringMatching(/^\d{10}$/),
      nickname: expect.stringMatching(/^会员\d{4}$/),
      duplicate: false,
      undoUntil: '2027-01-31T02:10:00.000Z',
    })
    expect(stored(code)).toMatchObject({ state: 'used', usedBy: CLERK_A, usedStoreId: 'S1' })
    expect(stored(code).writeOffs).toHaveLength(1)
  })

  test('a repeated scan by the same clerk is a duplicate; anyone else is told it is used', async () => {
    const code = await couponFor('cash20')
    await writeOff(code)
    h.advance(MIN)
    expect(await writeOff(code)).toMatchObject({ ok: true, data: { duplicate: true, undoUntil: '2027-01-31T02:10:00.000Z' } })
    expect(await writeOff(code, CLERK_A2)).toMatchObject({ ok: false, error: { code: 'COUPON_USED' } })
    h.advance(10 * MIN)
    expect(await writeOff(code)).toMatchObject({ ok: false, error: { code: 'COUPON_USED' } })
    expect(stored(code).writeOffs).toHaveLength(1)
  })

  test('the code may be typed in lower case, with spaces, and with look-alike letters', async () => {
    const code = await couponFor('cash20')
    const typed = code.toLowerCase().replace(/(.{4})/g, '$1 ').replace(/1/g, 'l').replace(/0/g, 'o')
    expect(await writeOff(typed)).toMatchObject({ ok: true, data: { coupon: { code } } })
  })

  test('refusals: unknown, malformed, another store\'s, not yet started, expired; none writes', async () => {
    const onlyS2 = await couponFor('s2-only', { storeIds: ['S2'] })
    const later = await couponFor('later', { validity: { kind: 'days', days: 3, afterDays: 1 } })
    const short = await couponFor('short', { validity: { kind: 'days', days: 1 } })
    const before = h.snapshot('coupons')
    expect(await writeOff('ZZZZZZZZZZZZ')).toMatchObject({ ok: false, error: { code: 'COUPON_NOT_FOUND' } })
    expect(await writeOff('not a code')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'couponCode' } })
    expect(await writeOff(onlyS2)).toMatchObject({ ok: false, error: { code: 'COUPON_NOT_ACCEPTED' } })
    expect(await writeOff(later)).toMatchObject({ ok: false, error: { code: 'COUPON_NOT_STARTED' } })
    h.advance(DAY)
    expect(await writeOff(short)).toMatchObject({ ok: false, error: { code: 'COUPON_EXPIRED' } })
    expect(h.snapshot('coupons')).toBe(before)
    expect(await writeOff(onlyS2, CLERK_B)).toMatchObject({ ok: true })
    expect(await writeOff(later)).toMatchObject({ ok: true })
  })

  test('members and removed staff are not staff', async () => {
    const code = await couponFor('cash20')
    await h.staff(CLERK_A2, 'S1', 'clerk', { active: false })
    for (const as of [ALICE, CLERK_A2]) {
      expect(await writeOff(code, as)).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
      expect(await check(code, as)).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
      expect(await undo(code, 'x', as)).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
      expect(await h.call(as, { action: 'checkOrder', orderCode: code })).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
      expect(await h.call(as, { action: 'fulfil', orderCode: code })).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
    }
    expect(stored(code).state).toBe('issued')
  })
})

describe('staff.checkCoupon', () => {
  test('shows the coupon, whose it is and whether this store can write it off; reads only', async () => {
    const code = await couponFor('cash20', { storeIds: ['S1'] })
    const before = h.snapshot('coupons')
    const first = CheckCouponResult.parse(((await check(code)) as { data: unknown }).data)
    expect(first).toMatchObject({ coupon: { code, status: 'usable', rules: '满 ¥100 可用 · 仅限 门店 S1' }, refusal: null, undoUntil: null })
    expect(first.memberNo).toMatch(/^\d{10}$/)
    expect(await check(code, CLERK_B)).toMatchObject({ ok: true, data: { refusal: 'COUPON_NOT_ACCEPTED' } })
    expect(h.snapshot('coupons')).toBe(before)

    await writeOff(code)
    expect(await check(code, CLERK_A2)).toMatchObject({ ok: true, data: { refusal: 'COUPON_USED', undoUntil: '2027-01-31T02:10:00.000Z' } })
    expect(await check(code, CLERK_B)).toMatchObject({ ok: true, data: { refusal: 'COUPON_USED', undoUntil: null } })
    h.advance(10 * MIN)
    expect(await check(code)).toMatchObject({ ok: true, data: { refusal: 'COUPON_USED', undoUntil: null } })
    expect(await check('ZZZZZZZZZZZZ')).toMatchObject({ ok: false, error: { code: 'COUPON_NOT_FOUND' } })
  })
})

describe('staff.undoWriteOff', () => {
  test('within 10 minutes, at the same store, gives the coupon back and keeps the write-off with who and why', async () => {
    const code = await couponFor('cash20')
    await writeOff(code)
    h.advance(9 * MIN)
    const res = await undo(code, '扫错了券', CLERK_A2)
    expect(UndoWriteOffResult.parse(res.ok && res.data)).toMatchObject({ coupon: { code, status: 'usable', usedAt: null, usedStoreId: null } })
    expect(stored(code)).toMatchObject({ state: 'issued', usedAt: null, usedBy: null })
    expect(stored(code).writeOffs).toEqual([
      { at: new Date('2027-01-31T02:00:00Z'), staffOpenid: CLERK_A, storeId: 'S1', undoneAt: new Date('2027-01-31T02:09:00Z'), undoneBy: CLERK_A2, undoReason: '扫错了券' },
    ])
    // Usable again: written off again, the trail keeps both.
    expect(await writeOff(code)).toMatchObject({ ok: true, data: { duplicate: false } })
    expect(stored(code).writeOffs).toHaveLength(2)
  })

  test('refused after the window, at another store, for an unused coupon, and without a reason', async () => {
    const code = await couponFor('cash20')
    expect(await undo(code)).toMatchObject({ ok: false, error: { code: 'COUPON_NOT_USED' } })
    await writeOff(code)
    expect(await undo(code, '  ')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'reason' } })
    expect(await h.call(CLERK_A, { action: 'undoWriteOff', couponCode: code })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'reason' } })
    expect(await undo(code, 'x', CLERK_B)).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    expect(await undo('ZZZZZZZZZZZZ')).toMatchObject({ ok: false, error: { code: 'COUPON_NOT_FOUND' } })
    h.advance(10 * MIN)
    expect(await undo(code)).toMatchObject({ ok: false, error: { code: 'UNDO_WINDOW_PASSED' } })
    expect(stored(code)).toMatchObject({ state: 'used' })
    expect(stored(code).writeOffs[0].undoneAt).toBeNull()
  })
})

describe('staff.checkOrder and staff.fulfil', () => {
  async function order(item: object = {}, extra: object = {}) {
    await h.give(ALICE, 1000)
    const id = `item-${h.orders().length + 1}`
    await h.item({ id, ...item })
    const res = await h.redeem(ALICE, id, 1, extra)
    if (!res.ok) throw new Error(`redeem: ${res.error.code}`)
    return RedeemResult.parse(res.data).order.code
  }
  const fulfil = (orderCode: string, as = CLERK_A, tracking?: string) => h.call(as, { action: 'fulfil', orderCode, ...(tracking ? { tracking } : {}) })

  test('hands a pickup order over once: the same clerk again is a duplicate, anyone else ORDER_FULFILLED', async () => {
    const code = await order({ storeIds: ['S1'], priceFen: 500 })
    const checked = CheckOrderResult.parse(((await h.call(CLERK_A, { action: 'checkOrder', orderCode: code })) as { data: unknown }).data)
    expect(checked).toMatchObject({ order: { code, status: 'awaiting_pickup', pickupBy: '2027-02-13' }, collectFen: 500, refusal: null, nickname: expect.stringMatching(/^会员/) })
    const res = await fulfil(code)
    expect(FulfilResult.parse(res.ok && res.data)).toMatchObject({ order: { status: 'completed', fulfilledAt: '2027-01-31T02:00:00.000Z' }, collectFen: 500, duplicate: false })
    expect(h.orders()[0]).toMatchObject({ status: 'completed', fulfilledBy: CLERK_A, fulfilledStoreId: 'S1' })
    expect(await fulfil(code)).toMatchObject({ ok: true, data: { duplicate: true } })
    expect(await fulfil(code, CLERK_A2)).toMatchObject({ ok: false, error: { code: 'ORDER_FULFILLED' } })
    expect(await h.call(CLERK_A2, { action: 'checkOrder', orderCode: code })).toMatchObject({ ok: true, data: { refusal: 'ORDER_FULFILLED' } })
  })

  test('only at a store the order lists', async () => {
    const code = await order({ storeIds: ['S1'] })
    expect(await h.call(CLERK_B, { action: 'checkOrder', orderCode: code })).toMatchObject({ ok: true, data: { refusal: 'STORE_MISMATCH' } })
    expect(await fulfil(code, CLERK_B)).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    const anywhere = await order({ storeIds: null })
    expect(await fulfil(anywhere, CLERK_B)).toMatchObject({ ok: true, data: { duplicate: false } })
  })

  test('not after the last pickup day, nor once cancelled', async () => {
    const late = await order({ pickupDays: 2 })
    const cancelled = await order()
    await h.mall(ALICE, { action: 'cancel', orderCode: cancelled })
    expect(await fulfil(cancelled)).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } })
    h.advance(DAY) // 2027-02-01, the last day
    expect(await h.call(CLERK_A, { action: 'checkOrder', orderCode: late })).toMatchObject({ ok: true, data: { refusal: null } })
    h.advance(DAY) // 2027-02-02
    expect(await h.call(CLERK_A, { action: 'checkOrder', orderCode: late })).toMatchObject({ ok: true, data: { refusal: 'ORDER_CLOSED' } })
    expect(await fulfil(late)).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } })
    expect(h.orders().find((o) => o._id === late)!.status).toBe('awaiting_pickup')
  })

  test('a delivery order is marked sent with its tracking number', async () => {
    const code = await order({ fulfilment: 'delivery' }, { address: ADDRESS })
    const res = await fulfil(code, CLERK_B, 'SF1234567890')
    expect(res).toMatchObject({ ok: true, data: { order: { status: 'completed', tracking: 'SF1234567890' }, collectFen: 0 } })
    const view = await h.mall(ALICE, { action: 'orders' })
    expect(view).toMatchObject({ ok: true, data: { orders: [{ code, tracking: 'SF1234567890', status: 'completed' }] } })
  })

  test('coupon and voucher orders are not for hand-over; unknown codes are not found', async () => {
    await h.template({ id: 'cash20', claimable: false })
    const couponOrder = await order({ kind: 'coupon', fulfilment: null, couponTemplateId: 'cash20' })
    expect(await h.call(CLERK_A, { action: 'checkOrder', orderCode: couponOrder })).toMatchObject({ ok: false, error: { code: 'MALL_ORDER_NOT_FOUND' } })
    expect(await fulfil(couponOrder)).toMatchObject({ ok: false, error: { code: 'MALL_ORDER_NOT_FOUND' } })
    expect(await fulfil('ZZZZZZZZZZZZ')).toMatchObject({ ok: false, error: { code: 'MALL_ORDER_NOT_FOUND' } })
  })
})

test('the till lists the member\'s coupons usable at its store, soonest to expire first', async () => {
  const month = await couponFor('month')
  const week = await couponFor('week', { title: '周末券', validity: { kind: 'days', days: 7 } })
  await couponFor('s2-only', { storeIds: ['S2'] })
  await couponFor('later', { validity: { kind: 'days', days: 3, afterDays: 1 } })
  const used = await couponFor('used')
  await writeOff(used)
  const res = await h.call(CLERK_A, { action: 'lookup', memberCode: await h.code(ALICE) })
  const view = TillMemberView.parse(res.ok && res.data)
  expect(view.usableCoupons).toEqual([
    { code: week, title: '周末券', face: '¥20', rules: '满 ¥100 可用 · 全部门店可用', validUntil: '2027-02-06' },
    { code: month, title: '满100减20', face: '¥20', rules: '满 ¥100 可用 · 全部门店可用', validUntil: '2027-03-01' },
  ])
})

test('every coupon and hand-over call is recorded once in staff_actions with its outcome, refusals included', async () => {
  const code = await couponFor('cash20')
  await h.give(ALICE, 1000)
  await h.item({ id: 'latte', storeIds: ['S1'] })
  const redeemed = await h.redeem(ALICE, 'latte')
  const orderCode = (redeemed as { data: { order: { code: string } } }).data.order.code
  await check(code)
  await writeOff(code)
  await writeOff(code)
  await writeOff(code, CLERK_B)
  await undo(code)
  await h.call(CLERK_B, { action: 'checkOrder', orderCode })
  await h.call(CLERK_B, { action: 'fulfil', orderCode })
  await h.call(CLERK_A, { action: 'fulfil', orderCode })
  await h.call(CLERK_A, { action: 'fulfil', orderCode })
  await writeOff(code, ALICE)
  expect(actions()).toEqual([
    [CLERK_A, 'checkCoupon', 'OK'],
    [CLERK_A, 'writeOff', 'OK'],
    [CLERK_A, 'writeOff', 'OK'],
    [CLERK_B, 'writeOff', 'COUPON_USED'],
    [CLERK_A, 'undoWriteOff', 'OK'],
    [CLERK_B, 'checkOrder', 'OK'],
    [CLERK_B, 'fulfil', 'STORE_MISMATCH'],
    [CLERK_A, 'fulfil', 'OK'],
    [CLERK_A, 'fulfil', 'OK'],
    [ALICE, 'writeOff', 'NOT_STAFF'],
  ])
  expect(h.store.rawFind('staff_actions')[1]).toMatchObject({ storeId: 'S1', role: 'clerk', at: new Date('2027-01-31T02:00:00Z') })
})
