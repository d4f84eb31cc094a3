import * as z from '../zod'
import { isSpendable, type Account } from '../points/account'

/**
 * What a point is worth to the merchant, exactly: `fen` fen for every `points` points (1 fen a point
 * by default, i.e. 100 points a yuan). A ratio of integers, so the liability is exact arithmetic.
 */
export const PointValue = z
  .object({
    fen: z.number().int().min(0).max(1_000_000),
    points: z.number().int().min(1).max(1_000_000),
  })
  .strict()
export type PointValue = z.infer<typeof PointValue>
export const DefaultPointValue: PointValue = { fen: 1, points: 1 }

/** The finance settings (`config/finance`). */
export const FinanceConfig = z.object({ pointValue: PointValue.default(DefaultPointValue) }).strict()
export type FinanceConfig = z.infer<typeof FinanceConfig>

/** `points` in fen at `value`, rounded half up to the fen (integers only, exact below 2^53). */
export function pointsToFen(points: number, value: PointValue): number {
  if (!Number.isSafeInteger(points) || points < 0) throw new Error(`points must be a non-negative integer, got ${points}`)
  const product = points * value.fen
  if (!Number.isSafeInteger(product)) throw new Error('liability too large for exact arithmetic')
  return Math.floor((product * 2 + value.points) / (value.points * 2))
}

/** The liability as of `today`, summed account by account. */
export interface LiabilityReport {
  asOf: string
  /** Points members can still use or will be able to: every lot not past its last day. */
  outstandingPoints: number
  /**
   * Points past their last day whose expiry entries the points-expiry job has not written yet: owed
   * to nobody, but still in the ledger. outstandingPoints + awaitingExpiry = the sum of the ledger.
   */
  awaitingExpiry: number
  /** Of them, points not spendable yet (still in their refund window). */
  pendingPoints: number
  /** Members holding any outstanding points. */
  members: number
  pointValue: PointValue
  /** Fen per point (pointValue.fen / pointValue.points). */
  pointValueFen: number
  /** outstandingPoints in fen at the point value, rounded half up once on the total. */
  liabilityFen: number
}

/** Adds accounts one at a time (a job pages through millions); `result` rounds once, on the total. */
export function liabilityOf(today: string, value: PointValue) {
  let outstanding = 0
  let awaiting = 0
  let pending = 0
  let members = 0
  return {
    add(account: Pick<Account, 'balance' | 'lots'>) {
      const live = account.lots.filter((l) => l.expiresOn >= today)
      const held = live.reduce((s, l) => s + l.remaining, 0)
      outstanding += held
      awaiting += account.balance - held
      pending += live.filter((l) => !isSpendable(l, today)).reduce((s, l) => s + l.remaining, 0)
      if (held > 0) members++
    },
    result(asOf: string): LiabilityReport {
      return {
        asOf,
        outstandingPoints: outstanding,
        awaitingExpiry: awaiting,
        pendingPoints: pending,
        members,
        pointValue: value,
        pointValueFen: value.fen / value.points,
        liabilityFen: pointsToFen(outstanding, value),
      }
    },
  }
}
