import { addDays } from '../day'
import { addSpend, emptyGrowth, statsAt, type Growth, type GrowthStats } from './growth'
import { levelIndex, mapLevel, programmeOn, retainRule, type TierConfig, type TierProgramme, type TierRule } from './programme'

/** A level set by hand: `floor` holds until removed (never reviewed below it); `untilReview` is reviewed like any level. */
export interface ManualLevel {
  levelId: string
  kind: 'floor' | 'untilReview'
  by: string
  reason: string
  at: Date
}

/** One change of level, kept on the record (newest last, at most 20). */
export interface TierMove {
  day: string
  from: string
  to: string
  why: 'purchase' | 'refund' | 'review' | 'grant' | 'terms'
  orderKey?: string
  /** On an upgrade by purchase: the day the `from` level had been reached (or last kept), so a refund that undoes the upgrade restores that level's review day. */
  fromSince?: string
}

/** The `member_tiers` document (`_id` = memberId): where a member stands and why. */
export interface MemberTier {
  _id: string
  openid: string
  levelId: string
  /** The programme version whose terms apply to this member. */
  terms: string
  /** The day the current level was reached (or last kept at a review). */
  since: string
  /** The level held when the current review cycle began: a refund never takes the member below it. */
  cycleFloorId: string
  /** The next review day (Asia/Shanghai), or null on the base level (nothing to keep). */
  reviewOn: string | null
  /** A failed review's step down waits until this day (grace), or null. */
  graceUntil: string | null
  /** The review day a keep-your-level warning was sent for (one per review). */
  warnedFor: string | null
  manual: ManualLevel | null
  growth: Growth
  moves: TierMove[]
  updatedAt: Date
}

export const meets = (rule: TierRule, s: GrowthStats): boolean =>
  (rule.spendFen === undefined || s.spendFen >= rule.spendFen) &&
  (rule.visitDays === undefined || s.visitDays >= rule.visitDays) &&
  (rule.maxGapDays === undefined || s.maxGapDays <= rule.maxGapDays)

/** The highest level whose qualifying rule `stats` meets (the base level always). */
export function qualifyingLevel(p: TierProgramme, stats: GrowthStats): number {
  let best = 0
  p.levels.forEach((l, i) => {
    if (i > 0 && meets(l.qualify, stats)) best = i
  })
  return best
}

/** The review day for a level reached on `since`: a year on (anniversary), or the first MM-DD at least a year on. */
export function nextReview(p: TierProgramme, since: string, levelIdx: number): string | null {
  if (levelIdx === 0) return null
  // A calendar year on (29 February gives 1 March), not 365 days, which across a leap day is a day short.
  const yearOn = `${Number(since.slice(0, 4)) + 1}${since.slice(4)}`.replace(/-02-29$/, '-03-01')
  if (p.review.kind === 'anniversary') return yearOn
  const year = Number(yearOn.slice(0, 4))
  const candidate = dayIn(year, p.review.monthDay)
  return candidate >= yearOn ? candidate : dayIn(year + 1, p.review.monthDay)
}

