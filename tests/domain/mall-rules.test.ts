import fc from 'fast-check'
import { flashPool, flashState, itemPool, listOrder, pickupBy, redeemRefusal, salePlan, toItemView, visibleTo } from '../../shared/mall/item'
import { cancelRefusal, close, fulfil, fulfilRefusal, initialStatus, isOpen, sameFulfilment, toOrderView, type MallOrderRecord } from '../../shared/mall/order'
import { ItemView, MallItem, OrderView, RedeemInput, type MallItemInput } from '../../shared/mall/schemas'
import { poolRemaining, shardId, shardOrder, splitUnits, type StockShard } from '../../shared/stock'

// 2027-01-31 10:00 in Shanghai.
const T0 = new Date('2027-01-31T10:00:00+08:00')
const HOUR = 3_600_000
const later = (ms: number) => new Date(T0.getTime() + ms)

const item = (input: Partial<MallItemInput> = {}) =>
  MallItem.parse({ id: 'latte', title: '拿铁咖啡', category: '饮品', kind: 'goods', fulfilment: 'pickup', pricePoints: 100, stock: 10, ...input })

/** A flash sale live from 09:00 to 11:00 on 2027-01-31 (T0 is 10:00). */
const liveFlash = (extra: object = {}) => ({ id: 'f1', startsAt: '2027-01-31T09:00:00+08:00', endsAt: '2027-01-31T11:00:00+08:00', ...extra })

describe('flash sales and the sale plan', () => {
  test('flashState: upcoming before the start, live from the start, ended from the end', () => {
    const f = liveFlash()
    expect(flashState(f, later(-1 * HOUR - 1))).toBe('upcoming')
    expect(flashState(f, later(-1 * HOUR))).toBe('live')
    expect(flashState(f, later(HOUR - 1))).toBe('live')
    expect(flashState(f, later(HOUR))).toBe('ended')
  })

  test('without a live flash sale: the item\'s price, pool and limit', () => {
    const plain = item({ priceFen: 500, perMemberLimit: 2 })
    const expected = { poolId: 'item:latte', points: 100, fen: 500, flash: null, perMemberLimit: 2, limitKey: 'latte' }
    expect(salePlan(plain, T0)).toEqual(expected)
    const upcoming = item({ priceFen: 500, perMemberLimit: 2, flash: liveFlash({ startsAt: '2027-01-31T12:00:00+08:00', endsAt: '2027-01-31T13:00:00+08:00', pricePoints: 1, stock: 5 }) })
    expect(salePlan(upcoming, T0)).toEqual(expected)
    const ended = item({ priceFen: 500, perMemberLimit: 2, flash: liveFlash({ startsAt: '2027-01-31T08:00:00+08:00', endsAt: '2027-01-31T09:00:00+08:00', pricePoints: 1, stock: 5 }) })
    expect(salePlan(ended, T0)).toEqual(expected)
  })

  test('a live flash sale with its own stock and limit sells from its pool and counts against its own key', () => {
    const f = liveFlash({ pricePoints: 10, priceFen: 100, stock: 5, perMemberLimit: 1 })
    const plan = salePlan(item({ priceFen: 500, perMemberLimit: 3, flash: f }), T0)
    expect(plan).toEqual({ poolId: 'flash:latte:f1', points: 10, fen: 100, flash: expect.objectContaining({ id: 'f1' }), perMemberLimit: 1, limitKey: 'latte:f1' })
    expect(plan.poolId).toBe(flashPool('latte', 'f1'))
  })

  test('a live flash sale without its own stock or limit uses the item\'s, and keeps unset prices', () => {
    const plan = salePlan(item({ priceFen: 500, perMemberLimit: 3, flash: liveFlash({ pricePoints: 10 }) }), T0)
    expect(plan).toMatchObject({ poolId: itemPool('latte'), points: 10, fen: 500, perMemberLimit: 3, limitKey: 'latte' })
    const noLimit = salePlan(item({ flash: liveFlash({ priceFen: 0, stock: 3 }) }), T0)
    expect(noLimit).toMatchObject({ poolId: 'flash:latte:f1', points: 100, fen: 0, perMemberLimit: null, limitKey: 'latte' })
  })
})

