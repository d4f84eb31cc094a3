import { importVouchers } from '../../cloudfunctions/_lib/mall'
import { CouponListResult } from '../../shared/coupon/schemas'
import { CancelResult, ItemDetailResult, ItemsResult, OrdersResult, RedeemResult } from '../../shared/mall/schemas'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { openMall, type MallHarness } from './mall-fixtures'
import { credit } from './points-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai.
const ALICE = 'openid-alice'
const BOB = 'openid-bob'
const CLERK = 'openid-clerk'
const ADDRESS = { name: '张三', phone: '13812345678', region: ['上海市', '上海市', '静安区'], detail: '南京西路 1 号' }
/** Every collection a redemption writes. */
const MALL_WRITES = ['mall_orders', 'mall_requests', 'mall_limits', 'stock', 'accounts', 'ledger', 'coupons', 'coupon_issues', 'vouchers']

let h: MallHarness
beforeEach(async () => {
  h = openMall()
  await h.register(ALICE, '13812345678')
  await h.register(BOB, '13912345678')
  await h.staff(CLERK, 'S1', 'clerk')
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  // Nothing answered INTERNAL behind a test's back.
  expect(logged).toEqual([])
})

async function items(as = ALICE, category?: string) {
  const res = await h.mall(as, { action: 'items', ...(category ? { category } : {}) })
  if (!res.ok) throw new Error(`items: ${res.error.code}`)
  return ItemsResult.parse(res.data)
}
async function redeemed(as: string, itemId: string, quantity = 1, extra: object = {}) {
  const res = await h.redeem(as, itemId, quantity, extra)
  if (!res.ok) throw new Error(`redeem ${itemId}: ${res.error.code}`)
  return RedeemResult.parse(res.data)
}
const ledger = (as = ALICE) => (h.stored(as).entries as unknown as LedgerEntry[]).sort((a, b) => a.seq - b.seq)
const poolLeft = (poolId: string) => h.pool(poolId).reduce((s, x) => s + x.remaining, 0)

