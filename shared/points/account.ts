import { addDays, shanghaiDay } from '../day'
import type { EarningRules } from './earning-rules'
import { EntryIds, type Consumed, type LedgerEntry } from './ledger-entry'
import type { EntrySource, PointsSummary } from './schemas'

/**
 * A member's points account: the snapshot of their ledger AND the per-member write lock (every
 * ledger write reads and writes this document in the same transaction). Pure functions only here.
 *
 * Invariants (tests/domain/points-account.test.ts checks them on random histories):
 * - balance == sum of the member's ledger entries' points == sum of lots' remaining; balance >= 0.
 * - every lot has 0 < remaining <= points; a lot that reaches 0 is dropped (the ledger keeps it).
 * - shortfall == sum(owed) == sum of the entries' `shortfall` changes >= 0. The shortfall is a debt
 *   OUTSIDE the balance: points a refund should have taken back but the member had already spent.
 *   It is never subtracted from the balance (which would go negative); the next earnings pay it first,
 *   so shortfall > 0 only while balance == 0.
 */
export interface Lot {
  /** The id of the earn entry that created it. */
  id: string
  /** As earned. */
  points: number
  /** Not yet spent, expired or reversed. */
  remaining: number
  /** The last day (Asia/Shanghai, inclusive) the points can be used; expired from the next day. */
  expiresOn: string
  /** Pending until this day (the refund window); null = spendable at once. */
  availableOn: string | null
  orderKey: string | null
}

/** Part of the shortfall, with the earning whose reversal it belongs to (settlements void it). */
export interface Owed {
  voids: string
  points: number
}

export interface Account {
  /** The member's id. */
  _id: string
  balance: number
  /** Soonest expiry first (then by id), so spending and expiry walk them in order. */
  lots: Lot[]
  shortfall: number
  /** Oldest first; paid off in that order. */
  owed: Owed[]
  /** The soonest `expiresOn` of any lot, null without lots: what the expiry jobs query. */
  nextExpiryOn: string | null
  /** How many entries the member's ledger holds; the newest entry's `seq` (history pages by it). */
  seq: number
  updatedAt: Date | null
}

/** A ledger write: the account after it and the entries to append (possibly none). */
export interface Change {
  account: Account
  entries: LedgerEntry[]
}

export const emptyAccount = (memberId: string): Account => ({
  _id: memberId,
  balance: 0,
  lots: [],
  shortfall: 0,
  owed: [],
  nextExpiryOn: null,
  seq: 0,
  updatedAt: null,
})

/** The system source of entries made by expiry. */
export const ExpirySource: EntrySource = { kind: 'system', id: 'points-expiry', storeId: null }

const byExpiry = (a: Lot, b: Lot) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

