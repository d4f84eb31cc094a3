import fc from 'fast-check'
import { addDays } from '../../shared/day'
import { bonusFor, currentStreak, nextStreak, rewardFor, upcoming } from '../../shared/signin/rules'
import { DefaultSigninRules, SigninRules } from '../../shared/signin/schemas'

const rules = SigninRules.parse({ dailyPoints: 5, streakRewards: [{ day: 3, points: 10 }, { day: 7, points: 30, couponTemplateId: 'gift' }], cycleDays: 7 })

describe('streaks', () => {
  test('a check-in the day after the last one extends the streak; a gap starts again at 1; the same day is null', () => {
    expect(nextStreak(null, '2027-03-01')).toBe(1)
    expect(nextStreak({ lastDay: '2027-02-28', streak: 4, total: 9 }, '2027-03-01')).toBe(5) // across a month end
    expect(nextStreak({ lastDay: '2027-02-27', streak: 4, total: 9 }, '2027-03-01')).toBe(1)
    expect(nextStreak({ lastDay: '2027-03-01', streak: 4, total: 9 }, '2027-03-01')).toBeNull()
    expect(nextStreak({ lastDay: '2027-12-31', streak: 2, total: 2 }, '2028-01-01')).toBe(3) // across a year end
  })

  test('the current streak is alive while the last check-in was today or yesterday', () => {
    const state = { lastDay: '2027-03-01', streak: 6, total: 6 }
    expect(currentStreak(state, '2027-03-01')).toBe(6)
    expect(currentStreak(state, '2027-03-02')).toBe(6)
    expect(currentStreak(state, '2027-03-03')).toBe(0)
    expect(currentStreak(null, '2027-03-03')).toBe(0)
  })
})

describe('rewards', () => {
  test('bonuses fall on their day of each cycle; without a cycle, once per streak', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14].map((n) => rewardFor(rules, 'd', n).points)).toEqual([5, 5, 15, 5, 5, 5, 35, 5, 5, 15, 35])
    expect(bonusFor(rules, 14)?.couponTemplateId).toBe('gift')
    const once = SigninRules.parse({ ...rules, cycleDays: null })
    expect([3, 7, 10, 14].map((n) => bonusFor(once, n)?.points ?? 0)).toEqual([10, 30, 0, 0])
  })

  test('upcoming starts today when not yet signed, tomorrow when signed, and continues the streak', () => {
    const signedToday = upcoming(rules, { lastDay: '2027-03-01', streak: 2, total: 2 }, '2027-03-01', 3)
    expect(signedToday.map((r) => [r.day, r.streak, r.points])).toEqual([
      ['2027-03-02', 3, 15],
      ['2027-03-03', 4, 5],
      ['2027-03-04', 5, 5],
    ])
    const notYet = upcoming(rules, { lastDay: '2027-02-27', streak: 9, total: 9 }, '2027-03-01', 2)
    expect(notYet.map((r) => [r.day, r.streak])).toEqual([
      ['2027-03-01', 1],
      ['2027-03-02', 2],
    ])
  })

  test('property: checking in every day for n days earns n × daily plus every bonus position reached', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (n) => {
        let state = null as { lastDay: string; streak: number; total: number } | null
        let total = 0
        for (let i = 0; i < n; i++) {
          const day = addDays('2027-01-01', i)
          const streak = nextStreak(state, day)!
          total += rewardFor(rules, day, streak).points
          state = { lastDay: day, streak, total: (state?.total ?? 0) + 1 }
        }
        const cycles = Math.floor(n / 7)
        const rest = n % 7
        expect(total).toBe(5 * n + cycles * 40 + (rest >= 3 ? 10 : 0))
        expect(state!.streak).toBe(n)
      }),
    )
  })

  test('rules: repeated bonus days and days past the cycle are refused; the defaults are valid', () => {
    expect(SigninRules.safeParse({ streakRewards: [{ day: 3 }, { day: 3 }] }).success).toBe(false)
    expect(SigninRules.safeParse({ cycleDays: 5, streakRewards: [{ day: 7, points: 1 }] }).success).toBe(false)
    expect(DefaultSigninRules).toMatchObject({ dailyPoints: 5, cycleDays: 7 })
  })
})