describe('mall.items and mall.item', () => {
  beforeEach(async () => {
    await h.item({ id: 'latte', title: '拿铁咖啡', category: '饮品', stock: 10, perMemberLimit: 2, sort: 1 })
    await h.item({ id: 'mug', title: '马克杯', category: '周边', pricePoints: 800, stock: 3, sort: 2 })
    await h.item({ id: 'vip-bag', title: '会员托特包', category: '周边', levels: ['silver', 'gold'], stock: 5 })
    await h.item({ id: 'hidden', title: '下架商品', category: '饮品', active: false })
    await h.item({ id: 'gone', title: '已结束', category: '饮品', saleUntil: '2027-01-31T09:00:00+08:00' })
  })

  test('shows the caller\'s items with categories, price, stock and what they can still redeem', async () => {
    await h.give(ALICE, 500)
    const res = await items()
    expect(res.items.map((i) => i.id)).toEqual(['latte', 'mug'])
    expect(res.categories).toEqual(['饮品', '周边'])
    expect(res).toMatchObject({ available: 500, serverTime: '2027-01-31T02:00:00.000Z' })
    expect(res.items[0]).toMatchObject({ price: { points: 100, fen: 0 }, stock: 10, remainingForMe: 2, canRedeem: true, blockedBy: null })
    expect(res.items[1]).toMatchObject({ price: { points: 800, fen: 0 }, stock: 3, remainingForMe: null, canRedeem: false, blockedBy: 'INSUFFICIENT_POINTS' })

    await redeemed(ALICE, 'latte')
    const after = await items()
    expect(after.available).toBe(400)
    expect(after.items[0]).toMatchObject({ stock: 9, remainingForMe: 1 })
    // Bob's limit is his own.
    expect((await items(BOB)).items[0]).toMatchObject({ stock: 9, remainingForMe: 2 })
  })

  test('a category filter narrows the items but keeps every category for the tabs', async () => {
    const res = await items(ALICE, '周边')
    expect(res.items.map((i) => i.id)).toEqual(['mug'])
    expect(res.categories).toEqual(['饮品', '周边'])
  })

  test('items for a tier show only to members holding it', async () => {
    // ¥2,100 of purchases lifts Alice to 银杏 (silver), whose welcome pack is this template.
    await h.template({ id: 'silver-welcome', claimable: false })
    for (const [orderId, amountFen] of [['POS-1', 150_000], ['POS-2', 60_000]] as const) {
      h.nextCode()
      expect(await h.call(CLERK, { action: 'accrue', memberCode: await h.code(ALICE), orderId, amountFen })).toMatchObject({ ok: true })
    }
    expect((await items(ALICE)).items.map((i) => i.id).sort()).toEqual(['latte', 'mug', 'vip-bag'])
    expect((await items(BOB)).items.map((i) => i.id).sort()).toEqual(['latte', 'mug'])
    expect(await h.mall(BOB, { action: 'item', itemId: 'vip-bag' })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } })
    expect(await h.redeem(BOB, 'vip-bag')).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } })
  })

  test('mall.item gives one visible item\'s detail; hidden, ended and unknown items are not found', async () => {
    await h.give(ALICE, 150)
    const res = await h.mall(ALICE, { action: 'item', itemId: 'latte' })
    expect(ItemDetailResult.parse(res.ok && res.data)).toMatchObject({ item: { id: 'latte', stock: 10, remainingForMe: 2 }, available: 150 })
    for (const itemId of ['hidden', 'gone', 'nope'])
      expect(await h.mall(ALICE, { action: 'item', itemId })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } })
  })

  test('a live flash sale shows its own price, stock and limit', async () => {
    await h.item({
      id: 'flash-cup',
      title: '秒杀杯',
      category: '周边',
      pricePoints: 500,
      stock: 20,
      perMemberLimit: 5,
      flash: { id: 'f1', startsAt: '2027-01-31T09:00:00+08:00', endsAt: '2027-01-31T12:00:00+08:00', pricePoints: 50, stock: 4, perMemberLimit: 1 },
    })
    const [first] = (await items()).items
    expect(first).toMatchObject({
      id: 'flash-cup',
      price: { points: 50, fen: 0 },
      regularPrice: { points: 500, fen: 0 },
      stock: 4,
      remainingForMe: 1,
      flash: { id: 'f1', state: 'live', stock: 4 },
    })
    // After the sale: the item's own price, pool and limit again.
    h.advance(3 * 3_600_000)
    expect((await items()).items.find((i) => i.id === 'flash-cup')).toMatchObject({ price: { points: 500 }, regularPrice: null, stock: 20, remainingForMe: 5, flash: { state: 'ended', stock: 4 } })
  })

  test('not for strangers', async () => {
    expect(await h.mall('openid-stranger', { action: 'items' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
    expect(await h.redeem('openid-stranger', 'latte')).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  })
})

describe('mall.redeem', () => {
  test('goods picked up: one order, one spend entry, stock, limit and the request recorded together', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'latte', stock: 10, perMemberLimit: 3, pickupDays: 7, storeIds: ['S1'], images: ['/assets/mall/latte.svg'] })
    const res = await redeemed(ALICE, 'latte', 2, { requestId: 'tap-000001' })
    expect(res).toMatchObject({ balance: 800, available: 800, duplicate: false })
    expect(res.order).toMatchObject({
      itemId: 'latte',
      title: '拿铁咖啡',
      image: '/assets/mall/latte.svg',
      kind: 'goods',
      quantity: 2,
      points: 200,
      fen: 0,
      status: 'awaiting_pickup',
      pickupBy: '2027-02-06',
      storeIds: ['S1'],
      couponCodes: [],
      voucherCodes: [],
    })
    const code = res.order.code
    const memberId = h.memberId(ALICE)
    expect(h.orders()).toEqual([expect.objectContaining({ _id: code, memberId, requestKey: `${memberId}:tap-000001`, unitPoints: 100, spendEntryId: `mall:${code}`, shardId: 'item:latte#0', limitId: `${memberId}:latte` })])
    expect(ledger().filter((e) => e.kind === 'spend')).toEqual([expect.objectContaining({ _id: `mall:${code}`, points: -200, orderKey: `mall:${code}`, reason: '积分兑换：拿铁咖啡' })])
    expect(h.stored(ALICE)).toMatchObject({ balance: 800, ledgerSum: 800 })
    expect(h.pool('item:latte')).toEqual([expect.objectContaining({ remaining: 8, supplied: 10, taken: 2 })])
    expect(h.store.rawGet('mall_limits', `${memberId}:latte`)).toMatchObject({ count: 2 })
    expect(h.store.rawGet('mall_requests', `${memberId}:tap-000001`)).toMatchObject({ orderCode: code })

    const listed = await h.mall(ALICE, { action: 'orders', status: 'open' })
    expect(OrdersResult.parse(listed.ok && listed.data).orders.map((o) => o.code)).toEqual([code])
    expect(await h.mall(ALICE, { action: 'orders', status: 'done' })).toEqual({ ok: true, data: { orders: [] } })
    expect(await h.mall(BOB, { action: 'orders' })).toEqual({ ok: true, data: { orders: [] } })
  })

  test('delivery needs an address, kept on the order', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'bear', title: '小熊公仔', fulfilment: 'delivery', pricePoints: 300 })
    const before = h.snapshot(...MALL_WRITES)
    expect(await h.redeem(ALICE, 'bear')).toMatchObject({ ok: false, error: { code: 'ADDRESS_REQUIRED' } })
    expect(h.snapshot(...MALL_WRITES)).toBe(before)
    expect(await h.redeem(ALICE, 'bear', 1, { address: { ...ADDRESS, phone: '12345' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'address.phone' } })
    const res = await redeemed(ALICE, 'bear', 1, { address: ADDRESS })
    expect(res.order).toMatchObject({ status: 'awaiting_delivery', pickupBy: null, storeIds: null, points: 300 })
    expect(h.orders()[0]).toMatchObject({ address: ADDRESS, fulfilment: 'delivery' })
  })

  test('a coupon item puts its coupons in the wallet, and the order is complete at once', async () => {
    await h.give(ALICE, 1000)
    await h.template({ id: 'cash20', claimable: false })
    await h.item({ id: 'coupon-cash', title: '20元代金券', kind: 'coupon', fulfilment: null, couponTemplateId: 'cash20', pricePoints: 200 })
    const res = await redeemed(ALICE, 'coupon-cash', 2)
    expect(res.order).toMatchObject({ kind: 'coupon', status: 'completed', points: 400, pickupBy: null })
    expect(res.order.couponCodes).toHaveLength(2)
    expect(res.order.fulfilledAt).toBe('2027-01-31T02:00:00.000Z')
    const wallet = await h.coupon(ALICE, { action: 'list' })
    const coupons = CouponListResult.parse(wallet.ok && wallet.data).coupons
    expect(coupons.map((c) => c.code).sort()).toEqual([...res.order.couponCodes].sort())
    for (const c of coupons) expect(c).toMatchObject({ templateId: 'cash20', channel: 'mall', status: 'usable', face: '¥20' })
    expect(h.store.rawGet('coupon_issues', `mall:${res.order.code}`)).toMatchObject({ codes: res.order.couponCodes })
    // Delivered coupons cannot be cancelled for points.
    expect(await h.mall(ALICE, { action: 'cancel', orderCode: res.order.code })).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_CANCELLABLE' } })
  })

  test('a coupon item whose template is over or stopped takes no points for a coupon that could not be used', async () => {
    await h.give(ALICE, 1000)
    await h.template({ id: 'over', claimable: false, validity: { kind: 'fixed', from: '2027-01-01', until: '2027-01-30' } })
    await h.template({ id: 'stopped', claimable: false, active: false })
    await h.item({ id: 'coupon-over', kind: 'coupon', fulfilment: null, couponTemplateId: 'over' })
    await h.item({ id: 'coupon-stopped', kind: 'coupon', fulfilment: null, couponTemplateId: 'stopped' })
    const before = h.snapshot(...MALL_WRITES)
    expect(await h.redeem(ALICE, 'coupon-over')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } })
    expect(await h.redeem(ALICE, 'coupon-stopped')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } })
    expect(h.snapshot(...MALL_WRITES)).toBe(before)
  })

  test('a voucher item hands out imported partner codes, distinct and in import order', async () => {
    await h.give(ALICE, 10_000)
    await h.give(BOB, 10_000)
    await h.item({ id: 'movie', title: '电影兑换券', category: '票券', kind: 'voucher', fulfilment: null, partner: '猫眼电影', pricePoints: 1000, stock: 0 })
    const codes = ['MY-0001', 'MY-0002', 'MY-0003', 'MY-0004', 'MY-0005']
    expect(await importVouchers(h.deps.db, 'movie', [...codes, ' MY-0001 ', ''], h.clock.now())).toEqual({ added: 5, skipped: 0 })
    expect(await importVouchers(h.deps.db, 'movie', ['MY-0005', 'MY-0006'], h.clock.now())).toEqual({ added: 1, skipped: 1 })
    expect(h.pool('item:movie')).toEqual([expect.objectContaining({ remaining: 6, supplied: 6, taken: 0 })])

    const first = await redeemed(ALICE, 'movie', 2)
    const second = await redeemed(BOB, 'movie', 1)
    const third = await redeemed(ALICE, 'movie', 3)
    expect(first.order).toMatchObject({ kind: 'voucher', status: 'completed', voucherCodes: ['MY-0001', 'MY-0002'] })
    expect(second.order.voucherCodes).toEqual(['MY-0003'])
    expect(third.order.voucherCodes).toEqual(['MY-0004', 'MY-0005', 'MY-0006'])
    expect(await h.redeem(BOB, 'movie')).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } })
  })

  test('points plus cash: the cash is on the order and collected at the hand-over', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'thermos', title: '保温杯', category: '周边', pricePoints: 300, priceFen: 2990, stock: 5 })
    const res = await redeemed(ALICE, 'thermos', 2)
    expect(res.order).toMatchObject({ points: 600, fen: 5980 })
    expect(h.orders()[0]).toMatchObject({ unitPoints: 300, unitFen: 2990 })
    const check = await h.call(CLERK, { action: 'checkOrder', orderCode: res.order.code })
    expect(check).toMatchObject({ ok: true, data: { collectFen: 5980, refusal: null } })
    const done = await h.call(CLERK, { action: 'fulfil', orderCode: res.order.code })
    expect(done).toMatchObject({ ok: true, data: { collectFen: 5980, duplicate: false, order: { status: 'completed' } } })
  })

  test('a cash-only item takes no points and writes no ledger entry', async () => {
    await h.item({ id: 'umbrella', title: '雨伞', pricePoints: 0, priceFen: 3900 })
    const res = await redeemed(ALICE, 'umbrella')
    expect(res.order).toMatchObject({ points: 0, fen: 3900 })
    expect(h.orders()[0].spendEntryId).toBeNull()
    expect(ledger()).toEqual([])
  })

  test('not enough points is refused and writes nothing', async () => {
    await h.give(ALICE, 150)
    await h.item({ id: 'latte', stock: 10 })
    const before = h.snapshot(...MALL_WRITES)
    expect(await h.redeem(ALICE, 'latte', 2)).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } })
    expect(h.snapshot(...MALL_WRITES)).toBe(before)
    // Pending points do not count either.
    await credit(h, h.memberId(ALICE), 'pending-1', 500, '2028-01-31', '2027-02-07')
    expect(await h.redeem(ALICE, 'latte', 2)).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } })
    expect(h.orders()).toEqual([])
  })

  test('refusals before the transaction: quantity, limit, stock, sale window', async () => {
    await h.give(ALICE, 10_000)
    await h.item({ id: 'latte', stock: 3, perMemberLimit: 2, maxPerOrder: 2 })
    await h.item({ id: 'soon', title: '新品', saleFrom: '2027-02-01T00:00:00+08:00' })
    const before = h.snapshot(...MALL_WRITES)
    expect(await h.redeem(ALICE, 'latte', 3)).toMatchObject({ ok: false, error: { code: 'QUANTITY_TOO_LARGE', message: '单次最多兑换 2 件' } })
    expect(await h.redeem(ALICE, 'soon')).toMatchObject({ ok: false, error: { code: 'NOT_ON_SALE' } })
    expect(h.snapshot(...MALL_WRITES)).toBe(before)
    await redeemed(ALICE, 'latte', 2)
    expect(await h.redeem(ALICE, 'latte', 1)).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED', message: '每人限兑 2 件，您已达上限' } })
    await h.give(BOB, 1000)
    expect(await h.redeem(BOB, 'latte', 2)).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK', message: '已兑完，请关注补货' } })
    await redeemed(BOB, 'latte', 1)
  })

  test('the same requestId again answers the first order with duplicate:true and redeems nothing more', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'latte' })
    const first = await redeemed(ALICE, 'latte', 1, { requestId: 'tap-retry-1' })
    const ledgerBefore = h.snapshot('mall_orders', 'ledger', 'stock', 'accounts')
    const again = await redeemed(ALICE, 'latte', 1, { requestId: 'tap-retry-1' })
    expect(again).toEqual({ ...first, duplicate: true })
    expect(h.snapshot('mall_orders', 'ledger', 'stock', 'accounts')).toBe(ledgerBefore)
    expect(h.orders()).toHaveLength(1)
    // The same id used for something else is refused; another member's same id is theirs.
    await h.item({ id: 'mug', title: '马克杯' })
    expect(await h.redeem(ALICE, 'latte', 2, { requestId: 'tap-retry-1' })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } })
    expect(await h.redeem(ALICE, 'mug', 1, { requestId: 'tap-retry-1' })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } })
    await h.give(BOB, 1000)
    expect((await redeemed(BOB, 'latte', 1, { requestId: 'tap-retry-1' })).duplicate).toBe(false)
  })
})

