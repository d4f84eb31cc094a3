import { fraction, type Fraction } from '../finance/fraction'
import type { Group } from './control'

/**
 * A campaign's measurement (issue 9): what was sent and opened, what its coupons brought back, and
 * what its members bought in the window after it started, the treated members against the held-out
 * control group. Pure arithmetic over counts the report job reads a chunk of members at a time:
 * `tally` counts one chunk, `addSums` adds chunks up, `figures` turns the sums into what the console
 * shows (money in integer fen, rates kept exact as fractions).
 */

/** What one member of the audience did and got, as the records show. */
export interface MemberOutcome {
  group: Group
  /** The campaign's message to them (`message_sends`), or null when none was asked for. */
  send: { status: 'sent' | 'skipped' | 'failed' | 'duplicate'; channel: 'subscribe' | 'sms' | null; reason: string | null; opened: boolean } | null
  couponsIssued: number
  couponsUsed: number
  /** Bonus points credited by the campaign. */
  points: number
  /** Their credited till orders in the window, net of refunds. */
  orders: number
  salesFen: number
}

export interface GroupSums {
  members: number
  /** Members with at least one order in the window. */
  buyers: number
  orders: number
  salesFen: number
}

export const SKIP_REASONS = ['no_consent', 'capped', 'unclaimed', 'no_member'] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

export interface ReportSums {
  treated: GroupSums
  control: GroupSums
  sends: {
    subscribe: number
    sms: number
    skipped: Record<SkipReason | 'other', number>
    failed: number
    /** Treated members with no message asked for (a reward without a message, a stopped send). */
    none: number
    /** Sent messages whose page the member opened from the message. */
    opened: number
  }
  rewards: { couponsIssued: number; couponsUsed: number; pointsMembers: number; points: number }
}

const emptyGroup = (): GroupSums => ({ members: 0, buyers: 0, orders: 0, salesFen: 0 })

export const emptySums = (): ReportSums => ({
  treated: emptyGroup(),
  control: emptyGroup(),
  sends: { subscribe: 0, sms: 0, skipped: { no_consent: 0, capped: 0, unclaimed: 0, no_member: 0, other: 0 }, failed: 0, none: 0, opened: 0 },
  rewards: { couponsIssued: 0, couponsUsed: 0, pointsMembers: 0, points: 0 },
})

const isSkipReason = (r: string | null): r is SkipReason => (SKIP_REASONS as readonly string[]).includes(r ?? '')

/** Counts one chunk of the audience. Control members count for sales only: they were sent nothing. */
export function tally(members: readonly MemberOutcome[]): ReportSums {
  const s = emptySums()
  for (const m of members) {
    const g = s[m.group]
    g.members++
    g.orders += m.orders
    g.salesFen += m.salesFen
    if (m.orders > 0) g.buyers++
    if (m.group === 'control') continue
    s.rewards.couponsIssued += m.couponsIssued
    s.rewards.couponsUsed += m.couponsUsed
    if (m.points > 0) {
      s.rewards.pointsMembers++
      s.rewards.points += m.points
    }
    const send = m.send
    // A duplicate is the outcome a racing step saw; the message itself is logged under its first outcome.
    if (!send || send.status === 'duplicate') s.sends.none++
    else if (send.status === 'sent') {
      s.sends[send.channel === 'sms' ? 'sms' : 'subscribe']++
      if (send.opened) s.sends.opened++
    } else if (send.status === 'failed') s.sends.failed++
    else s.sends.skipped[isSkipReason(send.reason) ? send.reason : 'other']++
  }
  return s
}

const addGroup = (a: GroupSums, b: GroupSums): GroupSums => ({
  members: a.members + b.members,
  buyers: a.buyers + b.buyers,
  orders: a.orders + b.orders,
  salesFen: a.salesFen + b.salesFen,
})

