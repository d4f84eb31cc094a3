import { addDays, shanghaiDay } from '../../shared/day'
import type { Account } from '../../shared/points/account'
import { isUnclaimed, type MemberRecord } from '../../shared/member/member-record'
import { isDuplicate } from '../_lib/db-errors'
import { defineJob } from '../_lib/job'
import { EXPIRY_WARNINGS, forEachAccount, loadEarningRules } from '../_lib/ledger'
import { MEMBERS } from '../_lib/members'
import { deliver } from '../_lib/messaging'

/** Points of `account` expiring on each day from `today` to `until`, soonest first. */
function expiringByDay(account: Account, today: string, until: string): Array<{ date: string; points: number }> {
  const byDay = new Map<string, number>()
  for (const lot of account.lots)
    if (lot.expiresOn >= today && lot.expiresOn <= until) byDay.set(lot.expiresOn, (byDay.get(lot.expiresOn) ?? 0) + lot.remaining)
  return [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, points]) => ({ date, points }))
}

/**
 * Warns each member with points expiring within `warningDays` (earning rules), at most once per
 * member per expiry day, through the message layer (`deliver`, key `expiry:<memberId>:<day>`): a
 * subscribe opt-in of template `points-expiry`, else SMS where the member agreed to it. The
 * `points_expiry_warnings` document `<memberId>:<expiresOn>` is created (a unique `_id`) BEFORE
 * delivering, so a rerun or a racing run skips it. If the message fails, or finds no consent, the
 * claim is removed and the next run tries again (the member may opt in meanwhile); if the process
 * dies between claim and send, that one message is lost rather than ever sent twice.
 */
export const pointsExpiryWarning = defineJob({
  name: 'points-expiry-warning',
  description: 'message members whose points expire within the warning window (once per member per expiry day)',
  async run(deps, now) {
    const today = shanghaiDay(now)
    const rules = await loadEarningRules(deps.db)
    const until = addDays(today, rules.warningDays)
    const summary = { today, until, scanned: 0, warned: 0, messages: 0, alreadyWarned: 0, skipped: 0, failed: 0, noMember: 0, unclaimed: 0 }
    await forEachAccount(deps.db, { nextExpiryOn: deps.db.command.lte(until) }, async (account) => {
      summary.scanned++
      const expiring = expiringByDay(account, today, until)
      if (expiring.length === 0) return
      const member = ((await deps.db.collection(MEMBERS).doc(account._id).get()).data as MemberRecord[])[0]
      if (!member) {
        summary.noMember++
        return
      }
      // An imported member nobody has opened in the mini-program yet has no WeChat to message.
      if (isUnclaimed(member)) {
        summary.unclaimed++
        return
      }
      let sent = 0
      for (const { date, points } of expiring) {
        const id = `${account._id}:${date}`
        try {
          await deps.db.collection(EXPIRY_WARNINGS).add({ _id: id, memberId: account._id, expiresOn: date, points, status: 'sending', createdAt: now })
        } catch (err) {
          if (!isDuplicate(err)) throw err
          summary.alreadyWarned++
          continue
        }
        const claim = deps.db.collection(EXPIRY_WARNINGS).doc(id)
        const outcome = await deliver(deps, {
          key: `expiry:${account._id}:${date}`,
          memberId: account._id,
          kind: 'points-expiry',
          campaignId: null,
          channels: ['subscribe', 'sms'],
          template: 'points-expiry',
          page: 'pages/points/index',
          text: `您有 ${points} 积分将于 ${date} 后过期，请尽快使用`,
          data: { points: String(points), expiresOn: date },
        })
        if (outcome.status === 'sent' || outcome.status === 'duplicate') {
          // A duplicate went out (or is going out) under this key already: the claim stands.
          await claim.update({ status: 'sent', sentAt: now, channel: outcome.status === 'sent' ? outcome.channel : null })
          if (outcome.status === 'sent') sent++
          else summary.alreadyWarned++
          continue
        }
        await claim.remove()
        if (outcome.status === 'failed') summary.failed++
        else summary.skipped++
      }
      summary.messages += sent
      if (sent > 0) summary.warned++
    })
    return summary
  },
})