function positiveInt(name: string, n: number, allowZero = false) {
  if (!Number.isSafeInteger(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`${name} must be a positive integer, got ${n}`)
}

/**
 * The account after `entries` (numbered here, after the account's last `seq`), with the derived
 * fields rebuilt from lots and owed: nothing else sets them.
 */
function finish(account: Account, lots: Lot[], owed: Owed[], now: Date, entries: NewEntry[]): Change {
  const kept = lots.filter((l) => l.remaining > 0).sort(byExpiry)
  return {
    account: {
      ...account,
      balance: kept.reduce((s, l) => s + l.remaining, 0),
      lots: kept,
      owed,
      shortfall: owed.reduce((s, o) => s + o.points, 0),
      nextExpiryOn: kept[0]?.expiresOn ?? null,
      seq: account.seq + entries.length,
      updatedAt: now,
    },
    entries: entries.map((e, i) => ({ ...e, memberId: account._id, seq: account.seq + i + 1 })),
  }
}

type NewEntry = Omit<LedgerEntry, 'memberId' | 'seq'>

/** Takes up to `want` points from `lots` (mutating copies), in the order given. */
function take(lots: Lot[], want: number): { consumed: Consumed[]; taken: number } {
  const consumed: Consumed[] = []
  let taken = 0
  for (const lot of lots) {
    if (taken === want) break
    const n = Math.min(lot.remaining, want - taken)
    if (n <= 0) continue
    lot.remaining -= n
    taken += n
    consumed.push({ lotId: lot.id, points: n })
  }
  return { consumed, taken }
}

/**
 * Expires what is left of every lot whose last usable day is before `today`: one `expire` entry
 * per lot (`exp:<lotId>`). Only earnings expire, and only their remaining points.
 */
export function expire(account: Account, today: string, now: Date): Change {
  const lots = account.lots.map((l) => ({ ...l }))
  const entries: NewEntry[] = []
  for (const lot of lots) {
    if (lot.expiresOn >= today) continue
    entries.push({
      _id: EntryIds.expire(lot.id),
      kind: 'expire',
      points: -lot.remaining,
      reason: '积分过期',
      source: ExpirySource,
      orderKey: lot.orderKey,
      lot: null,
      consumed: [{ lotId: lot.id, points: lot.remaining }],
      voids: null,
      shortfall: null,
      createdAt: now,
    })
    lot.remaining = 0
  }
  if (entries.length === 0) return { account, entries: [] }
  return finish(account, lots, account.owed, now, entries)
}

/** `first`'s entries followed by `then`'s: one write made of two steps. */
const chain = (first: Change, then: Change): Change => ({ account: then.account, entries: [...first.entries, ...then.entries] })

/** True when `expire` would write something today. */
export const hasDueLots = (account: Account, today: string) => account.nextExpiryOn !== null && account.nextExpiryOn < today

/**
 * Pays the oldest shortfall first out of `from` (lots that just came to the member, mutated), one
 * `reverse` entry per debt paid (`settle:<entryId>:<n>`) voiding the earning it came from.
 * Mutates `owed`, dropping what is paid off.
 */
function settleOwed(from: Lot[], owed: Owed[], a: { entryId: string; source: EntrySource; orderKey?: string | null; now: Date }): NewEntry[] {
  const entries: NewEntry[] = []
  let n = 0
  while (owed.length > 0) {
    const { consumed, taken } = take(from, owed[0].points)
    if (taken === 0) break
    owed[0].points -= taken
    entries.push({
      _id: EntryIds.settle(a.entryId, n++),
      kind: 'reverse',
      points: -taken,
      reason: '抵扣退款欠分',
      source: a.source,
      orderKey: a.orderKey ?? null,
      lot: null,
      consumed,
      voids: owed[0].voids,
      shortfall: -taken,
      createdAt: a.now,
    })
    if (owed[0].points === 0) owed.shift()
  }
  return entries
}

/**
 * Credits `points` as a new lot (`entryId` is the lot's id). Lots past their day are expired first.
 * An outstanding shortfall is paid from the new lot first, by `reverse` entries
 * (`settle:<entryId>:<n>`) that void the earning the shortfall came from. `points` 0 credits nothing.
 */
export function earn(
  account: Account,
  args: {
    entryId: string
    points: number
    expiresOn: string
    availableOn: string | null
    orderKey: string | null
    source: EntrySource
    reason: string
    now: Date
  },
): Change {
  positiveInt('points', args.points, true)
  const expired = expire(account, shanghaiDay(args.now), args.now)
  if (args.points === 0) return expired
  const base = expired.account
  const lot: Lot = {
    id: args.entryId,
    points: args.points,
    remaining: args.points,
    expiresOn: args.expiresOn,
    availableOn: args.availableOn,
    orderKey: args.orderKey,
  }
  const entries: NewEntry[] = [
    {
      _id: args.entryId,
      kind: 'earn',
      points: args.points,
      reason: args.reason,
      source: args.source,
      orderKey: args.orderKey,
      lot: { expiresOn: args.expiresOn, availableOn: args.availableOn },
      consumed: null,
      voids: null,
      shortfall: null,
      createdAt: args.now,
    },
  ]
  const owed = base.owed.map((o) => ({ ...o }))
  entries.push(...settleOwed([lot], owed, args))
  return chain(expired, finish(base, [...base.lots.map((l) => ({ ...l })), lot], owed, args.now, entries))
}

/** True when a lot can be spent on `today`: not pending and not past its last day. */
export const isSpendable = (lot: Lot, today: string) => (lot.availableOn === null || lot.availableOn <= today) && lot.expiresOn >= today

/** Points the member can spend on `today`. */
export const spendableNow = (account: Account, today: string) => account.lots.filter((l) => isSpendable(l, today)).reduce((s, l) => s + l.remaining, 0)

/**
 * Spends `points`, taking the lots that expire soonest first and recording which lots it took.
 * Pending lots are not spendable. Not enough spendable points is an error value; nothing changes.
 */
export function spend(
  account: Account,
  args: { entryId: string; points: number; source: EntrySource; reason: string; now: Date; orderKey?: string | null },
): Change | { error: 'INSUFFICIENT_POINTS'; available: number } {
  positiveInt('points', args.points)
  const today = shanghaiDay(args.now)
  const expired = expire(account, today, args.now)
  const lots = expired.account.lots.map((l) => ({ ...l }))
  const spendable = lots.filter((l) => isSpendable(l, today))
  const available = spendable.reduce((s, l) => s + l.remaining, 0)
  if (available < args.points) return { error: 'INSUFFICIENT_POINTS', available }
  const { consumed } = take(spendable, args.points)
  // Each lot's last day goes with what was taken from it, so a cancelled redemption can give it back.
  const expiry = new Map(spendable.map((l) => [l.id, l.expiresOn]))
  for (const c of consumed) c.expiresOn = expiry.get(c.lotId)
  const base = expired.account
  return chain(
    expired,
    finish(base, lots, base.owed, args.now, [
      {
        _id: args.entryId,
        kind: 'spend',
        points: -args.points,
        reason: args.reason,
        source: args.source,
        orderKey: args.orderKey ?? null,
        lot: null,
        consumed,
        voids: null,
        shortfall: null,
        createdAt: args.now,
      },
    ]),
  )
}

/**
 * An operator's manual change, as one `adjust` entry (`entryId`). Positive `points` make a lot
 * exactly as `earn` does (spendable at once; an outstanding shortfall is paid from it first);
 * negative ones take spendable lots exactly as `spend` does, and not enough spendable points is an
 * error value with nothing changed. Only the entry's kind differs, so reports tell them apart.
 */
export function adjust(
  account: Account,
  args: { entryId: string; points: number; expiresOn: string; source: EntrySource; reason: string; now: Date },
): Change | { error: 'INSUFFICIENT_POINTS'; available: number } {
  if (!Number.isSafeInteger(args.points) || args.points === 0) throw new Error(`points must be a non-zero integer, got ${args.points}`)
  const change =
    args.points > 0
      ? earn(account, { ...args, availableOn: null, orderKey: null })
      : spend(account, { entryId: args.entryId, points: -args.points, source: args.source, reason: args.reason, now: args.now })
  if ('error' in change) return change
  return { account: change.account, entries: change.entries.map((e) => (e._id === args.entryId ? { ...e, kind: 'adjust' } : e)) }
}

/**
 * Takes back `points` of the earning `lotId` (a refund): from that lot first, then from the other
 * lots soonest-expiring first (pending ones included: they are the member's), and whatever is still
 * missing, because it was spent, becomes shortfall owed against later earnings. One `reverse` entry
 * (`entryId`) voiding `lotId` records what was taken (possibly 0) and the shortfall it added.
 * The balance never goes below zero. `points` 0 changes nothing.
 */
export function reverseEarning(
  account: Account,
  args: { entryId: string; lotId: string; points: number; source: EntrySource; reason: string; now: Date; orderKey?: string | null },
): Change & { taken: number; shortfall: number } {
  positiveInt('points', args.points, true)
  const expired = expire(account, shanghaiDay(args.now), args.now)
  if (args.points === 0) return { ...expired, taken: 0, shortfall: 0 }
  const base = expired.account
  const lots = base.lots.map((l) => ({ ...l }))
  const own = lots.filter((l) => l.id === args.lotId)
  const { consumed, taken } = take([...own, ...lots.filter((l) => l.id !== args.lotId)], args.points)
  const missing = args.points - taken
  const owed = base.owed.map((o) => ({ ...o }))
  if (missing > 0) owed.push({ voids: args.lotId, points: missing })
  const change = finish(base, lots, owed, args.now, [
    {
      _id: args.entryId,
      kind: 'reverse',
      points: -taken,
      reason: args.reason,
      source: args.source,
      orderKey: args.orderKey ?? own[0]?.orderKey ?? null,
      lot: null,
      consumed,
      voids: args.lotId,
      shortfall: missing > 0 ? missing : null,
      createdAt: args.now,
    },
  ])
  return { ...chain(expired, change), taken, shortfall: missing }
}

/**
 * Gives back what the spend `spendId` took (a cancelled or expired mall order), lot by lot with each
 * lot's own last day, as one `reverse` entry (`entryId`) voiding the spend. Points whose lot is past
 * its last day are not returned: they would have expired in the member's hands too (`lapsed`).
 * An outstanding shortfall is then paid from the points given back (`settle:<entryId>:<n>`).
 */
export function refundSpend(
  account: Account,
  args: { entryId: string; spendId: string; consumed: Consumed[]; source: EntrySource; reason: string; now: Date; orderKey?: string | null },
): Change & { returned: number; lapsed: number } {
  const today = shanghaiDay(args.now)
  const expired = expire(account, today, args.now)
  const base = expired.account
  const lots = base.lots.map((l) => ({ ...l }))
  const restored: Consumed[] = []
  const back: Lot[] = []
  let lapsed = 0
  for (const c of args.consumed) {
    const expiresOn = c.expiresOn ?? lots.find((l) => l.id === c.lotId)?.expiresOn
    if (expiresOn === undefined || expiresOn < today) {
      lapsed += c.points
      continue
    }
    let lot = lots.find((l) => l.id === c.lotId)
    if (lot) {
      lot.remaining += c.points
      lot.points = Math.max(lot.points, lot.remaining)
    } else {
      lot = { id: c.lotId, points: c.points, remaining: c.points, expiresOn, availableOn: null, orderKey: null }
      lots.push(lot)
    }
    if (!back.includes(lot)) back.push(lot)
    restored.push({ lotId: c.lotId, points: c.points, expiresOn })
  }
  const returned = restored.reduce((s, c) => s + c.points, 0)
  // A shortfall exists only while the balance is 0, so the lots given back hold only returned
  // points: they pay what the member owes first, as a new earning would.
  const owed = base.owed.map((o) => ({ ...o }))
  const settled = settleOwed(back.sort(byExpiry), owed, args)
  const change = finish(base, lots, owed, args.now, [
    {
      _id: args.entryId,
      kind: 'reverse',
      points: returned,
      reason: lapsed > 0 ? `${args.reason}（其中 ${lapsed} 分已过期，不退回）` : args.reason,
      source: args.source,
      orderKey: args.orderKey ?? null,
      lot: null,
      consumed: restored,
      voids: args.spendId,
      shortfall: null,
      createdAt: args.now,
    },
    ...settled,
  ])
  return { ...chain(expired, change), returned, lapsed }
}

function sumByDay(pairs: Array<[string, number]>): Array<{ day: string; points: number }> {
  const map = new Map<string, number>()
  for (const [day, points] of pairs) map.set(day, (map.get(day) ?? 0) + points)
  return [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, points]) => ({ day, points }))
}

