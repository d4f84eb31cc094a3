import { addDays, shanghaiDay } from '../../shared/day'
import { review, reviewDue, type MemberTier, type ReviewOutcome } from '../../shared/tier/member-tier'
import type { TierConfig } from '../../shared/tier/programme'
import type { Deps } from '../_lib/deps'
import { defineJob } from '../_lib/job'
import { deliver } from '../_lib/messaging'
import { forEachById } from '../_lib/paging'
import { forEachMemberTier, loadTierConfig, MEMBER_TIERS, saveMemberTier, TIER_PAGE_SIZE } from '../_lib/tiers'
import { commit, rollback, withTransaction, type Transaction } from '../_lib/transaction'
import { atRiskNotice, reviewNotice, TIER_NOTICES, type TierNotice } from './notices'
import { isUnclaimed } from '../../shared/member/member-record'

export interface TierReviewSummary {
  today: string
  /** Members whose review (or grace end) ran: kept + grace + steppedDown. */
  reviewed: number
  kept: number
  grace: number
  steppedDown: number
  /** Members who were found short of keeping their level and got a warning recorded. */
  warned: number
  /** Subscribe messages sent (this run's notices and earlier runs' unsent ones). */
  messages: number
  /** Notices the member had no opt-in or SMS consent for: skipped, not retried. */
  skipped: number
  /** Sends that failed: the notice is pending again and the next run retries it. */
  failed: number
  /** Unsent notices whose news went stale (the review came, the grace ended): dropped. */
  expired: number
}

const readTier = async (tx: Transaction, id: string): Promise<MemberTier | null> => {
  const doc = (await tx.collection(MEMBER_TIERS).doc(id).get()).data as MemberTier | null
  return doc ? { ...doc, _id: id } : null
}

/** Records a notice in the transaction, unless one with its id already exists. */
async function recordNotice(tx: Transaction, notice: TierNotice): Promise<void> {
  const ref = tx.collection(TIER_NOTICES).doc(notice._id)
  if ((await ref.get()).data) return
  const { _id, ...data } = notice
  await ref.set(data)
}

/** One member's review in its own transaction, on the record as it is now; null if it was not due after all. */
function reviewMember(deps: Deps, config: TierConfig, id: string, today: string, now: Date): Promise<ReviewOutcome | null> {
  return withTransaction(deps.db, async (tx) => {
    const t0 = await readTier(tx, id)
    const result = t0 && review(config, t0, today, now)
    if (!t0 || !result) return rollback(null)
    await saveMemberTier(tx, result.tier)
    const notice = reviewNotice(config, t0, result.outcome, now)
    if (notice) await recordNotice(tx, notice)
    return commit(result.outcome)
  })
}

/** One member's keep-your-level warning in its own transaction: `warnedFor` and the notice together. */
function warnMember(deps: Deps, config: TierConfig, id: string, today: string, now: Date): Promise<boolean> {
  return withTransaction(deps.db, async (tx) => {
    const t = await readTier(tx, id)
    const notice = t && atRiskNotice(config, t, today, now)
    if (!t || !notice) return rollback(false)
    await saveMemberTier(tx, { ...t, warnedFor: t.reviewOn, updatedAt: now })
    await recordNotice(tx, notice)
    return commit(true)
  })
}

/**
 * Sends every pending notice through the message layer (`deliver`, key `tier:<noticeId>`, a
 * `tier-changed` opt-in or SMS), each at most once: it is claimed (`pending` → `sending`, a
 * compare-and-set) BEFORE sending, so a rerun or a racing run skips it. A failed send puts it back
 * to `pending` and the next run tries again; a notice the member has no consent for is `skipped`
 * for good (this job runs hourly: retrying would cost a delivery per member every hour). If the
 * process dies between claim and send, that one message is lost rather than ever sent twice.
 */