describe('visibleTo', () => {
  test('active items for the caller\'s level, until the end of their sale window', () => {
    expect(visibleTo(item(), 'basic', T0)).toBe(true)
    expect(visibleTo(item({ active: false }), 'basic', T0)).toBe(false)
    expect(visibleTo(item({ levels: ['gold', 'black'] }), 'basic', T0)).toBe(false)
    expect(visibleTo(item({ levels: ['gold', 'black'] }), 'gold', T0)).toBe(true)
    const until = item({ saleUntil: '2027-01-31T10:00:00+08:00' })
    expect(visibleTo(until, 'basic', later(-1))).toBe(true)
    expect(visibleTo(until, 'basic', T0)).toBe(false)
  })

  test('an item not yet on sale is shown (as coming), not hidden', () => {
    expect(visibleTo(item({ saleFrom: '2027-02-01T00:00:00+08:00' }), 'basic', T0)).toBe(true)
  })
})

describe('redeemRefusal', () => {
  const ok = { quantity: 1, stock: 10, bought: 0, available: 1000, now: T0 }
  const refusal = (i: MallItem, args: Partial<typeof ok>) => redeemRefusal(i, salePlan(i, args.now ?? T0), { ...ok, ...args })

  test('each refusal on its own', () => {
    const i = item({ perMemberLimit: 2, maxPerOrder: 3, saleFrom: '2027-01-31T09:00:00+08:00' })
    expect(refusal(i, {})).toBeNull()
    expect(refusal(i, { now: later(-1 * HOUR - 1) })).toBe('NOT_ON_SALE')
    expect(refusal(i, { quantity: 4 })).toBe('QUANTITY_TOO_LARGE')
    expect(refusal(i, { bought: 1, quantity: 2 })).toBe('LIMIT_REACHED')
    expect(refusal(i, { bought: 1, quantity: 1 })).toBeNull()
    expect(refusal(i, { stock: 1, quantity: 2 })).toBe('OUT_OF_STOCK')
    expect(refusal(i, { stock: 0 })).toBe('OUT_OF_STOCK')
    expect(refusal(i, { available: 199, quantity: 2 })).toBe('INSUFFICIENT_POINTS')
    expect(refusal(i, { available: 200, quantity: 2 })).toBeNull()
  })

  test('checked in order: not on sale, quantity, limit, stock, points', () => {
    const i = item({ perMemberLimit: 1, maxPerOrder: 2, saleFrom: '2027-02-01T00:00:00+08:00' })
    const everything = { quantity: 3, bought: 1, stock: 0, available: 0 }
    expect(refusal(i, everything)).toBe('NOT_ON_SALE')
    const onSale = item({ perMemberLimit: 1, maxPerOrder: 2 })
    expect(refusal(onSale, everything)).toBe('QUANTITY_TOO_LARGE')
    expect(refusal(onSale, { ...everything, quantity: 1 })).toBe('LIMIT_REACHED')
    expect(refusal(onSale, { ...everything, quantity: 1, bought: 0 })).toBe('OUT_OF_STOCK')
    expect(refusal(onSale, { ...everything, quantity: 1, bought: 0, stock: 1 })).toBe('INSUFFICIENT_POINTS')
  })

  test('a live flash sale\'s own limit and price apply', () => {
    const i = item({ perMemberLimit: 5, flash: liveFlash({ pricePoints: 10, perMemberLimit: 1, stock: 3 }) })
    expect(refusal(i, { bought: 1 })).toBe('LIMIT_REACHED')
    expect(refusal(i, { available: 10 })).toBeNull()
    expect(refusal(i, { available: 9 })).toBe('INSUFFICIENT_POINTS')
  })
})

