import * as z from '../zod'
import { addDays, daysBetween } from '../day'

/**
 * Member insight (issue 9): recency, frequency and monetary scores, and the lifecycle stage, from a
 * member's purchase history as tiers keep it (one entry per Asia/Shanghai day with spend). Pure: the
 * nightly job feeds it each member's days and today, and stores the answer on the member's insight.
 */

/** Four ascending thresholds, for scores 1–5. */
const Bands = (what: string) =>
  z
    .array(z.number().int().min(0))
    .length(4, `${what}需要 4 个分界值（得分 1–5）`)
    .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]), `${what}的分界值必须从小到大`)

export const InsightConfig = z
  .object({
    /** Looked back over for frequency and monetary. */
    windowDays: z.number().int().min(30).max(730).default(365),
    /** Days since the last visit at or below which recency scores 5, 4, 3, 2 (larger: 1). Descending. */
    recencyDays: Bands('最近消费').default([14, 30, 90, 180]),
    /** Visit days in the window. */
    frequencyVisits: Bands('消费频次').default([2, 4, 8, 16]),
    /** Spend in fen in the window. */
    monetaryFen: Bands('消费金额').default([20_000, 50_000, 150_000, 500_000]),
    /** Lifecycle: joined within `newDays` and … */
    newDays: z.number().int().min(1).max(365).default(30),
    /** … last visit within `activeDays` is active, within `atRiskDays` at risk, beyond that dormant. */
    activeDays: z.number().int().min(1).max(730).default(60),
    atRiskDays: z.number().int().min(2).max(1460).default(180),
    /** The top spenders: this share of members by spend in the window (the "20%" of 80/20). */
    topSharePercent: z.number().int().min(1).max(50).default(20),
  })
  .strict()
  .refine((c) => c.atRiskDays > c.activeDays, { message: '"流失风险"天数必须大于"活跃"天数', path: ['atRiskDays'] })
export type InsightConfig = z.infer<typeof InsightConfig>
export const DefaultInsightConfig: InsightConfig = InsightConfig.parse({})

export type Lifecycle = 'new' | 'active' | 'at_risk' | 'dormant'

export interface RfmScores {
  recency: number
  frequency: number
  monetary: number
  /** '555' … '111': recency, frequency, monetary. */
  code: string
}

/** What the scores are computed from. */
export interface PurchaseFacts {
  /** The day the member joined. */
  since: string
  /** [day, spend in fen that day after refunds], ascending; days with no spend are not visits. */
  days: ReadonlyArray<readonly [string, number]>
}

export interface MemberInsight {
  lastVisit: string | null
  daysSinceVisit: number | null
  visits: number
  spendFen: number
  rfm: RfmScores
  lifecycle: Lifecycle
}

/** The score of `value` against ascending thresholds: below the first 1, at or past the last 5. */
export function bandScore(value: number, thresholds: readonly number[]): number {
  let score = 1
  for (const t of thresholds) if (value >= t) score++
  return score
}

/** Recency: the fewer days since the last visit, the higher; never visited scores 1. */
export function recencyScore(daysSince: number | null, thresholds: readonly number[]): number {
  if (daysSince === null) return 1
  let score = 5
  for (const t of thresholds) if (daysSince > t) score--
  return score
}

export function insightOf(facts: PurchaseFacts, today: string, c: InsightConfig): MemberInsight {
  let visits = 0
  let spendFen = 0
  let lastVisit: string | null = null
  // The window is the last `windowDays` days, today included (days compare as strings).
  const start = addDays(today, -(c.windowDays - 1))
  for (const [day, fen] of facts.days) {
    if (fen <= 0 || day > today) continue
    lastVisit = day
    if (day >= start) {
      visits++
      spendFen += fen
    }
  }
  const daysSinceVisit = lastVisit === null ? null : daysBetween(lastVisit, today)
  const rfm = {
    recency: recencyScore(daysSinceVisit, c.recencyDays),
    frequency: bandScore(visits, c.frequencyVisits),
    monetary: bandScore(spendFen, c.monetaryFen),
  }
  return { lastVisit, daysSinceVisit, visits, spendFen, rfm: { ...rfm, code: `${rfm.recency}${rfm.frequency}${rfm.monetary}` }, lifecycle: lifecycleOf(facts.since, daysSinceVisit, today, c) }
}

/**
 * New: joined within `newDays` (whether or not they bought yet). Otherwise by the days since the last
 * visit: active within `activeDays`, at risk within `atRiskDays`, dormant beyond (or never bought).
 */
export function lifecycleOf(since: string, daysSinceVisit: number | null, today: string, c: InsightConfig): Lifecycle {
  if (daysBetween(since, today) < c.newDays) return 'new'
  if (daysSinceVisit === null) return 'dormant'
  if (daysSinceVisit <= c.activeDays) return 'active'
  if (daysSinceVisit <= c.atRiskDays) return 'at_risk'
  return 'dormant'
}
