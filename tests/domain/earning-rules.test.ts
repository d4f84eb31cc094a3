import fc from 'fast-check'
import { addDays, daysBetween, isoWeekday } from '../../shared/day'
import { bpToMultiplier, DefaultEarningRules, EarningRules, lotDates, multiplierToBp, pointsForPurchase } from '../../shared/points/earning-rules'

// 2027-01-31 is a Sunday.
const TODAY = '2027-01-31'
const base = { tierMultiplier: null, storeId: null, birthday: null, today: TODAY }
const rules = (r: object) => EarningRules.parse(r)

describe('pointsForPurchase', () => {
  test('defaults: 1 point per yuan, rounded down', () => {
    expect(pointsForPurchase({ ...base, amountFen: 999, rules: DefaultEarningRules }).points).toBe(9)
    expect(pointsForPurchase({ ...base, amountFen: 1000, rules: DefaultEarningRules }).points).toBe(10)
    expect(pointsForPurchase({ ...base, amountFen: 99, rules: DefaultEarningRules }).points).toBe(0)
  })

  test('rates 1:5, 1:10 and 5 yuan per point', () => {
    expect(pointsForPurchase({ ...base, amountFen: 1234, rules: rules({ rate: { yuan: 1, points: 5 } }) }).points).toBe(61) // 12.34 × 5 = 61.7
    expect(pointsForPurchase({ ...base, amountFen: 1234, rules: rules({ rate: { yuan: 1, points: 10 } }) }).points).toBe(123)
    expect(pointsForPurchase({ ...base, amountFen: 1234, rules: rules({ rate: { yuan: 5, points: 1 } }) }).points).toBe(2)
  })

  test('multipliers are exact decimals: ¥10 × 1.1 is 11, not 11.000000000000002 or 10', () => {
    const r = rules({})
    expect(pointsForPurchase({ ...base, tierMultiplier: '1.1', amountFen: 1000, rules: r })).toMatchObject({ points: 11, multiplier: '1.1' })
    // 0.29 × 100 is 28.999999999999996 in floats; exact arithmetic gives 29.
    expect(pointsForPurchase({ ...base, tierMultiplier: '0.29', amountFen: 10000, rules: rules({}) }).points).toBe(29)
  })

  test('member day, birthday month and store multipliers; highest applies by default', () => {
    const r = rules({ memberDay: { weekday: 7, multiplier: '2' }, birthdayMonthMultiplier: '3', stores: { S9: { multiplier: '1.2' } } })
    const all = { ...base, tierMultiplier: '1.5', storeId: 'S9', birthday: '1990-01-15', amountFen: 10000, rules: r }
    const res = pointsForPurchase(all)
    expect(res).toMatchObject({ points: 300, multiplier: '3' })
    expect(res.breakdown.multipliers.map((m) => m.kind)).toEqual(['tier', 'memberDay', 'birthdayMonth', 'store'])
    // Monday: no member day; February: no birthday month.
    expect(pointsForPurchase({ ...all, today: '2027-02-01' }).points).toBe(150)
  })

  test('combine multiply stacks them', () => {
    const r = rules({ combine: 'multiply', memberDay: { weekday: 7, multiplier: '2' } })
    expect(pointsForPurchase({ ...base, tierMultiplier: '1.5', amountFen: 1001, rules: r })).toMatchObject({ points: 30, multiplier: '3' }) // 10.01 × 3 = 30.03
  })

  test('a store may have its own rate', () => {
    const r = rules({ stores: { S2: { rate: { yuan: 1, points: 10 } } } })
    expect(pointsForPurchase({ ...base, storeId: 'S2', amountFen: 550, rules: r }).points).toBe(55)
    expect(pointsForPurchase({ ...base, storeId: 'S1', amountFen: 550, rules: r }).points).toBe(5)
  })

  test('property: equals floor(amount × rate × multiplier) computed in exact rationals, and never more than that', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 99_999 }),
        (amountFen, yuan, points, bp) => {
          const m = bpToMultiplier(BigInt(bp))
          const r = rules({ rate: { yuan, points } })
          const got = pointsForPurchase({ ...base, tierMultiplier: m, amountFen, rules: r }).points
          expect(BigInt(got)).toBe((BigInt(amountFen) * BigInt(points) * BigInt(bp)) / (BigInt(yuan) * 100n * 10_000n))
        },
      ),
    )
  })

  test('multiplier strings round-trip through basis points', () => {
    for (const m of ['0', '1', '1.5', '2.25', '0.0001', '999.9999']) expect(bpToMultiplier(multiplierToBp(m))).toBe(m)
    expect(EarningRules.safeParse({ birthdayMonthMultiplier: '1.23456' }).success).toBe(false)
    expect(EarningRules.safeParse({ birthdayMonthMultiplier: '-1' }).success).toBe(false)
  })
})

describe('lotDates', () => {
  test('year-end validity: points earned in 2027 last through 2028-12-31', () => {
    expect(lotDates(DefaultEarningRules, TODAY)).toEqual({ expiresOn: '2028-12-31', availableOn: null })
  })
  test('days validity and a pending window', () => {
    expect(lotDates(rules({ validity: { kind: 'days', days: 365 }, pendingDays: 7 }), TODAY)).toEqual({ expiresOn: '2028-01-31', availableOn: '2027-02-07' })
  })
})

describe('day helpers (Asia/Shanghai day strings)', () => {
  test('addDays crosses months, leap days and years', () => {
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01')
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28')
  })
  test('isoWeekday and daysBetween', () => {
    expect(isoWeekday('2027-01-31')).toBe(7)
    expect(isoWeekday('2027-02-01')).toBe(1)
    expect(daysBetween('2027-01-31', '2028-01-31')).toBe(365)
    expect(daysBetween('2027-02-07', '2027-01-31')).toBe(-7)
  })
})