describe('toItemView', () => {
  const args = { now: T0, stock: 7, flashStock: null, bought: 0, available: 1000 }

  test('what a plain item shows', () => {
    const view = toItemView(item({ perMemberLimit: 3, marketPriceFen: 3200, images: ['/assets/mall/latte.svg'] }), { ...args, bought: 1 })
    expect(ItemView.parse(view)).toEqual(view)
    expect(view).toMatchObject({
      id: 'latte',
      price: { points: 100, fen: 0 },
      regularPrice: null,
      marketPriceFen: 3200,
      stock: 7,
      remainingForMe: 2,
      maxPerOrder: 5,
      flash: null,
      canRedeem: true,
      blockedBy: null,
      images: ['/assets/mall/latte.svg'],
      pickupDays: 14,
    })
  })

  test('remainingForMe is null without a limit and never below zero', () => {
    expect(toItemView(item(), args).remainingForMe).toBeNull()
    expect(toItemView(item({ perMemberLimit: 2 }), { ...args, bought: 5 })).toMatchObject({ remainingForMe: 0, canRedeem: false, blockedBy: 'LIMIT_REACHED' })
  })

  test('regularPrice only while a live flash sale changes the price', () => {
    const cheaper = item({ flash: liveFlash({ pricePoints: 10, stock: 5 }) })
    expect(toItemView(cheaper, { ...args, flashStock: 5 })).toMatchObject({
      price: { points: 10, fen: 0 },
      regularPrice: { points: 100, fen: 0 },
      flash: { id: 'f1', state: 'live', stock: 5 },
    })
    const sameScale = item({ flash: liveFlash({ pricePoints: 100, stock: 5 }) })
    expect(toItemView(sameScale, { ...args, flashStock: 5 }).regularPrice).toBeNull()
    const upcoming = item({ flash: liveFlash({ startsAt: '2027-01-31T12:00:00+08:00', endsAt: '2027-01-31T13:00:00+08:00', pricePoints: 10 }) })
    expect(toItemView(upcoming, args)).toMatchObject({ price: { points: 100, fen: 0 }, regularPrice: null, flash: { state: 'upcoming', stock: null } })
    const cashOnly = item({ priceFen: 1000, flash: liveFlash({ priceFen: 500 }) })
    expect(toItemView(cashOnly, args)).toMatchObject({ price: { points: 100, fen: 500 }, regularPrice: { points: 100, fen: 1000 } })
  })

  test('canRedeem and blockedBy say what stops one unit now', () => {
    expect(toItemView(item(), { ...args, stock: 0 })).toMatchObject({ canRedeem: false, blockedBy: 'OUT_OF_STOCK' })
    expect(toItemView(item(), { ...args, available: 99 })).toMatchObject({ canRedeem: false, blockedBy: 'INSUFFICIENT_POINTS' })
    expect(toItemView(item({ saleFrom: '2027-02-01T00:00:00+08:00' }), args)).toMatchObject({ canRedeem: false, blockedBy: 'NOT_ON_SALE' })
  })
})

test('listOrder: live and upcoming flash sales first, then by sort, then by title', () => {
  const items = [
    item({ id: 'b', title: '保温杯', sort: 10 }),
    item({ id: 'a', title: '帆布袋', sort: 10 }),
    item({ id: 'z', title: '雨伞', sort: 1 }),
    item({ id: 'ended', title: '过期秒杀', sort: 0, flash: liveFlash({ startsAt: '2027-01-30T09:00:00+08:00', endsAt: '2027-01-30T10:00:00+08:00' }) }),
    item({ id: 'soon', title: '即将秒杀', sort: 50, flash: liveFlash({ startsAt: '2027-02-01T09:00:00+08:00', endsAt: '2027-02-01T10:00:00+08:00' }) }),
    item({ id: 'live', title: '秒杀中', sort: 90, flash: liveFlash() }),
  ]
  // Titles compare in Chinese collation (pinyin): 保温杯 (bǎo) before 帆布袋 (fān).
  expect(listOrder(items, T0).map((i) => i.id)).toEqual(['soon', 'live', 'ended', 'z', 'b', 'a'])
})

test('pickupBy: the last Shanghai day to collect, counting the day of the order', () => {
  expect(pickupBy({ pickupDays: 1 }, T0)).toBe('2027-01-31')
  expect(pickupBy({ pickupDays: 14 }, T0)).toBe('2027-02-13')
  // 23:30 in Shanghai is still the 31st even though UTC says 15:30.
  expect(pickupBy({ pickupDays: 1 }, new Date('2027-01-31T23:30:00+08:00'))).toBe('2027-01-31')
  expect(pickupBy({ pickupDays: 1 }, new Date('2027-02-01T00:30:00+08:00'))).toBe('2027-02-01')
})

