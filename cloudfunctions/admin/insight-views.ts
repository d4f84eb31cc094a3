import type { MemberInsightView } from '../../shared/insight/api'
import type { InsightRow } from '../../shared/insight/member-row'
import type { TierBadge } from '../../shared/member/schemas'
import { programmeOn, type TierConfig } from '../../shared/tier/programme'
import type { Database } from '../_lib/deps'
import { allStores } from '../_lib/operators'

/** A tier id as the console shows it: its name in the programme in force on `day`, else in the newest version that has it. */
export function tierBadges(config: TierConfig, day: string): (id: string) => TierBadge {
  const names = new Map<string, TierBadge['name']>()
  for (const l of programmeOn(config, day).levels) names.set(l.id, l.name)
  const newestFirst = [...config.versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  for (const v of newestFirst) for (const l of v.levels) if (!names.has(l.id)) names.set(l.id, l.name)
  return (id) => ({ id, name: names.get(id) ?? { zh: id, en: id } })
}

/** Store ids to names (a store without a record is shown by its id). */
export async function storeNames(db: Database): Promise<(id: string) => string> {
  const names = new Map((await allStores(db)).map((s) => [s._id, s.name]))
  return (id) => names.get(id) ?? id
}

export function insightView(row: InsightRow, windowDays: number, tier: (id: string) => TierBadge, store: (id: string) => string): MemberInsightView {
  return {
    tier: tier(row.tierId),
    lifecycle: row.lifecycle,
    rfm: row.rfm,
    lastVisit: row.lastVisit,
    daysSinceVisit: row.daysSinceVisit,
    visits: row.visits,
    spendFen: row.spendFen,
    windowDays,
    topSpender: row.topSpender,
    convertedInvites: row.convertedInvites,
    couponsUsed: row.couponsUsed,
    mallOrders: row.mallOrders,
    preferredStore: row.preferredStore === null ? null : { id: row.preferredStore, name: store(row.preferredStore) },
    preferredChannel: row.preferredChannel,
    channels: row.channels,
    unclaimed: row.unclaimed,
  }
}