describe('mall.cancel', () => {
  test('gives the points back as a reverse entry voiding the spend, and the stock and the limit', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'latte', stock: 5, perMemberLimit: 2, stockShards: 2 })
    const { order } = await redeemed(ALICE, 'latte', 2)
    expect(poolLeft('item:latte')).toBe(3)
    const res = await h.mall(ALICE, { action: 'cancel', orderCode: order.code.toLowerCase() })
    expect(CancelResult.parse(res.ok && res.data)).toMatchObject({ balance: 1000, order: { code: order.code, status: 'cancelled', closedAt: '2027-01-31T02:00:00.000Z' } })
    expect(ledger().slice(-2)).toEqual([
      expect.objectContaining({ _id: `mall:${order.code}`, kind: 'spend', points: -200 }),
      expect.objectContaining({ _id: `mall-back:${order.code}`, kind: 'reverse', points: 200, voids: `mall:${order.code}`, reason: '取消兑换：拿铁咖啡' }),
    ])
    expect(h.stored(ALICE)).toMatchObject({ balance: 1000, ledgerSum: 1000 })
    expect(poolLeft('item:latte')).toBe(5)
    expect(h.store.rawGet('mall_limits', `${h.memberId(ALICE)}:latte`)).toMatchObject({ count: 0 })
    expect(h.orders()[0]).toMatchObject({ status: 'cancelled', closeReason: '会员取消' })
    // The limit is free again.
    await redeemed(ALICE, 'latte', 2)
  })

  test('only open orders of one\'s own', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'latte' })
    const { order } = await redeemed(ALICE, 'latte')
    expect(await h.mall(BOB, { action: 'cancel', orderCode: order.code })).toMatchObject({ ok: false, error: { code: 'MALL_ORDER_NOT_FOUND' } })
    expect(await h.mall(ALICE, { action: 'cancel', orderCode: 'ZZZZZZZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'MALL_ORDER_NOT_FOUND' } })
    await h.mall(ALICE, { action: 'cancel', orderCode: order.code })
    const before = h.snapshot(...MALL_WRITES)
    expect(await h.mall(ALICE, { action: 'cancel', orderCode: order.code })).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } })
    expect(h.snapshot(...MALL_WRITES)).toBe(before)
    const second = await redeemed(ALICE, 'latte')
    expect(await h.call(CLERK, { action: 'fulfil', orderCode: second.order.code })).toMatchObject({ ok: true })
    expect(await h.mall(ALICE, { action: 'cancel', orderCode: second.order.code })).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_CANCELLABLE' } })
    const done = await h.mall(ALICE, { action: 'orders', status: 'done' })
    expect(OrdersResult.parse(done.ok && done.data).orders.map((o) => o.status).sort()).toEqual(['cancelled', 'completed'])
  })

  test('a flash-sale order goes back to the flash pool and its own limit', async () => {
    await h.give(ALICE, 1000)
    await h.item({ id: 'cup', pricePoints: 500, stock: 10, flash: { id: 'f1', startsAt: '2027-01-31T09:00:00+08:00', endsAt: '2027-01-31T12:00:00+08:00', pricePoints: 50, stock: 2, perMemberLimit: 1 } })
    const { order } = await redeemed(ALICE, 'cup')
    expect(order.points).toBe(50)
    expect(h.orders()[0]).toMatchObject({ flashId: 'f1', shardId: 'flash:cup:f1#0', limitId: `${h.memberId(ALICE)}:cup:f1` })
    expect(await h.redeem(ALICE, 'cup')).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED' } })
    await h.mall(ALICE, { action: 'cancel', orderCode: order.code })
    expect(poolLeft('flash:cup:f1')).toBe(2)
    expect(poolLeft('item:cup')).toBe(10)
    expect((await redeemed(ALICE, 'cup')).order.points).toBe(50)
  })
})