describe('MallItem schema', () => {
  const errors = (input: Partial<MallItemInput>) => {
    const r = MallItem.safeParse({ id: 'x', title: '商品', category: '周边', pricePoints: 100, stock: 0, ...input })
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])
  }

  test('goods need a fulfilment; nothing else may have one', () => {
    expect(errors({ kind: 'goods' })).toEqual([['fulfilment', '实物商品需要选择门店自提或快递配送']])
    expect(errors({ kind: 'goods', fulfilment: 'delivery' })).toEqual([])
    expect(errors({ kind: 'voucher', partner: '猫眼电影', fulfilment: 'pickup' })).toEqual([['fulfilment', '只有实物商品需要配送方式']])
  })

  test('a coupon item needs a template and a voucher item a partner', () => {
    expect(errors({ kind: 'coupon' })).toEqual([['couponTemplateId', '优惠券商品需要选择券模板']])
    expect(errors({ kind: 'coupon', couponTemplateId: 'cash20' })).toEqual([])
    expect(errors({ kind: 'voucher' })).toEqual([['partner', '合作券商品需要填写合作方']])
  })

  test('a voucher item\'s flash sale sells the imported codes, so it brings no stock of its own', () => {
    expect(errors({ kind: 'voucher', partner: '猫眼电影', flash: liveFlash({ stock: 5 }) })).toEqual([['flash', '合作券商品的秒杀只能使用商品本身的库存']])
    expect(errors({ kind: 'voucher', partner: '猫眼电影', flash: liveFlash({ pricePoints: 10 }) })).toEqual([])
  })

  test('a voucher item\'s stock is its imported codes, so it starts at 0', () => {
    expect(errors({ kind: 'voucher', partner: '猫眼电影', stock: 5 })).toEqual([['stock', '合作券商品的库存来自导入的券码，初始库存应为 0']])
  })

  test('cash on top of points only for goods picked up in a store, on the item or its flash sale', () => {
    const message = '积分+现金只适用于门店自提的实物商品（现金在提货时支付）'
    expect(errors({ kind: 'goods', fulfilment: 'pickup', priceFen: 990 })).toEqual([])
    expect(errors({ kind: 'goods', fulfilment: 'delivery', priceFen: 990 })).toEqual([['priceFen', message]])
    expect(errors({ kind: 'coupon', couponTemplateId: 'c', priceFen: 990 })).toEqual([['priceFen', message]])
    expect(errors({ kind: 'voucher', partner: 'p', flash: liveFlash({ priceFen: 100 }) })).toEqual([['priceFen', message]])
  })

  test('points and cash cannot both be zero; the sale window and the flash sale run forwards', () => {
    expect(errors({ kind: 'goods', fulfilment: 'pickup', pricePoints: 0 })).toEqual([['pricePoints', '积分和现金不能都为 0']])
    expect(errors({ kind: 'goods', fulfilment: 'pickup', pricePoints: 0, priceFen: 100 })).toEqual([])
    expect(errors({ kind: 'goods', fulfilment: 'pickup', saleFrom: '2027-02-01T00:00:00+08:00', saleUntil: '2027-02-01T00:00:00+08:00' })).toEqual([
      ['saleUntil', '下架时间应晚于上架时间'],
    ])
    expect(errors({ kind: 'goods', fulfilment: 'pickup', flash: liveFlash({ endsAt: '2027-01-31T09:00:00+08:00' }) })).toEqual([['flash.endsAt', '秒杀结束时间应晚于开始时间']])
  })

  test('times need an offset; defaults fill the rest', () => {
    expect(errors({ kind: 'goods', fulfilment: 'pickup', saleFrom: '2027-02-01T00:00:00' })).toHaveLength(1)
    expect(item()).toMatchObject({ priceFen: 0, stockShards: 1, perMemberLimit: null, maxPerOrder: 5, levels: null, flash: null, storeIds: null, pickupDays: 14, active: true })
  })
})

