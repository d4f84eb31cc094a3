import { addDays } from '../day'
import { addSpend, statsAt, type GrowthStats } from './growth'
import { heldLevel, meets, qualifyingLevel, shortfall, type MemberTier, type Shortfall } from './member-tier'
import { levelIndex, mapLevel, retainRule, type TierBenefits, type TierConfig, type TierProgramme, type TierRule } from './programme'
import { yuanText } from '../money'

const yuan = yuanText
const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

export interface LevelView {
  id: string
  rank: number
  name: { zh: string; en: string }
  qualify: TierRule
  retain: TierRule
  benefits: TierBenefits
}

/** One criterion's progress: what the member has and what the rule asks (null: the rule does not ask). */
export interface Progress {
  spendFen: { have: number; need: number | null }
  visitDays: { have: number; need: number | null }
  maxGapDays: { have: number; limit: number | null }
  met: boolean
}

/** What `tier.status` returns: where the member stands, what is next, and what the review asks. */
export interface TierStatus {
  level: LevelView
  next: LevelView | null
  ladder: LevelView[]
  windowDays: number
  growth: GrowthStats
  /** Toward the next level (null at the top). */
  toNext: Progress | null
  /** Toward keeping the current level at the review (null on the base level). */
  toKeep: Progress | null
  reviewOn: string | null
  graceUntil: string | null
  /** The growth window the review counts ends the day before the review. */
  countsUntil: string | null
  manual: { levelId: string; kind: 'floor' | 'untilReview' } | null
  /** Where the member stands, in one plain sentence. */
  sentence: { zh: string; en: string }
}

const view = (p: TierProgramme, i: number): LevelView => {
  const l = p.levels[i]
  return { id: l.id, rank: i, name: l.name, qualify: l.qualify, retain: retainRule(l), benefits: l.benefits }
}

function progress(rule: TierRule, s: GrowthStats): Progress {
  return {
    spendFen: { have: s.spendFen, need: rule.spendFen ?? null },
    visitDays: { have: s.visitDays, need: rule.visitDays ?? null },
    maxGapDays: { have: s.maxGapDays, limit: rule.maxGapDays ?? null },
    met: meets(rule, s),
  }
}

/** Joins Chinese text, with a space where an amount or a number meets a Chinese character ('¥300 即可'). */
export function glue(...parts: string[]): string {
  return parts.reduce((out, part) => (/[0-9A-Za-z%]$/.test(out) && /^[\u4e00-\u9fff]/.test(part) ? `${out} ${part}` : out + part), '')
}

/** "甲", "甲并乙", "甲、乙并丙". */
function listZh(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return glue(items.slice(0, -1).join('、'), '并', items[items.length - 1])
}

/** "再消费 ¥1,200 并再到店 2 天" / "spend ¥1,200 more and visit on 2 more days": what closes a shortfall. */
export function missingText(short: Shortfall): { zh: string; en: string } {
  const zh: string[] = []
  const en: string[] = []
  if (short.spendFen > 0) {
    zh.push(`再消费 ¥${yuan(short.spendFen)}`)
    en.push(`spend ¥${yuan(short.spendFen)} more`)
  }
  if (short.visitDays > 0) {
    zh.push(`再到店 ${short.visitDays} 天`)
    en.push(`visit on ${short.visitDays} more day${short.visitDays > 1 ? 's' : ''}`)
  }
  if (short.gapExceeded) {
    zh.push('保持规律到店')
    en.push('visit regularly')
  }
  return { zh: listZh(zh), en: en.join(' and ') }
}

/** The member's tier status on `today`, under the terms that apply to them. */
export function tierStatus(config: TierConfig, t: MemberTier, today: string): TierStatus {
  const { programme: p, rank: idx } = heldLevel(config, t, today)
  const level = p.levels[idx]
  const growth = statsAt(t.growth, today, p.windowDays)
  const nextIdx = idx + 1 < p.levels.length ? idx + 1 : null
  const countsUntil = t.reviewOn ? addDays(t.graceUntil ?? t.reviewOn, -1) : null
  const atReview = countsUntil ? statsAt(t.growth, countsUntil, p.windowDays) : growth
  const toKeep = idx > 0 ? progress(retainRule(level), atReview) : null
  const toNext = nextIdx !== null ? progress(p.levels[nextIdx].qualify, growth) : null
  return {
    level: view(p, idx),
    next: nextIdx !== null ? view(p, nextIdx) : null,
    ladder: p.levels.map((_, i) => view(p, i)),
    windowDays: p.windowDays,
    growth,
    toNext,
    toKeep,
    reviewOn: t.reviewOn,
    graceUntil: t.graceUntil,
    countsUntil,
    manual: t.manual ? { levelId: t.manual.levelId, kind: t.manual.kind } : null,
    sentence: sentence(p, idx, t, growth, atReview),
  }
}

