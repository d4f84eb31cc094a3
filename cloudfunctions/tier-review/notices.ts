import { addDays } from '../../shared/day'
import { statsAt, type GrowthStats } from '../../shared/tier/growth'
import { onTerms, shortfall, type MemberTier, type ReviewOutcome } from '../../shared/tier/member-tier'
import { levelIndex, mapLevel, retainRule, type TierConfig, type TierProgramme, type TierRule } from '../../shared/tier/programme'
import { yuanText } from '../../shared/money'
import { missingText, warningText, glue } from '../../shared/tier/status'
import type { SubscribeMessage } from '../_lib/subscribe'

/**
 * `tier_notices/<memberId>:<kind>:<day>`: one message about one review, recorded in the same
 * transaction as the change it reports and sent after commit (see tier-review.ts). `day` is the
 * review day (`at-risk`, `grace`) or the day the step down was due (`stepped-down`).
 */
export const TIER_NOTICES = 'tier_notices'

export type NoticeKind = 'stepped-down' | 'grace' | 'at-risk'

export interface TierNotice {
  _id: string
  memberId: string
  kind: NoticeKind
  day: string
  message: SubscribeMessage
  /**
   * `pending` → `sending` (claimed) → `sent`, or `skipped` (no opt-in or SMS consent: not retried);
   * a failed send goes back to `pending`; `expired` if never sent in time.
   */
  status: 'pending' | 'sending' | 'sent' | 'skipped' | 'expired'
  /** From this day on the news is stale and the notice is not sent. */
  expiresOn: string
  createdAt: Date
}

export const noticeId = (memberId: string, kind: NoticeKind, day: string) => `${memberId}:${kind}:${day}`

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
const windowText = (p: TierProgramme) => (p.windowDays === 365 ? '过去一年' : `过去 ${p.windowDays} 天`)

/** "消费满 ¥5,000、到店满 4 天": what a retention rule asks. */
export function ruleText(rule: TierRule): string {
  const parts: string[] = []
  if (rule.spendFen !== undefined) parts.push(`消费满 ¥${yuanText(rule.spendFen)}`)
  if (rule.visitDays !== undefined) parts.push(`到店满 ${rule.visitDays} 天`)
  if (rule.maxGapDays !== undefined) parts.push(`两次到店间隔不超过 ${rule.maxGapDays} 天`)
  return parts.join('、')
}

/** "消费 ¥3,000、到店 2 天": what the member showed, on the criteria the rule asks about. */
function hadText(rule: TierRule, s: GrowthStats): string {
  const parts: string[] = []
  if (rule.spendFen !== undefined) parts.push(`消费 ¥${yuanText(s.spendFen)}`)
  if (rule.visitDays !== undefined) parts.push(`到店 ${s.visitDays} 天`)
  if (rule.maxGapDays !== undefined) parts.push(`最长 ${s.maxGapDays} 天未到店`)
  return parts.join('、')
}

const PAGE = 'pages/tier/index'

/**
 * The `tier-changed` message for a review's outcome (`t0`: the record before the review), or null
 * when there is nothing to say (kept).
 */
export function reviewNotice(config: TierConfig, t0: MemberTier, outcome: ReviewOutcome, now: Date): TierNotice | null {
  if (outcome.kind === 'kept') return null
  const dueOn = (t0.graceUntil ?? t0.reviewOn)!
  const { tier, programme: p } = onTerms(config, t0, dueOn)
  const notice = (kind: NoticeKind, day: string, expiresOn: string, text: string, data: Record<string, string>): TierNotice => ({
    _id: noticeId(t0._id, kind, day),
    memberId: t0._id,
    kind,
    day,
    message: { to: t0.openid, template: 'tier-changed', page: PAGE, text, data: { kind, ...data } },
    status: 'pending',
    expiresOn,
    createdAt: now,
  })
  if (outcome.kind === 'grace') {
    const idx = levelIndex(p, outcome.levelId)
    const level = p.levels[idx]
    const lower = p.levels[Math.max(0, idx - 1)]
    const rule = retainRule(level)
    const lastDay = addDays(outcome.graceUntil, -1)
    const missing = missingText(shortfall(rule, statsAt(tier.growth, lastDay, p.windowDays))).zh || '满足保级条件'
    const text = `您的${level.name.zh}复核未达到保级条件（${ruleText(rule)}），保级宽限期至${md(lastDay)}：${glue(`期间${missing}`, `即可保留${level.name.zh}`)}，否则${md(outcome.graceUntil)}起调整为${lower.name.zh}。`
    return notice('grace', t0.reviewOn!, outcome.graceUntil, text, { level: level.name.zh, graceUntil: outcome.graceUntil, lastDay, missing })
  }
  const from = p.levels[levelIndex(p, outcome.from)]
  const to = p.levels[levelIndex(p, outcome.to)]
  const rule = retainRule(from)
  const stats = statsAt(tier.growth, addDays(dueOn, -1), p.windowDays)
  const text = `${t0.graceUntil ? `您的${from.name.zh}保级宽限期已结束。` : ''}${windowText(p)}您${hadText(rule, stats)}，未达到${from.name.zh}的保级条件（${ruleText(rule)}），已调整为${to.name.zh}。`
  return notice('stepped-down', dueOn, addDays(dueOn, 30), text, { from: from.name.zh, to: to.name.zh, reviewOn: dueOn })
}

/**
 * The `tier-at-risk` warning for a member short of keeping their level, due within the
 * `warnDaysBefore` of the programme that will review them and not yet warned for this review, or
 * null. Members whose review is due (or in grace), or whose hand-set floor keeps the level, get none.
 */
export function atRiskNotice(config: TierConfig, t: MemberTier, today: string, now: Date): TierNotice | null {
  if (!t.reviewOn || t.reviewOn <= today || t.graceUntil !== null || t.warnedFor === t.reviewOn) return null
  const { tier, programme: p } = onTerms(config, t, t.reviewOn)
  if (p.warnDaysBefore === 0 || t.reviewOn > addDays(today, p.warnDaysBefore)) return null
  const idx = levelIndex(p, tier.levelId)
  if (tier.manual?.kind === 'floor' && mapLevel(p, tier.manual.levelId) >= idx) return null
  const warning = warningText(p, tier)
  if (!warning) return null
  return {
    _id: noticeId(t._id, 'at-risk', t.reviewOn),
    memberId: t._id,
    kind: 'at-risk',
    day: t.reviewOn,
    message: { to: t.openid, template: 'tier-changed', page: PAGE, text: warning.text, data: warning.data },
    status: 'pending',
    expiresOn: t.reviewOn,
    createdAt: now,
  }
}
