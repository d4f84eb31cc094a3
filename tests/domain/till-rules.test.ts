import fc from 'fast-check'
import { planRefund } from '../../shared/staff/refund-rules'
import { mayActFor, isManager, orderKey } from '../../shared/staff/staff-record'
import { approvalNeeded, selfCredit } from '../../shared/staff/till-rules'
import { inBirthdayMonth } from '../../shared/staff/till-view'
import { AccrueInput, RefundInput, StoreId } from '../../shared/staff/schemas'

describe('self-credit', () => {
  const member = { openid: 'm-open', unionid: 'u-1', phone: '13812345678' }
  const staff = { openid: 's-open', unionid: null, phone: null }

  test('refused for the same openid, the same unionid or the staff phone', () => {
    expect(selfCredit({ ...staff, openid: 'm-open' }, member)).toBe('openid')
    expect(selfCredit({ ...staff, unionid: 'u-1' }, member)).toBe('unionid')
    expect(selfCredit({ ...staff, phone: '13812345678' }, member)).toBe('phone')
  })

  test('allowed otherwise, and a missing unionid or phone never matches another missing one', () => {
    expect(selfCredit(staff, member)).toBeNull()
    expect(selfCredit(staff, { ...member, unionid: null })).toBeNull()
  })
})

describe('till limits', () => {
  const limits = { perOrderMaxFen: 500_000, perStaffDailyFen: 5_000_000 }
  test('up to and including each limit credits at once; above it waits for a manager', () => {
    expect(approvalNeeded(500_000, 0, limits)).toBeNull()
    expect(approvalNeeded(500_001, 0, limits)).toBe('per_order_limit')
    expect(approvalNeeded(100_000, 4_900_000, limits)).toBeNull()
    expect(approvalNeeded(100_001, 4_900_000, limits)).toBe('daily_limit')
    expect(approvalNeeded(600_000, 4_900_000, limits)).toBe('per_order_limit')
  })
})

describe('refund plan (cumulative rounding)', () => {
  const order = { amountFen: 10_000, points: 100, refundedFen: 0, reversedPoints: 0 }

  test('refunds above what is left of the order are refused', () => {
    expect(planRefund({ ...order, refundedFen: 9_000, reversedPoints: 90 }, 1_001)).toEqual({ ok: false, code: 'REFUND_EXCEEDS_ORDER', refundableFen: 1_000 })
    expect(planRefund(order, 10_000)).toEqual({ ok: true, refundedFen: 10_000, reversedPoints: 100, reverseNow: 100 })
  })

  test('any split of refunds reverses floor(P × R / A) in all, never more than P, and all of P when fully refunded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 12 }),
        (amountFen, points, weights) => {
          // Split the whole amount into parts proportional to the weights (each at least 1 fen when possible).
          const total = weights.reduce((s, w) => s + w, 0)
          const parts = weights.map((w) => Math.floor((amountFen * w) / total)).filter((p) => p > 0)
          const rest = amountFen - parts.reduce((s, p) => s + p, 0)
          if (rest > 0) parts.push(rest)
          let state = { amountFen, points, refundedFen: 0, reversedPoints: 0 }
          for (const part of parts) {
            const plan = planRefund(state, part)
            if (!plan.ok) return false
            expect(plan.reverseNow).toBeGreaterThanOrEqual(0)
            expect(plan.reversedPoints).toBe(Math.floor((points * plan.refundedFen) / amountFen))
            expect(plan.reversedPoints).toBeLessThanOrEqual(points)
            state = { ...state, refundedFen: plan.refundedFen, reversedPoints: plan.reversedPoints }
          }
          expect(state.refundedFen).toBe(amountFen)
          expect(state.reversedPoints).toBe(points)
          expect(planRefund(state, 1).ok).toBe(false)
          return true
        },
      ),
    )
  })
})

describe('roles and stores', () => {
  test('clerks and managers act for their own store only; admins for every store', () => {
    expect(mayActFor({ role: 'clerk', storeId: 'a' }, 'a')).toBe(true)
    expect(mayActFor({ role: 'clerk', storeId: 'a' }, 'b')).toBe(false)
    expect(mayActFor({ role: 'manager', storeId: 'a' }, 'b')).toBe(false)
    expect(mayActFor({ role: 'admin', storeId: 'hq' }, 'b')).toBe(true)
    expect([isManager({ role: 'clerk' }), isManager({ role: 'manager' }), isManager({ role: 'admin' })]).toEqual([false, true, true])
  })

  test('order keys are per store and unambiguous: store ids have no colon', () => {
    expect(orderKey('a', 'x:1')).toBe('a:x:1')
    expect(StoreId.safeParse('a:b').success).toBe(false)
    expect(StoreId.safeParse('store-01_a').success).toBe(true)
  })

  test('birthday month is by the Asia/Shanghai day', () => {
    expect(inBirthdayMonth('1990-01-15', '2027-01-31')).toBe(true)
    expect(inBirthdayMonth('1990-02-01', '2027-01-31')).toBe(false)
    expect(inBirthdayMonth(null, '2027-01-31')).toBe(false)
  })
})

describe('till inputs', () => {
  const base = { memberCode: '1234 5678 9012 3456 789012', orderId: ' POS-1 ' }
  test('member codes lose their spaces, order ids are trimmed', () => {
    expect(AccrueInput.parse({ ...base, amountFen: 1 })).toEqual({ memberCode: '1234567890123456789012', orderId: 'POS-1', amountFen: 1 })
  })
  test.each([[0], [-1], [1.5], [100_000_001], [NaN], ['1'], [null]])('amount %p is refused', (amountFen) => {
    expect(AccrueInput.safeParse({ ...base, amountFen }).success).toBe(false)
    expect(RefundInput.safeParse({ orderId: 'POS-1', amountFen }).success).toBe(false)
  })
  test('at most ¥1,000,000 per order', () => {
    expect(AccrueInput.safeParse({ ...base, amountFen: 100_000_000 }).success).toBe(true)
  })
})
