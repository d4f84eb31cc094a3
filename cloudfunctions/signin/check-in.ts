import { addDays, shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { earn } from '../../shared/points/account'
import { EntryIds } from '../../shared/points/ledger-entry'
import { monthOf, nextStreak, rewardFor, upcoming, type SigninState } from '../../shared/signin/rules'
import type { CheckInResult } from '../../shared/signin/schemas'
import { issueCoupons, loadTemplate } from '../_lib/coupons'
import { appendEntries, loadAccount, saveAccount } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { loadSigninRules, SIGNIN_STATE, SIGNINS, type SigninRecord } from '../_lib/signin'
import { commit, rollback, withTransaction } from '../_lib/transaction'

/**
 * signin.checkIn: once per Asia/Shanghai day, however often it is raced. One transaction reads the
 * member's sign-in state (the per-member lock), and writes the day's record (`<memberId>:<day>`,
 * which a racing twin collides on), the points as a lot, a milestone's coupon, and the new state.
 * A second check-in the same day answers the first with `already: true` and gives nothing.
 */
export const checkIn: Handler<'signin', 'checkIn'> = async (_input, { deps, identity, now }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const today = shanghaiDay(now)
  const rules = await loadSigninRules(db)
  const recordId = `${member._id}:${today}`

  const done = await withTransaction<Result<{ record: SigninRecord; already: boolean; balance: number; state: SigninState }>>(db, async (tx) => {
    const state = (await tx.collection(SIGNIN_STATE).doc(member._id).get()).data as SigninState | null
    const streak = nextStreak(state, today)
    if (streak === null) {
      const record = (await tx.collection(SIGNINS).doc(recordId).get()).data as SigninRecord | null
      if (!record) throw new Error(`signin state says ${today} but ${recordId} is missing`)
      return rollback(ok({ record: { ...record, _id: recordId }, already: true, balance: (await loadAccount(tx, member._id)).balance, state: state! }))
    }
    const reward = rewardFor(rules, today, streak)
    const change = earn(await loadAccount(tx, member._id), {
      entryId: EntryIds.signin(member._id, today),
      points: reward.points,
      expiresOn: addDays(today, rules.pointsValidDays - 1),
      availableOn: null,
      orderKey: null,
      source: { kind: 'member', id: member.openid, storeId: null },
      reason: reward.bonusPoints > 0 ? `签到奖励（连续 ${streak} 天）` : '每日签到',
      now,
    })
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    const template = reward.couponTemplateId ? await loadTemplate(db, reward.couponTemplateId) : null
    const coupons = template?.active ? await issueCoupons(tx, deps, template, member, { channel: 'campaign', issueKey: `signin:${recordId}`, count: 1, now }) : null
    const record: SigninRecord = {
      _id: recordId,
      memberId: member._id,
      day: today,
      month: monthOf(today),
      streak,
      points: reward.points,
      bonusPoints: reward.bonusPoints,
      couponCodes: coupons?.map((c) => c._id) ?? [],
      at: now,
    }
    await tx.collection(SIGNINS).add(record)
    const next: SigninState = { lastDay: today, streak, total: (state?.total ?? 0) + 1 }
    await tx.collection(SIGNIN_STATE).doc(member._id).set(next)
    return commit(ok({ record, already: false, balance: change.account.balance, state: next }))
  })
  if (!done.ok) return done
  const { record, already, state } = done.data
  const result: CheckInResult = {
    day: record.day,
    streak: record.streak,
    points: record.points,
    bonusPoints: record.bonusPoints,
    couponCodes: record.couponCodes,
    already,
    balance: done.data.balance,
    upcoming: upcoming(rules, state, today),
  }
  return ok(result)
}
