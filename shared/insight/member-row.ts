import { insightOf, type InsightConfig, type Lifecycle, type MemberInsight } from './rfm'
import type { Channel, ChannelCounts, Engagement } from './preference'
import type { SegmentFacts } from './segment'

/**
 * One member's line in the nightly insight snapshot: their profile as segments filter it, the RFM
 * scores and lifecycle stage, and what the window shows of them (issue 9). Pure: the job gathers the
 * sources, this puts them together, and the snapshot stores the result column by column (chunk.ts).
 */
export interface InsightRow extends MemberInsight {
  memberId: string
  /** The level held on the snapshot's day. */
  tierId: string
  region: string[]
  birthday: string | null
  /** Operator tags when the row was made (segments overlay later changes: member_tags). */
  tags: string[]
  /** The Asia/Shanghai day the member registered (or was imported). */
  joined: string
  /** Imported and not yet opened in the mini-program: nobody to message. */
  unclaimed: boolean
  topSpender: boolean
  /** Friends they invited whose invitation was paid (status rewarded or over_cap), ever. */
  convertedInvites: number
  /** Coupons written off, and mall orders placed and not cancelled or expired, in the window. */
  couponsUsed: number
  mallOrders: number
  preferredStore: string | null
  preferredChannel: Channel | null
  /** Ledger entries per channel in the window (preference.ts). */
  channels: ChannelCounts
}

/** What the job gathers for one member: the row's profile and counts as they are, and what the rest is worked out from. */
export interface InsightSources
  extends Pick<InsightRow, 'memberId' | 'tierId' | 'region' | 'birthday' | 'tags' | 'joined' | 'unclaimed' | 'convertedInvites' | 'couponsUsed' | 'mallOrders'> {
  /** The member's purchase days as tiers keep them (member_tiers growth.days), [] without a record. */
  days: ReadonlyArray<readonly [string, number]>
  engagement: Engagement
}

/** `thresholdFen`: the least spend in the top-spender group (null: nobody spent). */
export function insightRowOf(s: InsightSources, today: string, c: InsightConfig, thresholdFen: number | null): InsightRow {
  const { days, engagement, ...profile } = s
  const insight = insightOf({ since: s.joined, days }, today, c)
  return {
    ...insight,
    ...profile,
    topSpender: thresholdFen !== null && insight.spendFen > 0 && insight.spendFen >= thresholdFen,
    preferredStore: engagement.preferredStore(),
    preferredChannel: engagement.preferredChannel(),
    channels: { ...engagement.channels },
  }
}

/** What a segment filter sees of a row; `tags` replaces the row's own when they changed since. */
export function factsOf(row: InsightRow, tags: readonly string[] = row.tags): SegmentFacts {
  return {
    tierId: row.tierId,
    lifecycle: row.lifecycle,
    region: row.region,
    birthday: row.birthday,
    tags,
    rfm: row.rfm,
    topSpender: row.topSpender,
    convertedInvites: row.convertedInvites,
    couponsUsed: row.couponsUsed,
    mallOrders: row.mallOrders,
  }
}

/** A run's figures, added up chunk by chunk (kept on the run document, so a resumed run goes on counting). */
export interface InsightTotals {
  members: number
  unclaimed: number
  topSpenders: number
  lifecycle: Record<Lifecycle, number>
  /** Members per score 1–5 (index 0 is score 1). */
  recency: number[]
  frequency: number[]
  monetary: number[]
  /** grid[recency - 1][frequency - 1]: members with that pair of scores. */
  grid: number[][]
}

const five = () => [0, 0, 0, 0, 0]
export const emptyTotals = (): InsightTotals => ({
  members: 0,
  unclaimed: 0,
  topSpenders: 0,
  lifecycle: { new: 0, active: 0, at_risk: 0, dormant: 0 },
  recency: five(),
  frequency: five(),
  monetary: five(),
  grid: [five(), five(), five(), five(), five()],
})

/** A copy of `t` with `rows` counted in. */
export function addTotals(t: InsightTotals, rows: readonly InsightRow[]): InsightTotals {
  const n: InsightTotals = structuredClone(t)
  for (const r of rows) {
    n.members++
    if (r.unclaimed) n.unclaimed++
    if (r.topSpender) n.topSpenders++
    n.lifecycle[r.lifecycle]++
    n.recency[r.rfm.recency - 1]++
    n.frequency[r.rfm.frequency - 1]++
    n.monetary[r.rfm.monetary - 1]++
    n.grid[r.rfm.recency - 1][r.rfm.frequency - 1]++
  }
  return n
}
