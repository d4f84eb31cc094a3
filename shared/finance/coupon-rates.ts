import type { CouponRecord } from '../coupon/coupon'
import { fraction, type Fraction } from './fraction'
import { inPeriod, monthOf, sortedKeys, type Period } from './period'

export interface CouponCounts {
  /** Coupons issued from the template in the period (by their issuedAt), whatever issued them. */
  issued: number
  /** Of them, written off now (a write-off that was undone does not count: the coupon is back to issued). */
  used: number
  /** Of them, never used and past their last valid day. */
  expired: number
  /** Of them, neither: still usable or not yet usable. */
  open: number
  /** Write-offs of these coupons that were undone (kept apart; none is in `used`). */
  undoneWriteOffs: number
}

export interface CouponRates extends CouponCounts {
  /** used / issued. */
  useRate: Fraction
}

export interface CouponReport {
  asOf: string
  templates: Array<{ templateId: string; title: string; kind: CouponRecord['kind'] } & CouponRates>
  total: CouponRates
}

const empty = (): CouponCounts => ({ issued: 0, used: 0, expired: 0, open: 0, undoneWriteOffs: 0 })
const rates = (c: CouponCounts): CouponRates => ({ ...c, useRate: fraction(c.used, c.issued) })

/** Issue and use per coupon template, one coupon document at a time, as of `today` (Asia/Shanghai). */
export function couponRates(today: string, period: Period = {}) {
  const templates = new Map<string, { title: string; kind: CouponRecord['kind']; counts: CouponCounts }>()
  return {
    /** A template from `coupon_templates`: listed even when none of its coupons was issued in the period. */
    template(t: { id: string; title: string; kind: CouponRecord['kind'] }) {
      if (!templates.has(t.id)) templates.set(t.id, { title: t.title, kind: t.kind, counts: empty() })
    },
    add(k: Pick<CouponRecord, 'templateId' | 'title' | 'kind' | 'state' | 'validUntil' | 'issuedAt' | 'writeOffs'>) {
      if (!inPeriod(monthOf(k.issuedAt), period)) return
      let t = templates.get(k.templateId)
      if (!t) templates.set(k.templateId, (t = { title: k.title, kind: k.kind, counts: empty() }))
      const c = t.counts
      c.issued++
      if (k.state === 'used') c.used++
      else if (k.validUntil < today) c.expired++
      else c.open++
      for (const w of k.writeOffs) if (w.undoneAt) c.undoneWriteOffs++
    },
    result(asOf: string): CouponReport {
      const total = empty()
      const rows = sortedKeys(templates).map((templateId) => {
        const t = templates.get(templateId)!
        for (const key of Object.keys(total) as Array<keyof CouponCounts>) total[key] += t.counts[key]
        return { templateId, title: t.title, kind: t.kind, ...rates(t.counts) }
      })
      return { asOf, templates: rows, total: rates(total) }
    },
  }
}
