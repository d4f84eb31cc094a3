import { multiplierToBp } from '../points/earning-rules'
import { statsAt, type GrowthStats } from './growth'
import { meets, qualifyingLevel, termsFor, type MemberTier } from './member-tier'
import { levelIndex, mapLevel, retainRule, type TierConfig, type TierLevel, type TierProgramme } from './programme'

/**
 * A year of a level's benefits for a member who spends `spendFen` a year, in fen: the till discount
 * plus the extra points the multiplier gives (at `basePointsPerFen` points per fen of spend, each
 * point worth the programme's `pointValueFen`). An estimate for comparing ladders, not a ledger figure.
 */
export function benefitsCostFen(p: TierProgramme, level: TierLevel, spendFen: number, basePointsPerFen: number): number {
  const discount = (spendFen * level.benefits.discountPercent) / 100
  // The multiplier's excess over 1 in basis points, as an integer: 1.2 is 2000, not 0.19999999999999996.
  const extraPoints = (spendFen * basePointsPerFen * Number(multiplierToBp(level.benefits.pointsMultiplier) - 10_000n)) / 10_000
  return Math.round(discount + Math.max(0, extraPoints) * p.pointValueFen)
}

/**
 * Where a member would stand under `p` at their next review: retained, one level down (never below a
 * hand-set floor), or what they qualify for.
 */
export function levelUnder(p: TierProgramme, heldId: string, stats: GrowthStats, floorId?: string): number {
  const held = mapLevel(p, heldId)
  const floor = floorId === undefined ? 0 : Math.min(held, mapLevel(p, floorId))
  const kept = held === 0 || meets(retainRule(p.levels[held]), stats) ? held : Math.max(held - 1, floor)
  return Math.max(kept, qualifyingLevel(p, stats))
}

export interface DryRun {
  members: number
  up: number
  down: number
  same: number
  /** Members per level id at their next review, under their current terms and under the proposal. */
  before: Record<string, number>
  after: Record<string, number>
  /** A year of benefits at the members' trailing-window spend, at those levels, in fen. */
  costBeforeFen: number
  costAfterFen: number
}

/**
 * What a proposed version would do to the members, before it is saved: each member's level at their
 * next review under the terms they have now and under the proposal, counted up, down and same, with
 * the change in the year's benefits cost. Like for like: a proposal identical to the current terms
 * moves nobody, even members who will step down at their review anyway. Feed members a page at a
 * time through `add`; `from` goes on from a result kept earlier (the console's preview runs in steps).
 */
export function dryRun(config: TierConfig, proposed: TierProgramme, today: string, basePointsPerFen: number, from?: DryRun) {
  const out: DryRun = from
    ? { ...from, before: { ...from.before }, after: { ...from.after } }
    : { members: 0, up: 0, down: 0, same: 0, before: {}, after: {}, costBeforeFen: 0, costAfterFen: 0 }
  return {
    add(t: MemberTier) {
      const current = termsFor(config, t, today)
      // A member moving onto newer terms holds the level those terms map theirs to.
      const nowIdx = Math.max(0, current.version === t.terms ? levelIndex(current, t.levelId) : mapLevel(current, t.levelId))
      const heldId = current.levels[nowIdx].id
      const floorId = t.manual?.kind === 'floor' ? t.manual.levelId : undefined
      const stats = statsAt(t.growth, today, current.windowDays)
      const proposedStats = statsAt(t.growth, today, proposed.windowDays)
      const before = current.levels[levelUnder(current, heldId, stats, floorId)]
      const nextIdx = levelUnder(proposed, heldId, proposedStats, floorId)
      const after = proposed.levels[nextIdx]
      out.members++
      const rankDelta = nextIdx - mapLevel(proposed, before.id)
      if (rankDelta > 0) out.up++
      else if (rankDelta < 0) out.down++
      else out.same++
      out.before[before.id] = (out.before[before.id] ?? 0) + 1
      out.after[after.id] = (out.after[after.id] ?? 0) + 1
      out.costBeforeFen += benefitsCostFen(current, before, stats.spendFen, basePointsPerFen)
      out.costAfterFen += benefitsCostFen(proposed, after, proposedStats.spendFen, basePointsPerFen)
    },
    result: (): DryRun => ({ ...out, before: { ...out.before }, after: { ...out.after } }),
  }
}
