import {
  couponStatus,
  faceText,
  groupCode,
  issuable,
  newCoupon,
  rulesText,
  sameWriteOff,
  toCouponView,
  toTillCouponView,
  undoUntil,
  undoWriteOff,
  UNDO_WINDOW_MS,
  usableAt,
  validDays,
  validityText,
  walletOrder,
  writeOff,
  writeOffRefusal,
  type CouponRecord,
} from '../../shared/coupon/coupon'
import { CouponCode, CouponTemplate, CouponView, TillCouponView, type CouponTemplateInput } from '../../shared/coupon/schemas'

// 2027-01-31 10:00 in Shanghai (02:00 UTC).
const T0 = new Date('2027-01-31T10:00:00+08:00')
const MIN = 60_000
const later = (ms: number) => new Date(T0.getTime() + ms)

const template = (input: Partial<CouponTemplateInput> = {}) =>
  CouponTemplate.parse({ id: 'cash20', title: '满100减20', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 }, ...input })

const issue = (input: Partial<CouponTemplateInput> = {}, now = T0, code = 'ABCDEFGHJKMN') =>
  newCoupon(template(input), { code, memberId: 'm1', openid: 'o1', channel: 'claim', issueKey: 'claim:m1:cash20:1', now })

const clerk = { staffOpenid: 'clerk-a', storeId: 'S1' }

describe('validity', () => {
  test('fixed validity is the template\'s days, whenever the coupon is issued', () => {
    const t = template({ validity: { kind: 'fixed', from: '2027-02-01', until: '2027-02-28' } })
    expect(validDays(t, '2027-01-31')).toEqual({ validFrom: '2027-02-01', validUntil: '2027-02-28' })
    expect(validDays(t, '2027-02-15')).toEqual({ validFrom: '2027-02-01', validUntil: '2027-02-28' })
  })

  test('"days" counts the day it becomes usable as the first day', () => {
    expect(validDays(template({ validity: { kind: 'days', days: 1 } }), '2027-01-31')).toEqual({ validFrom: '2027-01-31', validUntil: '2027-01-31' })
    expect(validDays(template({ validity: { kind: 'days', days: 30 } }), '2027-01-31')).toEqual({ validFrom: '2027-01-31', validUntil: '2027-03-01' })
    // 2028 is a leap year: 29 February is one of the days.
    expect(validDays(template({ validity: { kind: 'days', days: 2 } }), '2028-02-28')).toEqual({ validFrom: '2028-02-28', validUntil: '2028-02-29' })
  })

  test('afterDays delays the first usable day', () => {
    expect(validDays(template({ validity: { kind: 'days', days: 7, afterDays: 1 } }), '2027-01-31')).toEqual({ validFrom: '2027-02-01', validUntil: '2027-02-07' })
    expect(validDays(template({ validity: { kind: 'days', days: 3, afterDays: 30 } }), '2027-12-15')).toEqual({ validFrom: '2028-01-14', validUntil: '2028-01-16' })
  })

  test('the day of issue is the Asia/Shanghai day, not the UTC one', () => {
    // 2027-01-31 23:59 in Shanghai is still 31 January; one minute later it is 1 February (UTC: 16:00 on the 31st).
    const lateEvening = issue({ validity: { kind: 'days', days: 1 } }, new Date('2027-01-31T15:59:00Z'))
    const afterMidnight = issue({ validity: { kind: 'days', days: 1 } }, new Date('2027-01-31T16:00:00Z'))
    expect(lateEvening).toMatchObject({ validFrom: '2027-01-31', validUntil: '2027-01-31' })
    expect(afterMidnight).toMatchObject({ validFrom: '2027-02-01', validUntil: '2027-02-01' })
  })

  test('a new coupon copies the template\'s terms and starts issued, unused, without write-offs', () => {
    const c = issue({ storeIds: ['S1'], note: '不与其他优惠同享' })
    expect(c).toEqual({
      _id: 'ABCDEFGHJKMN',
      templateId: 'cash20',
      memberId: 'm1',
      openid: 'o1',
      title: '满100减20',
      kind: 'cash',
      offFen: 2000,
      thresholdFen: 10000,
      payPercent: null,
      maxOffFen: null,
      gift: null,
      note: '不与其他优惠同享',
      storeIds: ['S1'],
      validFrom: '2027-01-31',
      validUntil: '2027-03-01',
      state: 'issued',
      channel: 'claim',
      issueKey: 'claim:m1:cash20:1',
      issuedAt: T0,
      usedAt: null,
      usedStoreId: null,
      usedBy: null,
      writeOffs: [],
    })
  })

  test('a template can be issued while active and until its fixed validity ends', () => {
    const fixed = template({ validity: { kind: 'fixed', from: '2027-01-01', until: '2027-01-31' } })
    expect(issuable(fixed, '2027-01-31')).toBeNull()
    expect(issuable(fixed, '2027-02-01')).toBe('COUPON_UNAVAILABLE')
    expect(issuable(template(), '2099-12-31')).toBeNull()
    expect(issuable(template({ active: false }), '2027-01-31')).toBe('COUPON_UNAVAILABLE')
  })
})

