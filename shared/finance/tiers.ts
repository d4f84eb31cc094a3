import { heldLevel, type MemberTier } from '../tier/member-tier'
import { programmeOn, type TierConfig } from '../tier/programme'
import { inPeriod, sortedKeys, type Period } from './period'

/** Level changes in a month, from the moves the tier records keep (by the move's Asia/Shanghai day). */
export interface TierMoves {
  /** Reached by a purchase (`why: purchase`). */
  upgrades: number
  /** Taken down by a refund that undid an upgrade, or a failed yearly review (`refund`, `review`). */
  downgrades: number
  /** Set by hand by an operator (`grant`), up or down. */
  grants: number
  /** Moved onto a newer programme version's ladder (`terms`). */
  termsMoves: number
}

export interface TierReport {
  asOf: string
  /** The programme version in force today. */
  version: string
  /** Members per level held today (heldLevel: the level under the terms that apply to each member). */
  levels: Array<{ version: string; levelId: string; name: string; rank: number; members: number }>
  /** Registered members with no tier record yet: they hold the base level and are counted in it. */
  membersWithoutRecord: number
  months: Array<{ month: string } & TierMoves>
}

const WHY: Record<MemberTier['moves'][number]['why'], keyof TierMoves> = {
  purchase: 'upgrades',
  refund: 'downgrades',
  review: 'downgrades',
  grant: 'grants',
  terms: 'termsMoves',
}

/**
 * Tier distribution now and movements per month, one `member_tiers` record at a time. A record keeps
 * its last 20 moves, so a member who moved more often than that has their oldest moves uncounted.
 */
export function tierReport(config: TierConfig, today: string) {
  const held = new Map<string, { version: string; levelId: string; name: string; rank: number; members: number }>()
  const months = new Map<string, TierMoves>()
  const count = (into: typeof held, version: string, levelId: string, name: string, rank: number, n: number) => {
    const key = `${version}\u0000${levelId}`
    const row = into.get(key)
    if (row) row.members += n
    else into.set(key, { version, levelId, name, rank, members: n })
  }
  return {
    add(t: MemberTier) {
      const { programme, rank } = heldLevel(config, t, today)
      const level = programme.levels[rank]
      count(held, programme.version, level.id, level.name.zh, rank, 1)
      for (const m of t.moves) {
        const month = m.day.slice(0, 7)
        let c = months.get(month)
        if (!c) months.set(month, (c = { upgrades: 0, downgrades: 0, grants: 0, termsMoves: 0 }))
        c[WHY[m.why]]++
      }
    },
    /** `members`: every registered member; those beyond the records counted are at the base level. */
    result(asOf: string, members: number, period: Period = {}): TierReport {
      const current = programmeOn(config, today)
      const records = [...held.values()].reduce((s, r) => s + r.members, 0)
      const withoutRecord = Math.max(0, members - records)
      const base = current.levels[0]
      const rows = new Map([...held].map(([k, r]) => [k, { ...r }]))
      if (withoutRecord > 0) count(rows, current.version, base.id, base.name.zh, 0, withoutRecord)
      // The ladder in force first, then members still on older terms; each by rank.
      const levels = [...rows.values()].sort((a, b) =>
        a.version === b.version ? a.rank - b.rank : a.version === current.version ? -1 : b.version === current.version ? 1 : a.version < b.version ? -1 : 1,
      )
      return {
        asOf,
        version: current.version,
        levels,
        membersWithoutRecord: withoutRecord,
        months: sortedKeys(months)
          .filter((m) => inPeriod(m, period))
          .map((month) => ({ month, ...months.get(month)! })),
      }
    },
  }
}
