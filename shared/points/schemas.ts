import * as z from '../zod'

/** A calendar day in Asia/Shanghai, YYYY-MM-DD: lots expire and become available by day, not by instant. */
export const DayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** Who caused a ledger entry. */
export const EntrySource = z.object({
  kind: z.enum(['member', 'staff', 'system', 'admin']),
  /** openid of the member/staff/admin; the job name for `system`. */
  id: z.string(),
  storeId: z.string().nullable(),
})
export type EntrySource = z.infer<typeof EntrySource>

export const EntryKind = z.enum([
  'earn', // a purchase or reward credited: a lot
  'spend', // points used (mall, games): consumes lots, soonest-expiring first
  'expire', // what was left of a lot on its expiry day
  'reverse', // a correction: equal and opposite to (part of) the entry in `voids`
  'adjust', // an operator's manual change
])
export type EntryKind = z.infer<typeof EntryKind>

// ---- inputs

export const HistoryInput = z.object({ cursor: z.string().max(200).optional() })
export type HistoryInput = z.infer<typeof HistoryInput>

// ---- outputs

/** `date` is the last day (inclusive) the points can be used: they are gone from the next day. */
export const ExpiryView = z.object({ date: DayString, points: z.number().int() })
export const PendingView = z.object({ availableOn: DayString, points: z.number().int() })

export const PointsSummary = z.object({
  /** Sum of the member's ledger: what they own, spendable or pending. */
  balance: z.number().int(),
  /** Spendable now (balance less pending). */
  available: z.number().int(),
  pending: z.number().int(),
  /** Pending points by the day they become spendable, soonest first. */
  pendingLots: z.array(PendingView),
  /** Points that expire within `expiringSoonDays` days. */
  expiringSoon: z.number().int(),
  expiringSoonDays: z.number().int(),
  nextExpiry: ExpiryView.nullable(),
  /** Every upcoming expiry day with its amount, soonest first. */
  expiries: z.array(ExpiryView),
  /** Points owed back after a refund of points already spent; taken from later earnings first. */
  shortfall: z.number().int(),
})
export type PointsSummary = z.infer<typeof PointsSummary>

export const LedgerEntryView = z.object({
  id: z.string(),
  kind: EntryKind,
  /** Signed: positive credits, negative debits. */
  points: z.number().int(),
  reason: z.string(),
  storeId: z.string().nullable(),
  createdAt: z.string(),
  /** For earnings: the day the lot expires and, when it was pending, the day it became spendable. */
  expiresOn: DayString.nullable(),
  availableOn: DayString.nullable(),
  /** For reversals: the entry this one corrects. */
  voids: z.string().nullable(),
})
export type LedgerEntryView = z.infer<typeof LedgerEntryView>

export const HistoryResult = z.object({
  entries: z.array(LedgerEntryView),
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
})
export type HistoryResult = z.infer<typeof HistoryResult>