describe('couponStatus', () => {
  const c = { state: 'issued' as const, validFrom: '2027-02-01', validUntil: '2027-02-07' }

  test('upcoming before the first day, usable from the first through the last day, expired the day after', () => {
    expect(couponStatus(c, '2027-01-31')).toBe('upcoming')
    expect(couponStatus(c, '2027-02-01')).toBe('usable')
    expect(couponStatus(c, '2027-02-07')).toBe('usable')
    expect(couponStatus(c, '2027-02-08')).toBe('expired')
  })

  test('a used coupon stays used, whatever the day', () => {
    for (const day of ['2027-01-31', '2027-02-03', '2027-03-01']) expect(couponStatus({ ...c, state: 'used' }, day)).toBe('used')
  })
})

describe('texts', () => {
  test('face: yuan for cash (decimals only when needed), 折 for percent, 赠 for a gift', () => {
    expect(faceText(template())).toBe('¥20')
    expect(faceText(template({ offFen: 1250 }))).toBe('¥12.50')
    expect(faceText(template({ kind: 'percent', offFen: null, payPercent: 88 }))).toBe('88折')
    expect(faceText(template({ kind: 'percent', offFen: null, payPercent: 90 }))).toBe('9折')
    expect(faceText(template({ kind: 'gift', offFen: null, gift: '拿铁一杯', thresholdFen: 0 }))).toBe('赠 拿铁一杯')
  })

  test('rules: threshold or 无门槛, the cap of a percent coupon, and the stores by name', () => {
    expect(rulesText(template())).toBe('满 ¥100 可用 · 全部门店可用')
    expect(rulesText(template({ thresholdFen: 0 }))).toBe('无门槛 · 全部门店可用')
    const percent = template({ kind: 'percent', offFen: null, payPercent: 88, maxOffFen: 5000, thresholdFen: 0, storeIds: ['S1', 'S2'] })
    expect(rulesText(percent, { S1: '静安店' })).toBe('无门槛 · 最多减 ¥50 · 仅限 静安店、S2')
    expect(rulesText(template({ kind: 'gift', offFen: null, gift: '拿铁一杯', thresholdFen: 0 }))).toBe('到店出示领取 · 全部门店可用')
    expect(rulesText(template({ thresholdFen: 1_234_500, offFen: 100_000 }))).toBe('满 ¥12,345 可用 · 全部门店可用')
  })

  test('validity: the fixed days, or counted from the claim', () => {
    expect(validityText(template({ validity: { kind: 'fixed', from: '2026-12-01', until: '2026-12-31' } }))).toBe('2026-12-01 至 2026-12-31')
    expect(validityText(template({ validity: { kind: 'days', days: 30 } }))).toBe('领取后 30 天内有效')
    expect(validityText(template({ validity: { kind: 'days', days: 7, afterDays: 3 } }))).toBe('领取 3 天后生效，有效 7 天')
  })

  test('groupCode prints a code in groups of four', () => {
    expect(groupCode('ABCDEFGHJKMN')).toBe('ABCD EFGH JKMN')
  })
})

