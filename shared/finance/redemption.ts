import type { LedgerEntry } from '../points/ledger-entry'
import { fraction, type Fraction } from './fraction'
import { inPeriod, monthOf, sortedKeys, type Period } from './period'
import { column } from './points-flow'

/** A month's (or the period's) points, as the points report counts them. */
export interface RedemptionCounts {
  /** `earn` entries. */
  issued: number
  /** `spend` entries less what cancelled redemptions gave back (a `reverse` with positive points). */
  redeemed: number
  /** `expire` entries. */
  expired: number
}

export interface RedemptionRates extends RedemptionCounts {
  /** redeemed / issued. */
  redeemedOfIssued: Fraction
  /** redeemed / (issued − expired): of the points that did not lapse, the share used. */
  redeemedOfUnexpired: Fraction
}

export interface RedemptionReport {
  months: Array<{ month: string } & RedemptionRates>
  /** The months of the period together: sums of the counts, then the ratios of the sums. */
  overall: RedemptionRates
}

const rates = (c: RedemptionCounts): RedemptionRates => ({
  ...c,
  redeemedOfIssued: fraction(c.redeemed, c.issued),
  redeemedOfUnexpired: fraction(c.redeemed, c.issued - c.expired),
})

/**
 * Redemption rates per Asia/Shanghai month from the ledger, one entry at a time (bounded memory:
 * one small record per month). The counts are the points report's columns, so they agree with it.
 */
export function redemptionRates() {
  const months = new Map<string, RedemptionCounts>()
  return {
    add(e: Pick<LedgerEntry, 'kind' | 'points' | 'createdAt'>) {
      const [col, n] = column(e)
      if (col !== 'issued' && col !== 'redeemed' && col !== 'expired') return
      const month = monthOf(e.createdAt)
      let c = months.get(month)
      if (!c) months.set(month, (c = { issued: 0, redeemed: 0, expired: 0 }))
      c[col] += n
    },
    result(period: Period = {}): RedemptionReport {
      const overall: RedemptionCounts = { issued: 0, redeemed: 0, expired: 0 }
      const out: RedemptionReport['months'] = []
      for (const month of sortedKeys(months)) {
        if (!inPeriod(month, period)) continue
        const c = months.get(month)!
        overall.issued += c.issued
        overall.redeemed += c.redeemed
        overall.expired += c.expired
        out.push({ month, ...rates(c) })
      }
      return { months: out, overall: rates(overall) }
    },
  }
}