/**
 * The member's view of their points on `today`. Lots past their last day count as expired even if
 * the expiry job has not written their entries yet (the handlers write them before reading anyway).
 */
export function summarize(account: Account, today: string, rules: Pick<EarningRules, 'expiringSoonDays'>): PointsSummary {
  const lots = account.lots.filter((l) => l.expiresOn >= today)
  const balance = lots.reduce((s, l) => s + l.remaining, 0)
  const pendingLots = sumByDay(lots.filter((l) => l.availableOn !== null && l.availableOn > today).map((l) => [l.availableOn!, l.remaining]))
  const pending = pendingLots.reduce((s, p) => s + p.points, 0)
  const expiries = sumByDay(lots.map((l) => [l.expiresOn, l.remaining])).map(({ day, points }) => ({ date: day, points }))
  const soonUntil = addDays(today, rules.expiringSoonDays)
  return {
    balance,
    available: balance - pending,
    pending,
    pendingLots: pendingLots.map(({ day, points }) => ({ availableOn: day, points })),
    expiringSoon: expiries.filter((e) => e.date <= soonUntil).reduce((s, e) => s + e.points, 0),
    expiringSoonDays: rules.expiringSoonDays,
    nextExpiry: expiries[0] ?? null,
    expiries,
    shortfall: account.shortfall,
  }
}