describe('write-off', () => {
  test('refused when used, expired, not started or not accepted at the store, in that order', () => {
    const c = issue({ storeIds: ['S1'], validity: { kind: 'days', days: 7, afterDays: 1 } }) // 02-01 … 02-07
    expect(writeOffRefusal(c, 'S1', '2027-01-31')).toBe('COUPON_NOT_STARTED')
    expect(writeOffRefusal(c, 'S1', '2027-02-01')).toBeNull()
    expect(writeOffRefusal(c, 'S1', '2027-02-07')).toBeNull()
    expect(writeOffRefusal(c, 'S2', '2027-02-07')).toBe('COUPON_NOT_ACCEPTED')
    expect(writeOffRefusal(c, 'S1', '2027-02-08')).toBe('COUPON_EXPIRED')
    expect(writeOffRefusal(c, 'S2', '2027-02-08')).toBe('COUPON_EXPIRED')
    const used = writeOff(c, clerk, later(86_400_000))
    expect(writeOffRefusal(used, 'S1', '2027-02-01')).toBe('COUPON_USED')
    expect(writeOffRefusal(used, 'S1', '2027-02-08')).toBe('COUPON_USED')
  })

  test('a coupon for every store is accepted anywhere', () => {
    expect(writeOffRefusal(issue(), 'any-store', '2027-01-31')).toBeNull()
  })

  test('records who, where and when, and appends to the coupon\'s own trail', () => {
    const used = writeOff(issue(), clerk, T0)
    expect(used).toMatchObject({ state: 'used', usedAt: T0, usedStoreId: 'S1', usedBy: 'clerk-a' })
    expect(used.writeOffs).toEqual([{ at: T0, staffOpenid: 'clerk-a', storeId: 'S1', undoneAt: null, undoneBy: null, undoReason: null }])
    expect(undoUntil(used)).toEqual(later(UNDO_WINDOW_MS))
    expect(undoUntil(issue())).toBeNull()
  })

  test('sameWriteOff: the same clerk at the same store within the window, and only then', () => {
    const used = writeOff(issue(), clerk, T0)
    expect(sameWriteOff(used, clerk, T0)).toBe(true)
    expect(sameWriteOff(used, clerk, later(UNDO_WINDOW_MS - 1))).toBe(true)
    expect(sameWriteOff(used, clerk, later(UNDO_WINDOW_MS))).toBe(false)
    expect(sameWriteOff(used, { ...clerk, staffOpenid: 'clerk-b' }, T0)).toBe(false)
    expect(sameWriteOff(used, { ...clerk, storeId: 'S2' }, T0)).toBe(false)
    expect(sameWriteOff(issue(), clerk, T0)).toBe(false)
    const undone = undoWriteOff(used, { ...clerk, reason: '扫错券' }, later(MIN))
    if ('error' in undone) throw new Error(undone.error)
    expect(sameWriteOff(undone.coupon, clerk, later(MIN))).toBe(false)
  })
})

describe('undoWriteOff', () => {
  const used = writeOff(issue(), clerk, T0)

  test('gives the coupon back and keeps the write-off, marked undone with who and why', () => {
    const r = undoWriteOff(used, { staffOpenid: 'clerk-b', storeId: 'S1', reason: '顾客取消订单' }, later(5 * MIN))
    if ('error' in r) throw new Error(r.error)
    expect(r.coupon).toMatchObject({ state: 'issued', usedAt: null, usedStoreId: null, usedBy: null })
    expect(r.coupon.writeOffs).toEqual([
      { at: T0, staffOpenid: 'clerk-a', storeId: 'S1', undoneAt: later(5 * MIN), undoneBy: 'clerk-b', undoReason: '顾客取消订单' },
    ])
    expect(undoUntil(r.coupon)).toBeNull()
    expect(writeOffRefusal(r.coupon, 'S1', '2027-01-31')).toBeNull()
    // Written off again, the trail keeps both.
    const again = writeOff(r.coupon, clerk, later(6 * MIN))
    expect(again.writeOffs).toHaveLength(2)
    expect(again.writeOffs[1]).toMatchObject({ at: later(6 * MIN), undoneAt: null })
  })

  test('only within 10 minutes of the write-off', () => {
    expect('coupon' in undoWriteOff(used, { ...clerk, reason: 'x' }, later(UNDO_WINDOW_MS - 1))).toBe(true)
    expect(undoWriteOff(used, { ...clerk, reason: 'x' }, later(UNDO_WINDOW_MS))).toEqual({ error: 'UNDO_WINDOW_PASSED' })
    expect(undoWriteOff(used, { ...clerk, reason: 'x' }, later(60 * MIN))).toEqual({ error: 'UNDO_WINDOW_PASSED' })
  })

  test('only at the store that wrote it off', () => {
    expect(undoWriteOff(used, { staffOpenid: 'clerk-c', storeId: 'S2', reason: 'x' }, later(MIN))).toEqual({ error: 'STORE_MISMATCH' })
  })

  test('not a coupon that is not used, nor one already undone', () => {
    expect(undoWriteOff(issue(), { ...clerk, reason: 'x' }, T0)).toEqual({ error: 'COUPON_NOT_USED' })
    const r = undoWriteOff(used, { ...clerk, reason: 'x' }, later(MIN))
    if ('error' in r) throw new Error(r.error)
    expect(undoWriteOff(r.coupon, { ...clerk, reason: 'x' }, later(2 * MIN))).toEqual({ error: 'COUPON_NOT_USED' })
  })
})