async function sendPending(deps: Deps, today: string, now: Date, summary: TierReviewSummary): Promise<void> {
  const notices = deps.db.collection(TIER_NOTICES)
  await forEachById<TierNotice>(deps.db, TIER_NOTICES, { status: 'pending' }, TIER_PAGE_SIZE, async (n) => {
    const stale = n.expiresOn <= today
    // An imported member nobody has opened in the mini-program yet: nobody to message; it expires in time.
    if (!stale && isUnclaimed({ openid: n.message.to })) return
    const claimed = await notices.where({ _id: n._id, status: 'pending' }).update({ status: stale ? 'expired' : 'sending', claimedAt: now })
    if (claimed.updated !== 1) return
    if (stale) {
      summary.expired++
      return
    }
    const outcome = await deliver(deps, {
      key: `tier:${n._id}`,
      memberId: n.memberId,
      kind: n.kind === 'at-risk' ? 'tier-at-risk' : 'tier-changed',
      campaignId: null,
      channels: ['subscribe', 'sms'],
      template: n.message.template,
      page: n.message.page,
      text: n.message.text,
      data: n.message.data,
    })
    if (outcome.status === 'failed') {
      await notices.doc(n._id).update({ status: 'pending' })
      summary.failed++
    } else if (outcome.status === 'skipped') {
      await notices.doc(n._id).update({ status: 'skipped', reason: outcome.reason })
      summary.skipped++
    } else {
      // A duplicate went out under this key already (a run that died before marking it).
      await notices.doc(n._id).update({ status: 'sent', sentAt: now, channel: outcome.status === 'sent' ? outcome.channel : null })
      if (outcome.status === 'sent') summary.messages++
    }
  })
}

/**
 * The yearly tier review (Asia/Shanghai days). At `now`, with today = shanghaiDay(now):
 * 1. every member whose review (`reviewOn`) or grace end (`graceUntil`) is today or earlier is
 *    reviewed (`review()` in shared/tier) in their own transaction: kept, grace, or one level down;
 * 2. members short of keeping their level, reviewed within their programme's `warnDaysBefore`, are
 *    warned once per review (`warnedFor`);
 * 3. the messages (`tier_notices`, recorded in the same transaction as the change) are delivered.
 * Run twice: the second run finds nothing to do. Killed half-way: the members not yet done still
 * match, and notices recorded but not sent are still pending; the next run finishes both.
 */
export const tierReview = defineJob({
  name: 'tier-review',
  description: 'tier reviews and grace ends due today (Asia/Shanghai), keep-your-level warnings, their messages',
  async run(deps, now): Promise<TierReviewSummary> {
    const today = shanghaiDay(now)
    const config = await loadTierConfig(deps.db)
    const _ = deps.db.command
    const summary: TierReviewSummary = { today, reviewed: 0, kept: 0, grace: 0, steppedDown: 0, warned: 0, messages: 0, skipped: 0, failed: 0, expired: 0 }

    const reviewDueOne = async (row: MemberTier) => {
      if (!reviewDue(row, today)) return // e.g. reviewOn passed but in grace until later
      const outcome = await reviewMember(deps, config, row._id, today, now)
      if (!outcome) return
      summary.reviewed++
      summary[outcome.kind]++
    }
    await forEachMemberTier(deps.db, { graceUntil: _.lte(today) }, reviewDueOne)
    // Members in grace wait for the grace end (the pass above), not their passed review day.
    await forEachMemberTier(deps.db, { reviewOn: _.lte(today), graceUntil: null }, reviewDueOne)

    const warnDays = Math.max(...config.versions.map((v) => v.warnDaysBefore))
    if (warnDays > 0)
      await forEachMemberTier(deps.db, { reviewOn: _.gt(today).and(_.lte(addDays(today, warnDays))) }, async (row) => {
        if (!atRiskNotice(config, row, today, now)) return
        if (await warnMember(deps, config, row._id, today, now)) summary.warned++
      })

    await sendPending(deps, today, now, summary)
    return summary
  },
})