/** MM-DD in `year`, on the month's last day when that year has no such day (02-29 in a common year). */
function dayIn(year: number, monthDay: string): string {
  const [m, d] = monthDay.split('-').map(Number)
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${year}-${monthDay.slice(0, 2)}-${String(Math.min(d, last)).padStart(2, '0')}`
}

export function newMemberTier(args: { memberId: string; openid: string; today: string; config: TierConfig; now: Date }): MemberTier {
  const p = programmeOn(args.config, args.today)
  const base = p.levels[0].id
  return {
    _id: args.memberId,
    openid: args.openid,
    levelId: base,
    terms: p.version,
    since: args.today,
    cycleFloorId: base,
    reviewOn: null,
    graceUntil: null,
    warnedFor: null,
    manual: null,
    growth: emptyGrowth(args.today),
    moves: [],
    updatedAt: args.now,
  }
}

/**
 * The programme whose terms apply to the member on `today`: their own version while a newer one
 * lets them keep it until their next review, else the version in force. A member moved onto newer
 * terms keeps the level the new ladder maps theirs to.
 */
export function termsFor(config: TierConfig, t: MemberTier, today: string): TierProgramme {
  const current = programmeOn(config, today)
  const own = config.versions.find((v) => v.version === t.terms)
  if (!own || own.version === current.version) return current
  // Never back onto older terms (a late review job looks at a day before the member moved on).
  if (own.effectiveFrom > current.effectiveFrom) return own
  const keep = current.keepOldTermsUntilReview && (t.reviewOn === null ? false : t.reviewOn > today) && current.effectiveFrom > own.effectiveFrom
  return keep ? own : current
}

/** The programme that applies to the member on `today` and the rank of the level they hold in it. */
export function heldLevel(config: TierConfig, t: MemberTier, today: string): { programme: TierProgramme; rank: number } {
  const p = termsFor(config, t, today)
  return { programme: p, rank: p.version === t.terms ? Math.max(0, levelIndex(p, t.levelId)) : mapLevel(p, t.levelId) }
}

/** Brings the record onto the terms that apply on `today` (a no-op when they already do). */
export function onTerms(config: TierConfig, t: MemberTier, today: string): { tier: MemberTier; programme: TierProgramme } {
  const p = termsFor(config, t, today)
  if (p.version === t.terms) return { tier: t, programme: p }
  const idx = mapLevel(p, t.levelId)
  const levelId = p.levels[idx].id
  const moved = withMove(t, { day: today, from: t.levelId, to: levelId, why: 'terms' })
  return {
    programme: p,
    tier: { ...moved, terms: p.version, levelId, cycleFloorId: p.levels[mapLevel(p, t.cycleFloorId)].id, reviewOn: t.reviewOn ?? nextReview(p, t.since, idx) },
  }
}

function withMove(t: MemberTier, move: TierMove): MemberTier {
  if (move.from === move.to) return t
  return { ...t, moves: [...t.moves, move].slice(-20) }
}

function setLevel(t: MemberTier, p: TierProgramme, idx: number, today: string, move: Omit<TierMove, 'from' | 'to' | 'day'>): MemberTier {
  const levelId = p.levels[idx].id
  return { ...withMove(t, { day: today, from: t.levelId, to: levelId, ...move }), levelId, since: today, reviewOn: nextReview(p, today, idx), graceUntil: null, warnedFor: null }
}

export interface TierChange {
  tier: MemberTier
  /** Set when the level went up: the congratulation to send. */
  upgradedTo: string | null
  downgradedTo: string | null
}

/**
 * A credited purchase: its spend counts at once, and if the member now qualifies for a higher level
 * they reach it at once, straight to the highest they qualify for (one purchase, one step, however
 * many levels it spans). A purchase during a grace period that meets the retention rule keeps the
 * level: the grace ends.
 */
export function afterPurchase(config: TierConfig, t0: MemberTier, args: { day: string; amountFen: number; orderKey: string; now: Date }): TierChange {
  const { tier: t1, programme: p } = onTerms(config, t0, args.day)
  const growth = addSpend(t1.growth, args.day, args.amountFen)
  let t: MemberTier = { ...t1, growth, updatedAt: args.now }
  const stats = statsAt(growth, args.day, p.windowDays)
  const current = Math.max(0, levelIndex(p, t.levelId))
  const q = qualifyingLevel(p, stats)
  if (q > current) {
    t = setLevel(t, p, q, args.day, { why: 'purchase', orderKey: args.orderKey, fromSince: t.since })
    return { tier: t, upgradedTo: p.levels[q].id, downgradedTo: null }
  }
  // Kept, as at the review: the next review is a year after the one it failed (else the job would review the old window again).
  if (t.graceUntil && t.reviewOn && meets(retainRule(p.levels[current]), stats))
    t = { ...t, graceUntil: null, since: t.reviewOn, cycleFloorId: t.levelId, reviewOn: nextReview(p, t.reviewOn, current), warnedFor: null }
  return { tier: t, upgradedTo: null, downgradedTo: null }
}

/**
 * A refund takes its spend back out of growth. If the level was reached in this review cycle and the
 * member no longer qualifies for it, the upgrade is undone: the member goes to the highest level they
 * still qualify for, never below the level they held when the cycle began (nor below a floor).
 * Levels kept at a review or granted by hand are not touched by refunds.
 */
export function afterRefund(config: TierConfig, t0: MemberTier, args: { purchaseDay: string; amountFen: number; today: string; orderKey: string; now: Date }): TierChange {
  const { tier: t1, programme: p } = onTerms(config, t0, args.today)
  const growth = addSpend(t1.growth, args.purchaseDay, -args.amountFen)
  let t: MemberTier = { ...t1, growth, updatedAt: args.now }
  const current = Math.max(0, levelIndex(p, t.levelId))
  const floor = Math.max(mapLevel(p, t.cycleFloorId), t.manual?.kind === 'floor' ? mapLevel(p, t.manual.levelId) : 0)
  // Every level above the cycle's floor was reached by purchase in this cycle (reviews, grants and a
  // kept grace reset the floor), also after an earlier refund already undid part of the climb.
  if (current <= floor || t.manual?.levelId === t.levelId) return { tier: t, upgradedTo: null, downgradedTo: null }
  const q = qualifyingLevel(p, statsAt(growth, args.today, p.windowDays))
  const target = Math.max(q, floor)
  if (target >= current) return { tier: t, upgradedTo: null, downgradedTo: null }
  const targetId = p.levels[target].id
  const since = reachedBefore(t, targetId) ?? args.today
  t = { ...setLevel(t, p, target, args.today, { why: 'refund', orderKey: args.orderKey }), since, reviewOn: nextReview(p, since, target) }
  return { tier: t, upgradedTo: null, downgradedTo: targetId }
}

/**
 * When `levelId` had been reached (or last kept) before a purchase in this cycle took the member above
 * it, or null when they did not hold it in this cycle. The cycle began when the latest upgrade from the
 * cycle's floor level left it.
 */
function reachedBefore(t: MemberTier, levelId: string): string | null {
  const upgrades = t.moves.filter((m) => m.why === 'purchase').reverse()
  const cycleStart = upgrades.find((m) => m.from === t.cycleFloorId)?.fromSince
  const left = upgrades.find((m) => m.from === levelId)
  if (!left?.fromSince || !cycleStart || left.day < cycleStart) return null
  return left.fromSince
}

export type ReviewOutcome =
  | { kind: 'kept'; levelId: string }
  | { kind: 'grace'; levelId: string; graceUntil: string }
  | { kind: 'steppedDown'; from: string; to: string; shortBy: Shortfall }

/** What was missing at a review: how much more spend, how many more visit days, whether the gap rule failed. */
export interface Shortfall {
  spendFen: number
  visitDays: number
  gapExceeded: boolean
}

export function shortfall(rule: TierRule, s: GrowthStats): Shortfall {
  return {
    spendFen: Math.max(0, (rule.spendFen ?? 0) - s.spendFen),
    visitDays: Math.max(0, (rule.visitDays ?? 0) - s.visitDays),
    gapExceeded: rule.maxGapDays !== undefined && s.maxGapDays > rule.maxGapDays,
  }
}

/** True when the review (or the end of its grace) is due on `today`. */
export const reviewDue = (t: MemberTier, today: string): boolean => (t.graceUntil !== null ? t.graceUntil <= today : t.reviewOn !== null && t.reviewOn <= today)

/**
 * The yearly review, on or after `reviewOn` (the job may run late; the result is the same). Growth
 * is taken over the window that ends the day before the review day (or before the grace ends).
 * Met the level's retention rule (or qualify for it again): kept for another year. Otherwise, with
 * grace configured and not yet given, the step down waits `graceDays`; else one level down, never
 * more, and never below a hand-set floor. A hand-set `untilReview` level ends here.
 */
export function review(config: TierConfig, t0: MemberTier, today: string, now: Date): { tier: MemberTier; outcome: ReviewOutcome } | null {
  if (!reviewDue(t0, today)) return null
  const dueOn = (t0.graceUntil ?? t0.reviewOn)!
  // The review is where a member on older terms moves to the version in force.
  const { tier: t1, programme: p } = onTerms(config, t0, dueOn)
  const t: MemberTier = { ...t1, reviewOn: t0.reviewOn, manual: t1.manual?.kind === 'untilReview' ? null : t1.manual, updatedAt: now }
  const current = Math.max(0, levelIndex(p, t.levelId))
  const level = p.levels[current]
  const stats = statsAt(t.growth, addDays(dueOn, -1), p.windowDays)
  const reviewOn = t0.reviewOn ?? dueOn
  if (current === 0) return { tier: { ...t, reviewOn: null, graceUntil: null }, outcome: { kind: 'kept', levelId: level.id } }
  if (meets(retainRule(level), stats) || qualifyingLevel(p, stats) >= current) {
    const next = nextReview(p, reviewOn, current)
    return { tier: { ...t, since: reviewOn, cycleFloorId: level.id, reviewOn: next, graceUntil: null, warnedFor: null }, outcome: { kind: 'kept', levelId: level.id } }
  }
  const floor = t.manual?.kind === 'floor' ? mapLevel(p, t.manual.levelId) : 0
  // No grace (and no "or else" message) when a hand-set floor keeps the level anyway.
  if (p.graceDays > 0 && t.graceUntil === null && floor < current) {
    const graceUntil = addDays(reviewOn, p.graceDays)
    return { tier: { ...t, graceUntil }, outcome: { kind: 'grace', levelId: level.id, graceUntil } }
  }
  const to = Math.min(current, Math.max(current - 1, floor))
  const toId = p.levels[to].id
  const stepped = withMove(t, { day: dueOn, from: level.id, to: toId, why: 'review' })
  return {
    tier: { ...stepped, levelId: toId, since: reviewOn, cycleFloorId: toId, reviewOn: nextReview(p, reviewOn, to), graceUntil: null, warnedFor: null },
    outcome: to === current ? { kind: 'kept', levelId: level.id } : { kind: 'steppedDown', from: level.id, to: toId, shortBy: shortfall(retainRule(level), stats) },
  }
}

/**
 * A level set by hand. `floor`: the member is at least this level until the floor is removed;
 * `untilReview`: this level now, reviewed like any other at the next review.
 */
export function grant(config: TierConfig, t0: MemberTier, manual: ManualLevel, today: string): MemberTier {
  const { tier: t1, programme: p } = onTerms(config, t0, today)
  const idx = levelIndex(p, manual.levelId)
  if (idx < 0) throw new Error(`no level ${manual.levelId} in version ${p.version}`)
  const t = setLevel({ ...t1, manual, updatedAt: manual.at }, p, idx, today, { why: 'grant' })
  return { ...t, cycleFloorId: manual.levelId }
}