describe('views', () => {
  test('the wallet view: face, rules, status and days left including today', () => {
    const c = issue({ storeIds: ['S1'] }) // 01-31 … 03-01
    const view = toCouponView(c, '2027-01-31', { S1: '静安店' })
    expect(CouponView.parse(view)).toEqual(view)
    expect(view).toMatchObject({ code: 'ABCDEFGHJKMN', face: '¥20', rules: '满 ¥100 可用 · 仅限 静安店', status: 'usable', daysLeft: 30, issuedAt: T0.toISOString(), usedAt: null })
    expect(toCouponView(c, '2027-03-01').daysLeft).toBe(1)
    expect(toCouponView(c, '2027-03-02')).toMatchObject({ status: 'expired', daysLeft: null })
    expect(toCouponView(writeOff(c, clerk, T0), '2027-01-31')).toMatchObject({ status: 'used', daysLeft: null, usedAt: T0.toISOString(), usedStoreId: 'S1' })
  })

  test('the till lists what is usable at its store today, soonest to expire first', () => {
    const soon = issue({ validity: { kind: 'days', days: 3 } }, T0, 'SOON00000000')
    const late = issue({ validity: { kind: 'days', days: 30 } }, T0, 'LATE00000000')
    const elsewhere = issue({ storeIds: ['S2'] }, T0, 'ELSE00000000')
    const upcoming = issue({ validity: { kind: 'days', days: 3, afterDays: 2 } }, T0, 'NEXT00000000')
    const used = writeOff(issue({}, T0, 'USED00000000'), clerk, T0)
    const listed = usableAt([late, elsewhere, used, upcoming, soon], 'S1', '2027-01-31')
    expect(listed.map((c) => c._id)).toEqual(['SOON00000000', 'LATE00000000'])
    const till = toTillCouponView(soon)
    expect(TillCouponView.parse(till)).toEqual({ code: 'SOON00000000', title: '满100减20', face: '¥20', rules: '满 ¥100 可用 · 全部门店可用', validUntil: '2027-02-02' })
  })

  test('wallet order: usable soonest-expiring first, then upcoming, then used and expired newest first', () => {
    const today = '2027-02-10'
    const mk = (code: string, c: CouponRecord) => toCouponView({ ...c, _id: code }, today)
    const base = issue()
    const views = [
      mk('EXPIRED-OLD', { ...base, validUntil: '2027-02-01', issuedAt: later(-10 * 86_400_000) }),
      mk('USED', { ...base, state: 'used', issuedAt: later(-1 * 86_400_000) }),
      mk('USABLE-LATE', { ...base, validUntil: '2027-03-01' }),
      mk('UPCOMING', { ...base, validFrom: '2027-02-20', validUntil: '2027-02-28' }),
      mk('USABLE-SOON', { ...base, validUntil: '2027-02-11' }),
      mk('EXPIRED-NEW', { ...base, validUntil: '2027-02-05', issuedAt: later(-2 * 86_400_000) }),
    ]
    expect(walletOrder(views).map((v) => v.code)).toEqual(['USABLE-SOON', 'USABLE-LATE', 'UPCOMING', 'USED', 'EXPIRED-NEW', 'EXPIRED-OLD'])
  })
})