function sentence(p: TierProgramme, idx: number, t: MemberTier, now: GrowthStats, atReview: GrowthStats): { zh: string; en: string } {
  const level = p.levels[idx]
  const next = p.levels[idx + 1]
  const toNext = next ? missingText(shortfall(next.qualify, now)) : null
  const nextPart = next && toNext && (toNext.zh || toNext.en)
    ? { zh: glue('，', toNext.zh, `即可升级为${next.name.zh}`), en: `; ${toNext.en} to reach ${next.name.en}` }
    : { zh: '', en: '' }
  if (t.manual?.kind === 'floor' && t.manual.levelId === level.id)
    return { zh: `您是${level.name.zh}，这是为您保留的等级，不会降级${nextPart.zh}。`, en: `You are ${level.name.en}, a level kept for you that will not step down${nextPart.en}.` }
  if (idx === 0 || !t.reviewOn) return { zh: `您是${level.name.zh}${nextPart.zh || '。'}${nextPart.zh ? '。' : ''}`, en: `You are ${level.name.en}${nextPart.en}.` }
  const due = t.graceUntil ?? t.reviewOn
  const last = addDays(due, -1)
  const keep = shortfall(retainRule(level), atReview)
  const kept = meets(retainRule(level), atReview)
  if (kept) return { zh: `您是${level.name.zh}，已满足保级条件，${md(due)}复核后可继续保留一年${nextPart.zh}。`, en: `You are ${level.name.en} and have already kept it for another year at the review on ${due}${nextPart.en}.` }
  const missing = missingText(keep)
  const lower = p.levels[idx - 1]
  if (t.graceUntil)
    return { zh: glue(`您的${level.name.zh}处于保级宽限期，${md(last)}前`, missing.zh, `即可保留，否则将调整为${lower.name.zh}。`), en: `Your ${level.name.en} level is in its grace period: ${missing.en} by ${last} to keep it, or it becomes ${lower.name.en}.` }
  return { zh: glue(`您是${level.name.zh}，${md(last)}前`, missing.zh, `即可保级，否则${md(due)}将调整为${lower.name.zh}。`), en: `You are ${level.name.en}: ${missing.en} by ${last} to keep it, or on ${due} it becomes ${lower.name.en}.` }
}

/**
 * "What if I spend ¥X (today)": the level the member would reach and what keeping their level would
 * still need. Pure, so the tier page computes it as the member types.
 */
export function whatIf(config: TierConfig, t: MemberTier, today: string, spendFen: number): { levelId: string; rank: number; upgrades: boolean; keeps: boolean | null; sentence: { zh: string; en: string } } {
  const { programme: p, rank: idx } = heldLevel(config, t, today)
  const growth = addSpend(t.growth, today, spendFen)
  const stats = statsAt(growth, today, p.windowDays)
  const q = Math.max(idx, qualifyingLevel(p, stats))
  const countsUntil = t.reviewOn ? addDays(t.graceUntil ?? t.reviewOn, -1) : null
  const level = p.levels[idx]
  const atReview = countsUntil ? statsAt(growth, countsUntil, p.windowDays) : stats
  const keeps = idx > 0 && countsUntil ? floorKeeps(p, t, idx) || meets(retainRule(level), atReview) : null
  const spend = `¥${yuan(spendFen)}`
  const reached = p.levels[q]
  let zh: string
  let en: string
  if (q > idx) {
    zh = `今天消费 ${spend}，您将立即升级为${reached.name.zh}。`
    en = `Spend ${spend} today and you become ${reached.name.en} at once.`
  } else if (keeps === true) {
    zh = `今天消费 ${spend}，您的${reached.name.zh}将在复核时保留。`
    en = `Spend ${spend} today and your ${reached.name.en} level is kept at the review.`
  } else if (keeps === false && countsUntil) {
    // Short of keeping the level: that is what the member needs to hear first.
    const left = missingText(shortfall(retainRule(level), atReview))
    zh = glue(`今天消费 ${spend} 后，${md(countsUntil)}前还需`, left.zh, `才能保留${level.name.zh}。`)
    en = `After spending ${spend} today you would still need to ${left.en} by ${countsUntil} to keep ${level.name.en}.`
  } else {
    const next = p.levels[idx + 1]
    const left = next ? missingText(shortfall(next.qualify, stats)) : null
    zh = next && left ? glue(`今天消费 ${spend} 后，还需`, left.zh, `才能升级为${next.name.zh}。`) : `今天消费 ${spend}，等级不变。`
    en = next && left ? `After spending ${spend} today you would still need to ${left.en} to reach ${next.name.en}.` : `Spending ${spend} today leaves your level as it is.`
  }
  return { levelId: reached.id, rank: q, upgrades: q > idx, keeps, sentence: { zh, en } }
}

/** True when a hand-set floor holds the member's level (index `idx` of `p`), so no review can take it. */
function floorKeeps(p: TierProgramme, t: MemberTier, idx: number): boolean {
  return t.manual?.kind === 'floor' && mapLevel(p, t.manual.levelId) >= idx
}

/** The keep-your-level warning, sent a configured time before the review to members short of it (never to one a floor keeps). */
export function warningText(p: TierProgramme, t: MemberTier): { text: string; data: Record<string, string> } | null {
  if (!t.reviewOn) return null
  const idx = levelIndex(p, t.levelId)
  if (idx <= 0 || floorKeeps(p, t, idx)) return null
  const level = p.levels[idx]
  const last = addDays(t.reviewOn, -1)
  const stats = statsAt(t.growth, last, p.windowDays)
  if (meets(retainRule(level), stats)) return null
  const missing = missingText(shortfall(retainRule(level), stats))
  return {
    text: glue(`您的${level.name.zh}将于${md(t.reviewOn)}复核：${md(last)}前`, missing.zh, `即可保级，否则将调整为${p.levels[idx - 1].name.zh}。`),
    data: { level: level.name.zh, reviewOn: t.reviewOn, lastDay: last, missing: missing.zh },
  }
}