export function addSums(a: ReportSums, b: ReportSums): ReportSums {
  const skipped = { ...a.sends.skipped }
  for (const k of Object.keys(skipped) as Array<keyof typeof skipped>) skipped[k] += b.sends.skipped[k]
  return {
    treated: addGroup(a.treated, b.treated),
    control: addGroup(a.control, b.control),
    sends: {
      subscribe: a.sends.subscribe + b.sends.subscribe,
      sms: a.sends.sms + b.sends.sms,
      skipped,
      failed: a.sends.failed + b.sends.failed,
      none: a.sends.none + b.sends.none,
      opened: a.sends.opened + b.sends.opened,
    },
    rewards: {
      couponsIssued: a.rewards.couponsIssued + b.rewards.couponsIssued,
      couponsUsed: a.rewards.couponsUsed + b.rewards.couponsUsed,
      pointsMembers: a.rewards.pointsMembers + b.rewards.pointsMembers,
      points: a.rewards.points + b.rewards.points,
    },
  }
}

/** n / d rounded half away from zero, exactly (sales × members outgrows a double's integers). */
function roundDiv(n: bigint, d: bigint): number {
  if (d < 0n) return roundDiv(-n, -d)
  const q = (2n * (n < 0n ? -n : n) + d) / (2n * d)
  return Number(n < 0n ? -q : q)
}

export interface GroupFigures extends GroupSums {
  /** Sales per member of the group, fen (rounded). */
  perMemberFen: number
  /** Buyers among the group's members. */
  conversion: Fraction
}

export interface CampaignFigures {
  treated: GroupFigures
  /** Null when the campaign held nobody back. */
  control: GroupFigures | null
  /** Treated against control; null without a control group. */
  uplift: {
    /** Sales per treated member above the control's, fen. */
    perMemberFen: number
    /** What the treated members bought beyond what the control's rate predicts for as many members, fen. */
    incrementalFen: number
    /** The treated's sales per member over the control's, minus one, in percent (null: the control bought nothing). */
    relativePercent: number | null
    /** Conversion of the treated minus the control's, in percentage points. */
    conversionPoints: number
  } | null
  sends: ReportSums['sends'] & { sent: number; skippedTotal: number; openRate: Fraction }
  rewards: ReportSums['rewards'] & { redemption: Fraction }
}

function group(g: GroupSums): GroupFigures {
  return { ...g, perMemberFen: g.members > 0 ? roundDiv(BigInt(g.salesFen), BigInt(g.members)) : 0, conversion: fraction(g.buyers, g.members) }
}

export function figures(s: ReportSums): CampaignFigures {
  const t = s.treated
  const c = s.control
  let uplift: CampaignFigures['uplift'] = null
  if (c.members > 0 && t.members > 0) {
    const [ts, tm, cs, cm] = [BigInt(t.salesFen), BigInt(t.members), BigInt(c.salesFen), BigInt(c.members)]
    const diff = ts * cm - cs * tm
    uplift = {
      perMemberFen: roundDiv(diff, tm * cm),
      incrementalFen: roundDiv(diff, cm),
      relativePercent: cs > 0n ? roundDiv(diff * 10_000n, cs * tm) / 100 : null,
      conversionPoints: roundDiv((BigInt(t.buyers) * cm - BigInt(c.buyers) * tm) * 10_000n, tm * cm) / 100,
    }
  }
  const sent = s.sends.subscribe + s.sends.sms
  const skippedTotal = Object.values(s.sends.skipped).reduce((a, b) => a + b, 0)
  return {
    treated: group(t),
    control: c.members > 0 ? group(c) : null,
    uplift,
    // Opens are known where the channel tells (a subscribe message opens its page with the campaign on it).
    sends: { ...s.sends, sent, skippedTotal, openRate: fraction(s.sends.opened, sent) },
    rewards: { ...s.rewards, redemption: fraction(s.rewards.couponsUsed, s.rewards.couponsIssued) },
  }
}