describe('RedeemInput', () => {
  test('a requestId of 8–64 safe characters and a whole quantity of at least 1', () => {
    expect(RedeemInput.safeParse({ itemId: 'latte', quantity: 1, requestId: 'req-0001' }).success).toBe(true)
    expect(RedeemInput.safeParse({ itemId: 'latte', quantity: 1, requestId: 'short' }).success).toBe(false)
    expect(RedeemInput.safeParse({ itemId: 'latte', quantity: 1, requestId: 'has space!' }).success).toBe(false)
    expect(RedeemInput.safeParse({ itemId: 'latte', quantity: 0, requestId: 'req-0001' }).success).toBe(false)
    expect(RedeemInput.safeParse({ itemId: 'latte', quantity: 1.5, requestId: 'req-0001' }).success).toBe(false)
  })
})

describe('orders', () => {
  const order = (extra: Partial<MallOrderRecord> = {}): MallOrderRecord => ({
    _id: 'ORDER0000001',
    memberId: 'm1',
    openid: 'o1',
    requestKey: 'm1:req-0001',
    itemId: 'latte',
    title: '拿铁咖啡',
    image: null,
    kind: 'goods',
    fulfilment: 'pickup',
    quantity: 1,
    unitPoints: 100,
    unitFen: 0,
    points: 100,
    fen: 0,
    flashId: null,
    shardId: 'item:latte#0',
    limitId: 'm1:latte',
    spendEntryId: 'mall:ORDER0000001',
    status: 'awaiting_pickup',
    pickupBy: '2027-02-13',
    storeIds: ['S1'],
    address: null,
    couponCodes: [],
    voucherCodes: [],
    tracking: null,
    createdAt: T0,
    fulfilledAt: null,
    fulfilledBy: null,
    fulfilledStoreId: null,
    closedAt: null,
    closeReason: null,
    ...extra,
  })
  const clerk = { staffOpenid: 'clerk-a', storeId: 'S1' }

  test('initial status: coupons and vouchers are delivered at once; goods wait for pickup or delivery', () => {
    expect(initialStatus('coupon', null)).toBe('completed')
    expect(initialStatus('voucher', null)).toBe('completed')
    expect(initialStatus('goods', 'pickup')).toBe('awaiting_pickup')
    expect(initialStatus('goods', 'delivery')).toBe('awaiting_delivery')
    expect(['awaiting_pickup', 'awaiting_delivery'].every((s) => isOpen(s as never))).toBe(true)
    expect(['completed', 'cancelled', 'expired'].some((s) => isOpen(s as never))).toBe(false)
  })

  test('cancelRefusal: open orders only', () => {
    expect(cancelRefusal(order())).toBeNull()
    expect(cancelRefusal(order({ status: 'awaiting_delivery' }))).toBeNull()
    expect(cancelRefusal(order({ status: 'completed' }))).toBe('ORDER_NOT_CANCELLABLE')
    expect(cancelRefusal(order({ status: 'cancelled' }))).toBe('ORDER_CLOSED')
    expect(cancelRefusal(order({ status: 'expired' }))).toBe('ORDER_CLOSED')
  })

  test('fulfilRefusal: through the last pickup day, at a listed store, once', () => {
    expect(fulfilRefusal(order(), 'S1', '2027-02-13')).toBeNull()
    expect(fulfilRefusal(order(), 'S1', '2027-02-14')).toBe('ORDER_CLOSED')
    expect(fulfilRefusal(order(), 'S2', '2027-01-31')).toBe('STORE_MISMATCH')
    expect(fulfilRefusal(order({ storeIds: null }), 'S2', '2027-01-31')).toBeNull()
    expect(fulfilRefusal(order({ status: 'completed' }), 'S1', '2027-01-31')).toBe('ORDER_FULFILLED')
    expect(fulfilRefusal(order({ status: 'cancelled' }), 'S1', '2027-01-31')).toBe('ORDER_CLOSED')
    expect(fulfilRefusal(order({ status: 'expired' }), 'S1', '2027-01-31')).toBe('ORDER_CLOSED')
    // Delivery orders are sent by whichever store handles them, with no pickup day.
    expect(fulfilRefusal(order({ status: 'awaiting_delivery', fulfilment: 'delivery', pickupBy: null, storeIds: null }), 'HQ', '2027-06-01')).toBeNull()
  })

  test('fulfil records who and where; sameFulfilment recognises a repeated scan by that clerk at that store only', () => {
    const done = fulfil(order(), { ...clerk, tracking: null }, T0)
    expect(done).toMatchObject({ status: 'completed', fulfilledAt: T0, fulfilledBy: 'clerk-a', fulfilledStoreId: 'S1', tracking: null })
    expect(sameFulfilment(done, clerk)).toBe(true)
    expect(sameFulfilment(done, { ...clerk, staffOpenid: 'clerk-b' })).toBe(false)
    expect(sameFulfilment(done, { ...clerk, storeId: 'S2' })).toBe(false)
    expect(sameFulfilment(order(), clerk)).toBe(false)
    // A coupon order is completed at once, by nobody: never a "same" hand-over.
    expect(sameFulfilment(order({ kind: 'coupon', status: 'completed' }), clerk)).toBe(false)
    const sent = fulfil(order({ status: 'awaiting_delivery', fulfilment: 'delivery' }), { ...clerk, tracking: 'SF1234567890' }, T0)
    expect(sent.tracking).toBe('SF1234567890')
  })

  test('close keeps the reason and the time; the view shows ISO times', () => {
    const closed = close(order(), 'cancelled', '会员取消', later(HOUR))
    expect(closed).toMatchObject({ status: 'cancelled', closedAt: later(HOUR), closeReason: '会员取消' })
    const view = toOrderView(closed)
    expect(OrderView.parse(view)).toEqual(view)
    expect(view).toMatchObject({ code: 'ORDER0000001', status: 'cancelled', createdAt: T0.toISOString(), closedAt: later(HOUR).toISOString(), fulfilledAt: null })
  })
})

