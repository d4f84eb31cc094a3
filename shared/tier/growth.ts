import { addDays, daysBetween } from '../day'

/**
 * A member's growth: what tiers are graded on. It counts purchases (spend and visit days), never the
 * points balance, so redeeming points never costs a level. Kept as one entry per Asia/Shanghai day
 * with a purchase, oldest first; days older than any window can reach are dropped.
 */
export interface Growth {
  /** The day the member joined: the gap rule does not count days before it. */
  since: string
  /** [day, spend in fen that day after refunds], ascending by day. */
  days: Array<[string, number]>
}

export interface GrowthStats {
  spendFen: number
  visitDays: number
  maxGapDays: number
  /** The last visit in the window, or null. */
  lastVisit: string | null
}

/** How far back growth is kept: the longest window a programme may use, plus margin. */
export const GROWTH_KEEP_DAYS = 740

export const emptyGrowth = (since: string): Growth => ({ since, days: [] })

/** Adds (or, with a negative amount, takes away, never below zero) spend on `day`; a day at zero is no visit. */
export function addSpend(g: Growth, day: string, fen: number): Growth {
  const days = g.days.map((d) => [d[0], d[1]] as [string, number])
  const i = days.findIndex((d) => d[0] === day)
  if (i >= 0) days[i][1] = Math.max(0, days[i][1] + fen)
  else if (fen > 0) {
    days.push([day, fen])
    days.sort((a, b) => a[0].localeCompare(b[0]))
  }
  const oldest = addDays(day, -GROWTH_KEEP_DAYS)
  return { since: g.since, days: days.filter((d) => d[1] > 0 && d[0] > oldest) }
}

/**
 * Spend, visit days and the longest gap over the `windowDays` days ending on `end` (inclusive).
 * The gap runs from the window's start (or `since`, if later) to the first visit, between visits,
 * and from the last visit to `end` (days without a visit, so a visit on `end` leaves 0); with no
 * visit it is the whole span.
 */
export function statsAt(g: Growth, end: string, windowDays: number): GrowthStats {
  const start = addDays(end, -(windowDays - 1))
  const inWindow = g.days.filter((d) => d[0] >= start && d[0] <= end && d[1] > 0)
  const from = g.since > start ? g.since : start
  let maxGap = 0
  let prev = addDays(from, -1)
  for (const [day] of inWindow) {
    maxGap = Math.max(maxGap, daysBetween(prev, day) - 1)
    prev = day
  }
  maxGap = Math.max(maxGap, daysBetween(prev, end))
  return {
    spendFen: inWindow.reduce((s, d) => s + d[1], 0),
    visitDays: inWindow.length,
    maxGapDays: Math.max(0, maxGap),
    lastVisit: inWindow.length > 0 ? inWindow[inWindow.length - 1][0] : null,
  }
}
