import type { EntryKind, EntrySource, LedgerEntryView } from './schemas'

/** Points taken from one lot by one entry. */
export interface Consumed {
  lotId: string
  points: number
  /** On spends: the lot's last day, so that a cancelled redemption gives the points back with it. */
  expiresOn?: string
}

/**
 * One document of the append-only `ledger` collection: never updated, never removed. `_id` is
 * deterministic from the business key, so a retried write collides instead of counting twice.
 */
export interface LedgerEntry {
  _id: string
  memberId: string
  /** 1, 2, 3 … per member in the order written (the account counts them): history pages by it. */
  seq: number
  kind: EntryKind
  /** Signed: positive credits the balance, negative debits it. */
  points: number
  reason: string
  source: EntrySource
  /** `<storeId>:<orderId>` when the entry belongs to a till order. */
  orderKey: string | null
  /** Set on earnings: the lot this entry created (the lot's id is the entry's `_id`). */
  lot: { expiresOn: string; availableOn: string | null } | null
  /** The lots this entry took points from (spend, expire, reverse of an earning), or gave back to (reverse of a spend). */
  consumed: Consumed[] | null
  /** For `reverse`: the earning it corrects. */
  voids: string | null
  /**
   * Change to the account's shortfall: positive on a reversal that could not take back every
   * point (they were spent), negative when a later earning pays it back. Null when unchanged.
   */
  shortfall: number | null
  createdAt: Date
  /** Asia/Shanghai 'YYYY-MM' of createdAt, added when stored (reports page a month by it). */
  month?: string
}

/** Deterministic entry ids: the same business event always gets the same id. */
export const EntryIds = {
  /** A till order's credit. orderKey = `<storeId>:<orderId>`. */
  earn: (orderKey: string) => `earn:${orderKey}`,
  /** One refund of a till order; refundId is the POS refund number or the running refund total. */
  reverse: (orderKey: string, refundId: string) => `rev:${orderKey}:${refundId}`,
  /** What was left of a lot on its expiry (a lot expires once). */
  expire: (lotId: string) => `exp:${lotId}`,
  /** The n-th shortfall payment made out of the earning `earnId`. */
  settle: (earnId: string, n: number) => `settle:${earnId}:${n}`,
  /** The points of a mall order. */
  redeem: (orderCode: string) => `mall:${orderCode}`,
  /** The points of a mall order given back (cancelled or expired). */
  redeemBack: (orderCode: string) => `mall-back:${orderCode}`,
  /** A day's check-in (once per member and Asia/Shanghai day). */
  signin: (memberId: string, day: string) => `signin:${memberId}:${day}`,
  /** What a spin cost, and what it won. */
  gameCost: (spinId: string) => `game:${spinId}`,
  gameWin: (spinId: string) => `game-win:${spinId}`,
}

/** What the member sees of an entry. */
export function toEntryView(e: LedgerEntry): LedgerEntryView {
  return {
    id: e._id,
    kind: e.kind,
    points: e.points,
    reason: e.reason,
    storeId: e.source.storeId,
    createdAt: new Date(e.createdAt).toISOString(),
    expiresOn: e.lot?.expiresOn ?? null,
    availableOn: e.lot?.availableOn ?? null,
    voids: e.voids,
  }
}
