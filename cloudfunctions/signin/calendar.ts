import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { currentStreak, monthOf, upcoming, type SigninState } from '../../shared/signin/rules'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { loadSigninRules, SIGNIN_STATE, SIGNINS, type SigninRecord } from '../_lib/signin'

/** signin.calendar: the days of a month (default: this one) the caller checked in, the streak, and what the next days pay. */
export const calendar: Handler<'signin', 'calendar'> = async ({ month }, { deps, identity, now }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const today = shanghaiDay(now)
  const shown = month ?? monthOf(today)
  const [rules, stateRes, days] = await Promise.all([
    loadSigninRules(db),
    db.collection(SIGNIN_STATE).doc(member._id).get(),
    db.collection(SIGNINS).where({ memberId: member._id, month: shown }).limit(31).get(),
  ])
  const state = ((stateRes.data as SigninState[])[0] ?? null) as SigninState | null
  const signed = (days.data as SigninRecord[]).map((r) => ({ day: r.day, streak: r.streak, points: r.points })).sort((a, b) => (a.day < b.day ? -1 : 1))
  return ok({
    month: shown,
    today,
    signed,
    signedToday: state?.lastDay === today,
    streak: currentStreak(state, today),
    upcoming: upcoming(rules, state, today),
    rules: { dailyPoints: rules.dailyPoints, cycleDays: rules.cycleDays, streakRewards: rules.streakRewards },
  })
}
