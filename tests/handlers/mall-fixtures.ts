import { definition as couponDefinition } from '../../cloudfunctions/coupon'
import { definition as mallDefinition } from '../../cloudfunctions/mall'
import { saveTemplate } from '../../cloudfunctions/_lib/coupons'
import { saveItem } from '../../cloudfunctions/_lib/mall'
import { CouponTemplate, type CouponTemplateInput } from '../../shared/coupon/schemas'
import type { MallOrderRecord } from '../../shared/mall/order'
import { MallItem, type MallItemInput } from '../../shared/mall/schemas'
import type { StockShard } from '../../shared/stock'
import type { Envelope } from './harness'
import { credit } from './points-fixtures'
import { openTill } from './till'

/**
 * The till (staff and member functions) with the coupon and mall functions beside it, on one store
 * and one clock: members register, earn, claim and redeem; clerks write off and hand over.
 */
export function openMall() {
  const till = openTill()
  const coupon = couponDefinition.build(till.deps)
  const mall = mallDefinition.build(till.deps)
  const as = (fn: typeof coupon) => (openid: string, event: object) => fn(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  const asMall = as(mall)
  let lots = 0
  let requests = 0
  let phones = 0
  return {
    ...till,
    coupon: as(coupon),
    mall: asMall,
    async template(input: Partial<CouponTemplateInput> & { id: string }) {
      const t = CouponTemplate.parse({ title: '满100减20', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 }, claimable: true, ...input })
      await saveTemplate(till.deps.db, t)
      return t
    },
    async item(input: Partial<MallItemInput> & { id: string }) {
      const item = MallItem.parse({ title: '拿铁咖啡', category: '饮品', kind: 'goods', fulfilment: 'pickup', pricePoints: 100, stock: 10, ...input })
      await saveItem(till.deps.db, item)
      return item
    },
    /** Gives a registered member spendable points (a lot that expires in a year). */
    async give(openid: string, points: number, expiresOn = '2028-01-31') {
      await credit(till, till.memberId(openid), `gift-${++lots}`, points, expiresOn)
    },
    /** A redemption as the app sends it, with a fresh requestId unless `extra` brings one. */
    redeem(openid: string, itemId: string, quantity = 1, extra: object = {}) {
      return asMall(openid, { action: 'redeem', itemId, quantity, requestId: `req-${String(++requests).padStart(6, '0')}`, ...extra })
    },
    /** Registers `count` members (`<prefix>-1` …) on phones of their own, each given `points`. */
    async members(prefix: string, count: number, points = 0): Promise<string[]> {
      const openids = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`)
      for (const openid of openids) {
        await till.register(openid, `137${String(++phones).padStart(8, '0')}`)
        if (points > 0) await credit(till, till.memberId(openid), `gift-${++lots}`, points, '2028-01-31')
      }
      return openids
    },
    /** A stock pool's shards as stored, in shard order. */
    pool: (poolId: string) => (till.store.rawFind('stock') as unknown as StockShard[]).filter((s) => s.poolId === poolId).sort((a, b) => a.shard - b.shard),
    /** Every mall order as stored. */
    orders: () => till.store.rawFind('mall_orders') as unknown as MallOrderRecord[],
  }
}

export type MallHarness = ReturnType<typeof openMall>
