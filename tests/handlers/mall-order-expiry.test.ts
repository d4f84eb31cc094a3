import { mallOrderExpiry } from '../../cloudfunctions/mall-order-expiry/mall-order-expiry'
import { loadRegistry } from '../../scripts/server/registry'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { killedAfter } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai.
const DAY = 86_400_000
const ALICE = 'openid-alice'
const CLERK = 'openid-clerk'

let h: MallHarness
beforeEach(async () => {
  h = openMall()
  await h.register(ALICE, '13812345678')
  await h.staff(CLERK, 'S1', 'clerk')
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  // Nothing answered INTERNAL behind a test's back.
  expect(logged).toEqual([])
})

async function redeemed(as: string, itemId: string, quantity = 1) {
  const res = await h.redeem(as, itemId, quantity)
  if (!res.ok) throw new Error(`redeem ${itemId}: ${res.error.code}`)
  return res.data.order.code as string
}
const run = () => mallOrderExpiry.run(h.deps, h.clock.now())
const order = (code: string) => h.orders().find((o) => o._id === code)!
const poolLeft = (poolId: string) => h.pool(poolId).reduce((s, x) => s + x.remaining, 0)
const backEntries = () => (h.store.rawFind('ledger') as unknown as LedgerEntry[]).filter((e) => e._id.startsWith('mall-back:'))