describe('CouponTemplate schema', () => {
  const errors = (input: object) => {
    const r = CouponTemplate.safeParse({ id: 't1', title: '券', validity: { kind: 'days', days: 30 }, ...input })
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])
  }

  test('each kind needs its own value', () => {
    expect(errors({ kind: 'cash' })).toEqual([['offFen', '满减券需要填写减免金额（分）']])
    expect(errors({ kind: 'percent' })).toEqual([['payPercent', '折扣券需要填写折扣（如 88 表示 88 折）']])
    expect(errors({ kind: 'gift' })).toEqual([['gift', '礼品券需要填写礼品名称']])
    expect(errors({ kind: 'cash', offFen: 500 })).toEqual([])
    expect(errors({ kind: 'percent', payPercent: 88 })).toEqual([])
    expect(errors({ kind: 'gift', gift: '拿铁一杯' })).toEqual([])
  })

  test('a cash coupon takes off less than its threshold', () => {
    expect(errors({ kind: 'cash', offFen: 10000, thresholdFen: 10000 })).toEqual([['offFen', '减免金额应小于使用门槛']])
    expect(errors({ kind: 'cash', offFen: 12000, thresholdFen: 10000 })).toEqual([['offFen', '减免金额应小于使用门槛']])
    expect(errors({ kind: 'cash', offFen: 9999, thresholdFen: 10000 })).toEqual([])
    expect(errors({ kind: 'cash', offFen: 2000, thresholdFen: 0 })).toEqual([])
  })

  test('a fixed validity ends on or after it starts', () => {
    expect(errors({ kind: 'cash', offFen: 1, validity: { kind: 'fixed', from: '2027-02-02', until: '2027-02-01' } })).toEqual([['validity.until', '结束日期不能早于开始日期']])
    expect(errors({ kind: 'cash', offFen: 1, validity: { kind: 'fixed', from: '2027-02-01', until: '2027-02-01' } })).toEqual([])
  })

  test('bounds and defaults', () => {
    expect(errors({ kind: 'percent', payPercent: 100 })).toHaveLength(1)
    expect(errors({ kind: 'cash', offFen: 1.5 })).toHaveLength(1)
    expect(errors({ kind: 'cash', offFen: 1, validity: { kind: 'days', days: 0 } })).toHaveLength(1)
    expect(errors({ kind: 'cash', offFen: 1, id: 'has space' })).toHaveLength(1)
    expect(errors({ kind: 'cash', offFen: 1, extra: true })).toHaveLength(1)
    const t = CouponTemplate.parse({ id: 't1', title: '券', kind: 'cash', offFen: 1, validity: { kind: 'days', days: 30 } })
    expect(t).toMatchObject({ thresholdFen: 0, perMemberLimit: 1, totalLimit: null, storeIds: null, claimable: false, active: true, validity: { afterDays: 0 } })
  })
})

describe('CouponCode', () => {
  test('drops spaces and dashes and reads lower case', () => {
    expect(CouponCode.parse('abcd efgh jkmn')).toBe('ABCDEFGHJKMN')
    expect(CouponCode.parse(' ABCD-EFGH-JKMN ')).toBe('ABCDEFGHJKMN')
    expect(CouponCode.parse('abcd\tefgh\njkmn')).toBe('ABCDEFGHJKMN')
  })

  test('reads the look-alikes as Crockford does: I and L as 1, O as 0', () => {
    expect(CouponCode.parse('IiLl Oo00 1111')).toBe('111100001111')
  })

  test('refuses other lengths and letters outside the alphabet', () => {
    expect(CouponCode.safeParse('ABCDEFGHJKM').success).toBe(false)
    expect(CouponCode.safeParse('ABCDEFGHJKMNP').success).toBe(false)
    expect(CouponCode.safeParse('ABCDEFGHJKMU').success).toBe(false) // U is not in Crockford's alphabet
    expect(CouponCode.safeParse('ABCDEFGHJKM!').success).toBe(false)
    expect(CouponCode.safeParse(12).success).toBe(false)
  })
})
