import type { CouponRecord } from '../coupon/coupon'
import type { LedgerEntry } from '../points/ledger-entry'
import type { OrderRecord, OrderRefund } from '../staff/order-record'
import { issueStoreOf } from './attribution'
import { fenOf } from './fen'
import { fraction, type Fraction } from './fraction'
import type { PointValue } from './liability'
import { inPeriod, monthOf, sortedKeys, type Period } from './period'

/** What is counted, per month and store, before any conversion to fen. */
export interface CostCounts {
  /** Credited till orders made that month (`orders`, status credited), at their createdAt. */
  salesFen: number
  /** Refunds of credited orders made that month (each refund at its own time). */
  refundedFen: number
  /** `earn` entries made at the store. */
  pointsIssued: number
  /** Points taken back from the store's earnings (refunds and shortfall settlements voiding them). */
  pointsReversed: number
  /** Cash coupons written off (not undone) at the store, and their face values. */
  cashCoupons: number
  cashCouponFen: number
  /** Percent coupons written off: no fixed face value (the POS applies them), so not in the cost. */
  percentCoupons: number
  /** Gift coupons written off: a gift, not money, so not in the cost either. */
  giftCoupons: number
}

export interface CostFigures extends CostCounts {
  netSalesFen: number
  pointsNet: number
  /** pointsNet in fen at the point value, converted once for this figure. */
  pointsCostFen: number
  costFen: number
  /** costFen / netSalesFen. */
  share: Fraction
}

export interface CostReport {
  pointValue: PointValue
  months: Array<{ month: string; stores: Array<{ storeId: string } & CostFigures>; total: CostFigures }>
  overall: CostFigures
}

const empty = (): CostCounts => ({ salesFen: 0, refundedFen: 0, pointsIssued: 0, pointsReversed: 0, cashCoupons: 0, cashCouponFen: 0, percentCoupons: 0, giftCoupons: 0 })

const plus = (a: CostCounts, b: CostCounts) => {
  for (const k of Object.keys(a) as Array<keyof CostCounts>) a[k] += b[k]
}

function figures(c: CostCounts, value: PointValue): CostFigures {
  const netSalesFen = c.salesFen - c.refundedFen
  const pointsNet = c.pointsIssued - c.pointsReversed
  const pointsCostFen = fenOf(pointsNet, value)
  const costFen = pointsCostFen + c.cashCouponFen
  return { ...c, netSalesFen, pointsNet, pointsCostFen, costFen, share: fraction(costFen, netSalesFen) }
}

/**
 * The programme's cost as a share of sales, per Asia/Shanghai month and store, fed one document at a
 * time from the ledger, the till orders and the coupons. `stores` limits it to those stores (a
 * manager's), null for all; points issued away from a till count under (线上), which has no sales.
 */
/** What the report reads of a till order's sale (orders from before `creditedAt` existed count by `createdAt`). */
type Sale = Pick<OrderRecord, 'status' | 'storeId' | 'amountFen' | 'createdAt'> & Partial<Pick<OrderRecord, 'creditedAt'>>

export function costShare(stores: ReadonlySet<string> | null = null) {
  const months = new Map<string, Map<string, CostCounts>>()
  const cell = (month: string, store: string): CostCounts | null => {
    if (stores && !stores.has(store)) return null
    let byStore = months.get(month)
    if (!byStore) months.set(month, (byStore = new Map()))
    let c = byStore.get(store)
    if (!c) byStore.set(store, (c = empty()))
    return c
  }
  /** A credited order's sale, in the month it was credited (an approved order's is its approval's). */
  const addSale = (o: Sale) => {
    if (o.status !== 'credited') return
    const sale = cell(monthOf(o.creditedAt ?? o.createdAt), o.storeId)
    if (sale) sale.salesFen += o.amountFen
  }
  /** One refund of a credited order, in its own month. */
  const addRefund = (storeId: string, r: Pick<OrderRefund, 'at' | 'amountFen'>) => {
    const c = cell(monthOf(r.at), storeId)
    if (c) c.refundedFen += r.amountFen
  }
  return {
    addEntry(e: Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids' | 'createdAt'>) {
      const store = issueStoreOf(e)
      if (store === null) return
      const c = cell(monthOf(e.createdAt), store)
      if (!c) return
      if (e.kind === 'earn') c.pointsIssued += e.points
      else c.pointsReversed -= e.points
    },
    addSale,
    addRefund,
    addOrder(o: Sale & Pick<OrderRecord, 'refunds'>) {
      if (o.status !== 'credited') return
      addSale(o)
      for (const r of o.refunds) addRefund(o.storeId, r)
    },
    addCoupon(k: Pick<CouponRecord, 'state' | 'kind' | 'offFen' | 'usedAt' | 'usedStoreId'>) {
      // An undone write-off puts the coupon back to `issued`: only coupons still used count.
      if (k.state !== 'used' || !k.usedAt || !k.usedStoreId) return
      const c = cell(monthOf(k.usedAt), k.usedStoreId)
      if (!c) return
      if (k.kind === 'cash') {
        c.cashCoupons++
        c.cashCouponFen += k.offFen ?? 0
      } else if (k.kind === 'percent') c.percentCoupons++
      else c.giftCoupons++
    },
    result(value: PointValue, period: Period = {}): CostReport {
      const overall = empty()
      const out: CostReport['months'] = []
      for (const month of sortedKeys(months)) {
        if (!inPeriod(month, period)) continue
        const byStore = months.get(month)!
        const total = empty()
        const rows = sortedKeys(byStore).map((storeId) => {
          const c = byStore.get(storeId)!
          plus(total, c)
          return { storeId, ...figures(c, value) }
        })
        plus(overall, total)
        out.push({ month, stores: rows, total: figures(total, value) })
      }
      return { pointValue: value, months: out, overall: figures(overall, value) }
    },
  }
}