describe('job mall-order-expiry', () => {
  test('closes pickup orders the day after their last pickup day, giving back points, stock and limit; a second run changes nothing', async () => {
    await h.give(ALICE, 10_000)
    await h.item({ id: 'short', title: '短期自提', pickupDays: 1, pricePoints: 100, stock: 5, perMemberLimit: 2 })
    await h.item({ id: 'long', title: '长期自提', pickupDays: 3, pricePoints: 200, stock: 5 })
    await h.item({ id: 'bear', title: '小熊', fulfilment: 'delivery', pricePoints: 300 })
    const due = await redeemed(ALICE, 'short', 2)
    const notDue = await redeemed(ALICE, 'long')
    expect(await h.redeem(ALICE, 'short')).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED' } })
    const handedOver = await redeemed(ALICE, 'long')
    expect(await h.call(CLERK, { action: 'fulfil', orderCode: handedOver })).toMatchObject({ ok: true })
    const delivery = (await h.redeem(ALICE, 'bear', 1, { address: { name: '张三', phone: '13812345678', region: ['上海市', '上海市', '静安区'], detail: '南京西路 1 号' } })) as {
      data: { order: { code: string } }
    }
    expect(h.stored(ALICE).balance).toBe(10_000 - 200 - 200 - 200 - 300)

    // 2027-01-31 is the short order's last day: nothing is due yet.
    expect(await run()).toEqual({ today: '2027-01-31', scanned: 0, expired: 0, points: 0 })
    h.advance(DAY) // 2027-02-01
    expect(await run()).toEqual({ today: '2027-02-01', scanned: 1, expired: 1, points: 200 })
    expect(order(due)).toMatchObject({ status: 'expired', closeReason: '超过提货期限未提货', closedAt: h.clock.now() })
    expect(backEntries()).toEqual([
      expect.objectContaining({ _id: `mall-back:${due}`, kind: 'reverse', points: 200, voids: `mall:${due}`, source: { kind: 'system', id: 'mall-order-expiry', storeId: null }, reason: '兑换未提货过期：短期自提' }),
    ])
    expect(h.stored(ALICE)).toMatchObject({ balance: 9300, ledgerSum: 9300 })
    expect(poolLeft('item:short')).toBe(5)
    expect(h.store.rawGet('mall_limits', `${h.memberId(ALICE)}:short`)).toMatchObject({ count: 0 })
    expect(order(notDue).status).toBe('awaiting_pickup')
    // The limit is free again.
    expect(await h.redeem(ALICE, 'short')).toMatchObject({ ok: true })
    await h.mall(ALICE, { action: 'cancel', orderCode: h.orders().find((o) => o.itemId === 'short' && o.status === 'awaiting_pickup')!._id })

    const after = h.snapshot('mall_orders', 'ledger', 'accounts', 'stock', 'mall_limits')
    expect(await run()).toEqual({ today: '2027-02-01', scanned: 0, expired: 0, points: 0 })
    expect(h.snapshot('mall_orders', 'ledger', 'accounts', 'stock', 'mall_limits')).toBe(after)

    h.advance(2 * DAY) // 2027-02-03: the long order's last day was 02-02
    expect(await run()).toMatchObject({ expired: 1, points: 200 })
    expect(order(notDue).status).toBe('expired')
    // Handed over and delivery orders never expire.
    expect(order(handedOver).status).toBe('completed')
    expect(order(delivery.data.order.code).status).toBe('awaiting_delivery')
    expect(h.stored(ALICE)).toMatchObject({ balance: 9500, ledgerSum: 9500 })
  })

  test('points whose lot has expired meanwhile are not given back', async () => {
    await h.give(ALICE, 100, '2027-02-05')
    await h.give(ALICE, 500, '2028-01-31')
    await h.item({ id: 'latte', pickupDays: 7, pricePoints: 150 })
    const code = await redeemed(ALICE, 'latte') // 100 from the short lot, 50 from the long one
    h.advance(7 * DAY) // 2027-02-07: the order's last day was 02-06, the short lot's 02-05
    expect(await run()).toMatchObject({ expired: 1, points: 150 })
    expect(backEntries()).toEqual([expect.objectContaining({ _id: `mall-back:${code}`, points: 50, reason: '兑换未提货过期：拿铁咖啡（其中 100 分已过期，不退回）' })])
    expect(h.stored(ALICE)).toMatchObject({ balance: 500, ledgerSum: 500 })
  })

  test('killed half-way, the next run finishes the rest, each order closed once', async () => {
    const members = await h.members('m', 30, 1000)
    await h.item({ id: 'latte', pickupDays: 1, stock: 100, stockShards: 4 })
    for (const m of members) await redeemed(m, 'latte')
    h.advance(DAY)
    await expect(mallOrderExpiry.run(killedAfter(h.deps, 12), h.clock.now())).rejects.toThrow('killed')
    expect(h.orders().filter((o) => o.status === 'expired')).toHaveLength(12)
    expect(await run()).toMatchObject({ expired: 18 })
    expect(h.orders().every((o) => o.status === 'expired')).toBe(true)
    expect(backEntries()).toHaveLength(30)
    expect(poolLeft('item:latte')).toBe(100)
    for (const m of members) expect(h.stored(m)).toMatchObject({ balance: 1000, ledgerSum: 1000 })
  })

  test('racing the members\' own cancellations, each order is closed once, by one or the other', async () => {
    const members = await h.members('m', 10, 1000)
    await h.item({ id: 'latte', pickupDays: 1, stock: 100 })
    const codes: string[] = []
    for (const m of members) codes.push(await redeemed(m, 'latte'))
    h.advance(DAY)
    const cancels = members.map((m, i) => h.mall(m, { action: 'cancel', orderCode: codes[i] }))
    const [summary, ...answers] = await Promise.all([run(), ...cancels])
    const cancelled = answers.filter((a) => a.ok).length
    expect((summary as { expired: number }).expired + cancelled).toBe(10)
    for (const a of answers) if (!a.ok) expect(a.error.code).toBe('ORDER_CLOSED')
    expect(backEntries()).toHaveLength(10)
    expect(h.errors).toEqual([])
    for (const m of members) expect(h.stored(m)).toMatchObject({ balance: 1000, ledgerSum: 1000 })
  })

  test('is registered for POST /_dev/jobs and the CLI', () => {
    expect(loadRegistry().jobs.get('mall-order-expiry')).toBe(mallOrderExpiry)
  })
})
