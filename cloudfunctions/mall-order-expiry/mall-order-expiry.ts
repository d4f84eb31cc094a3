import { shanghaiDay } from '../../shared/day'
import type { MallOrderRecord } from '../../shared/mall/order'
import { defineJob } from '../_lib/job'
import { closeOrder, MALL_ORDERS } from '../_lib/mall'
import { forEachById } from '../_lib/paging'

/**
 * Closes pickup orders not collected by their last day (Asia/Shanghai): each in its own transaction
 * that gives the points and the stock back (closeOrder). An order closed once is no longer
 * `awaiting_pickup`, so a second run, or a run racing a cancel or a hand-over, changes nothing more;
 * killed half-way, the next run finds the rest.
 */
export const mallOrderExpiry = defineJob({
  name: 'mall-order-expiry',
  description: 'close mall pickup orders past their last pickup day, returning points and stock',
  async run(deps, now) {
    const today = shanghaiDay(now)
    const summary = { today, scanned: 0, expired: 0, points: 0 }
    const filter = { status: 'awaiting_pickup', pickupBy: deps.db.command.lt(today) }
    await forEachById<MallOrderRecord>(deps.db, MALL_ORDERS, filter, 100, async (order) => {
      summary.scanned++
      const closed = await closeOrder(deps.db, order._id, { status: 'expired', reason: '超过提货期限未提货', source: { kind: 'system', id: 'mall-order-expiry', storeId: null }, now })
      if (!closed) return
      summary.expired++
      summary.points += closed.order.points
    })
    return summary
  },
})