describe('stock shards', () => {
  test('splitUnits spreads units as evenly as possible, the first shards taking the remainder', () => {
    expect(splitUnits(10, 4)).toEqual([3, 3, 2, 2])
    expect(splitUnits(3, 4)).toEqual([1, 1, 1, 0])
    expect(splitUnits(0, 2)).toEqual([0, 0])
    expect(splitUnits(8, 1)).toEqual([8])
  })

  test('property: splitUnits keeps every unit and no two shards differ by more than one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 64 }), (units, shards) => {
        const split = splitUnits(units, shards)
        expect(split).toHaveLength(shards)
        expect(split.reduce((s, x) => s + x, 0)).toBe(units)
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1)
        expect([...split].sort((a, b) => b - a)).toEqual(split)
      }),
    )
  })

  const shards = (remaining: number[]): StockShard[] =>
    remaining.map((r, i) => ({ _id: shardId('item:x', i), poolId: 'item:x', shard: i, remaining: r, supplied: 5, taken: 5 - r }))

  test('shardOrder: only shards that can cover the quantity, rotated to start at the picked one', () => {
    const pool = shards([3, 0, 2, 5])
    expect(shardOrder(pool, 1, 0).map((s) => s.shard)).toEqual([0, 2, 3])
    expect(shardOrder(pool, 1, 0.5).map((s) => s.shard)).toEqual([2, 3, 0])
    expect(shardOrder(pool, 1, 0.99).map((s) => s.shard)).toEqual([3, 0, 2])
    expect(shardOrder(pool, 3, 0.5).map((s) => s.shard)).toEqual([3, 0])
    expect(shardOrder(pool, 6, 0)).toEqual([])
    expect(poolRemaining(pool)).toBe(10)
    expect(shardId('flash:latte:f1', 2)).toBe('flash:latte:f1#2')
  })

  test('property: shardOrder tries each able shard exactly once, whatever the pick', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 16 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (rem, q, pick) => {
        const order = shardOrder(shards(rem), q, pick)
        const able = rem.flatMap((r, i) => (r >= q ? [i] : []))
        expect(order.map((s) => s.shard).sort((a, b) => a - b)).toEqual(able)
      }),
    )
  })
})
