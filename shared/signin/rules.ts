import { addDays } from '../day'
import type { DayReward, SigninRules, StreakReward } from './schemas'

/** The member's last check-in (`signin_state/<memberId>`). */
export interface SigninState {
  lastDay: string
  streak: number
  total: number
}

/**
 * The streak a check-in on `today` reaches: one more than yesterday's, else 1 (a gap breaks it).
 * Null when the member already checked in today.
 */
export function nextStreak(state: SigninState | null, today: string): number | null {
  if (state?.lastDay === today) return null
  return state && state.lastDay === addDays(today, -1) ? state.streak + 1 : 1
}

/** The streak as it stands on `today`: alive while the last check-in was today or yesterday. */
export function currentStreak(state: SigninState | null, today: string): number {
  if (!state) return 0
  return state.lastDay === today || state.lastDay === addDays(today, -1) ? state.streak : 0
}

/** The bonus for reaching `streak` (with a cycle, day 8 of a 7-day cycle is day 1 again). */
export function bonusFor(rules: SigninRules, streak: number): StreakReward | null {
  const position = rules.cycleDays === null ? streak : ((streak - 1) % rules.cycleDays) + 1
  return rules.streakRewards.find((r) => r.day === position) ?? null
}

/** What a check-in that reaches `streak` on `day` pays. */
export function rewardFor(rules: SigninRules, day: string, streak: number): DayReward {
  const bonus = bonusFor(rules, streak)
  return {
    day,
    streak,
    points: rules.dailyPoints + (bonus?.points ?? 0),
    bonusPoints: bonus?.points ?? 0,
    couponTemplateId: bonus?.couponTemplateId ?? null,
  }
}

/**
 * The rewards of the next `n` check-ins if the member keeps the streak: from today when they have
 * not checked in yet, else from tomorrow.
 */
export function upcoming(rules: SigninRules, state: SigninState | null, today: string, n = 7): DayReward[] {
  const next = nextStreak(state, today)
  const [first, streak] = next === null ? [addDays(today, 1), state!.streak + 1] : [today, next]
  return Array.from({ length: n }, (_, i) => rewardFor(rules, addDays(first, i), streak + i))
}

/** The Asia/Shanghai month of a day ('2027-01-31' → '2027-01'). */
export const monthOf = (day: string) => day.slice(0, 7)
