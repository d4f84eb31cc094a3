/**
 * The top spenders (the "20%" of 80/20): the `sharePercent` of members with spend who spent most in
 * the window, the least any of them spent, and their share of all spend, exactly. Members without
 * spend are not in the ranking. Ties at the threshold all count, so the group may be a little larger.
 */
export interface TopSpenders {
  /** Members with any spend in the window. */
  spenders: number
  /** Members in the group. */
  members: number
  /** The least spend that is in the group (fen), null with no spenders. */
  thresholdFen: number | null
  groupSpendFen: number
  totalSpendFen: number
  /** groupSpendFen / totalSpendFen, as a percentage with two decimals (null without spend). */
  sharePercent: number | null
}

/** `spends` may be a Float64Array (a million members' spend is 8 MB that way). */
export function topSpenders(spends: Iterable<number>, sharePercent: number): TopSpenders {
  const all = spends instanceof Float64Array ? spends : Float64Array.from(spends)
  const list = all.filter((s) => s > 0).sort().reverse()
  const total = list.reduce((a, b) => a + b, 0)
  if (list.length === 0) return { spenders: 0, members: 0, thresholdFen: null, groupSpendFen: 0, totalSpendFen: 0, sharePercent: null }
  const size = Math.max(1, Math.ceil((list.length * sharePercent) / 100))
  const threshold = list[size - 1]
  let members = 0
  let group = 0
  for (const s of list) {
    if (s < threshold) break
    members++
    group += s
  }
  return { spenders: list.length, members, thresholdFen: threshold, groupSpendFen: group, totalSpendFen: total, sharePercent: Math.round((group * 10_000) / total) / 100 }
}
