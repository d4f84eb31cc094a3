import type { CouponRecord } from '../../shared/coupon/coupon'
import type { CostSink } from '../../shared/finance/ledger-rollup'
import { monthOf } from '../../shared/finance/period'
import type { OrderRecord } from '../../shared/staff/order-record'
import { COUPONS } from './coupons'
import type { Database } from './deps'
import { forEachById } from './paging'
import { ORDERS } from './staff-records'

/** What the cost report and the month close read of till orders and used coupons. */
export type Sale = Pick<OrderRecord, 'status' | 'storeId' | 'amountFen' | 'createdAt' | 'creditedAt' | 'creditedMonth' | 'refunds' | 'refundMonths'>
export type Used = Pick<CouponRecord, 'state' | 'kind' | 'offFen' | 'usedAt' | 'usedStoreId' | 'usedMonth'>
export const saleMonth = (o: Pick<OrderRecord, 'createdAt' | 'creditedAt'>) => monthOf(o.creditedAt ?? o.createdAt)
export const isUsed = (c: Used): c is Used & { usedAt: Date; usedStoreId: string } => c.state === 'used' && !!c.usedAt && !!c.usedStoreId

const PAGE = 1000

/** One month's till sales, refunds and write-offs, by the month each is stamped with (indexes). */
export async function costRecordsOf(db: Database, m: string, sink: CostSink): Promise<void> {
  await forEachById<Sale & { _id: string }>(db, ORDERS, { creditedMonth: m }, PAGE, async (o) => {
    if (o.status === 'credited') sink.addSale({ status: 'credited', storeId: o.storeId, amountFen: o.amountFen, createdAt: o.createdAt, creditedAt: o.creditedAt ?? o.createdAt })
  })
  await forEachById<Sale & { _id: string }>(db, ORDERS, { refundMonths: m }, PAGE, async (o) => {
    if (o.status !== 'credited') return
    for (const r of o.refunds) if (monthOf(r.at) === m) sink.addRefund(o.storeId, r)
  })
  await forEachById<Used & { _id: string }>(db, COUPONS, { usedMonth: m }, PAGE, async (c) => {
    if (isUsed(c)) sink.addCoupon({ state: 'used', kind: c.kind, offFen: c.offFen, usedAt: c.usedAt, usedStoreId: c.usedStoreId })
  })
}
