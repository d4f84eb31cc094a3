import type { CouponRecord } from '../../shared/coupon/coupon'
import type { MallOrderRecord } from '../../shared/mall/order'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

// Races through the real SDK on the local store: every write is an optimistic transaction, so
// these prove the handlers' transactions, not a lucky interleaving. The clock is frozen at
// 2027-01-31 10:00 Shanghai, inside every flash sale below.
const FLASH = { id: 'f1', startsAt: '2027-01-31T09:00:00+08:00', endsAt: '2027-01-31T12:00:00+08:00' }
const ALICE = 'openid-alice'

let h: MallHarness
beforeEach(() => {
  h = openMall()
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  // Nothing answered INTERNAL behind a test's back.
  expect(logged).toEqual([])
})

const codes = (answers: Envelope[]) => answers.map((a) => (a.ok ? 'OK' : a.error.code))
const count = (answers: Envelope[]) => codes(answers).reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {})
const sold = (orders: MallOrderRecord[]) => orders.filter((o) => o.status !== 'cancelled' && o.status !== 'expired').reduce((s, o) => s + o.quantity, 0)
const spends = () => (h.store.rawFind('ledger') as unknown as LedgerEntry[]).filter((e) => e.kind === 'spend')

/** Every member's stored balance equals the sum of their ledger and is never negative. */
function ledgersAgree(openids: string[]) {
  for (const m of openids) {
    const s = h.stored(m)
    expect(s.balance).toBe(s.ledgerSum)
    expect(s.balance).toBeGreaterThanOrEqual(0)
  }
}

test('(a) 60 members rush a flash sale of 10 over 4 shards, limit 1: exactly 10 sold, the rest told why', async () => {
  const members = await h.members('m', 60, 300)
  await h.item({ id: 'cup', title: '秒杀杯', pricePoints: 500, stock: 50, stockShards: 4, flash: { ...FLASH, pricePoints: 100, stock: 10, perMemberLimit: 1 } })
  expect(h.pool('flash:cup:f1').map((s) => s.remaining)).toEqual([3, 3, 2, 2])

  // Each member taps twice (two requestIds): the limit, not only the stock, is raced.
  const answers = await Promise.all(members.flatMap((m) => [h.redeem(m, 'cup'), h.redeem(m, 'cup')]))
  const tally = count(answers)
  expect(tally.OK).toBe(10)
  expect(Object.keys(tally).filter((c) => c !== 'OK' && c !== 'OUT_OF_STOCK' && c !== 'LIMIT_REACHED')).toEqual([])
  expect(h.errors).toEqual([])

  const orders = h.orders()
  expect(orders).toHaveLength(10)
  expect(orders.every((o) => o.flashId === 'f1' && o.points === 100 && o.shardId.startsWith('flash:cup:f1#'))).toBe(true)
  // No member over the limit.
  const perMember = new Map<string, number>()
  for (const o of orders) perMember.set(o.memberId, (perMember.get(o.memberId) ?? 0) + o.quantity)
  expect(Math.max(...perMember.values())).toBe(1)
  for (const l of h.store.rawFind('mall_limits')) expect(l.count).toBeLessThanOrEqual(1)
  // What was sold is what left the pool, shard by shard; the item's own pool is untouched.
  const shards = h.pool('flash:cup:f1')
  expect(shards.map((s) => s.remaining)).toEqual([0, 0, 0, 0])
  expect(sold(orders)).toBe(shards.reduce((s, x) => s + x.supplied - x.remaining, 0))
  for (const s of shards) expect(orders.filter((o) => o.shardId === s._id)).toHaveLength(s.supplied - s.remaining)
  expect(h.pool('item:cup').map((s) => s.remaining).reduce((a, b) => a + b)).toBe(50)
  // Winners paid once, losers nothing.
  expect(spends()).toHaveLength(10)
  ledgersAgree(members)
  const balances = members.map((m) => h.stored(m).balance).sort((a, b) => a - b)
  expect(balances).toEqual([...Array(10).fill(200), ...Array(50).fill(300)])
})

test('(b) one member fires 10 redeems with different requestIds at a limit of 3: exactly 3 succeed', async () => {
  const [alice] = await h.members('m', 1, 10_000)
  await h.item({ id: 'latte', stock: 100, stockShards: 4, perMemberLimit: 3 })
  const answers = await Promise.all(Array.from({ length: 10 }, () => h.redeem(alice, 'latte')))
  expect(count(answers)).toEqual({ OK: 3, LIMIT_REACHED: 7 })
  expect(h.errors).toEqual([])
  expect(h.orders()).toHaveLength(3)
  expect(h.store.rawGet('mall_limits', `${h.memberId(alice)}:latte`)).toMatchObject({ count: 3 })
  expect(h.pool('item:latte').reduce((s, x) => s + x.remaining, 0)).toBe(97)
  expect(h.stored(alice)).toMatchObject({ balance: 9700, ledgerSum: 9700 })
})

test('(c) the same requestId fired 10 times at once: one order, one spend, the rest duplicates of it', async () => {
  const [alice] = await h.members('m', 1, 1000)
  await h.item({ id: 'latte', stock: 100, stockShards: 4 })
  const answers = await Promise.all(Array.from({ length: 10 }, () => h.redeem(alice, 'latte', 2, { requestId: 'tap-same-0001' })))
  expect(count(answers)).toEqual({ OK: 10 })
  expect(h.errors).toEqual([])
  const data = answers.map((a) => (a as { data: { order: { code: string }; duplicate: boolean } }).data)
  expect(data.filter((d) => !d.duplicate)).toHaveLength(1)
  expect(new Set(data.map((d) => d.order.code)).size).toBe(1)
  expect(h.orders()).toHaveLength(1)
  expect(spends()).toHaveLength(1)
  expect(h.pool('item:latte').reduce((s, x) => s + x.remaining, 0)).toBe(98)
  expect(h.stored(alice)).toMatchObject({ balance: 800, ledgerSum: 800 })
})

describe('(d) coupon claims', () => {
  test('20 members claim a template capped at 5 in all: exactly 5 coupons', async () => {
    const members = await h.members('m', 20)
    await h.template({ id: 'few', totalLimit: 5 })
    const answers = await Promise.all(members.map((m) => h.coupon(m, { action: 'claim', templateId: 'few' })))
    expect(count(answers)).toEqual({ OK: 5, OUT_OF_STOCK: 15 })
    expect(h.errors).toEqual([])
    const coupons = h.store.rawFind('coupons') as unknown as CouponRecord[]
    expect(coupons).toHaveLength(5)
    expect(new Set(coupons.map((c) => c.memberId)).size).toBe(5)
    expect(h.pool('claim:few').reduce((s, x) => s + x.remaining, 0)).toBe(0)
    expect(h.store.rawCount('coupon_issues')).toBe(5)
  })

  test('one member fires 8 claims at a per-member cap of 2, on a capped and an uncapped template: exactly 2 each', async () => {
    const [alice] = await h.members('m', 1)
    await h.template({ id: 'two', perMemberLimit: 2 })
    await h.template({ id: 'two-capped', perMemberLimit: 2, totalLimit: 100 })
    const answers = await Promise.all(
      ['two', 'two-capped'].flatMap((templateId) => Array.from({ length: 8 }, () => h.coupon(alice, { action: 'claim', templateId }))),
    )
    expect(count(answers.slice(0, 8))).toEqual({ OK: 2, LIMIT_REACHED: 6 })
    expect(count(answers.slice(8))).toEqual({ OK: 2, LIMIT_REACHED: 6 })
    expect(h.errors).toEqual([])
    const coupons = h.store.rawFind('coupons') as unknown as CouponRecord[]
    expect(coupons.filter((c) => c.templateId === 'two')).toHaveLength(2)
    expect(coupons.filter((c) => c.templateId === 'two-capped')).toHaveLength(2)
    expect(h.pool('claim:two-capped').reduce((s, x) => s + x.remaining, 0)).toBe(98)
    expect(h.store.rawGet('coupon_holds', `${h.memberId(alice)}:two`)).toMatchObject({ claimed: 2 })
  })
})

describe('(e) a burst of write-offs', () => {
  async function coupon() {
    await h.register(ALICE, '13812345678')
    await h.template({ id: 'cash20' })
    const res = await h.coupon(ALICE, { action: 'claim', templateId: 'cash20' })
    return (res as { data: { coupon: { code: string } } }).data.coupon.code
  }

  test('10 identical scans by one clerk: used once, every answer OK, one of them the write-off', async () => {
    await h.staff('clerk-a', 'S1', 'clerk')
    const code = await coupon()
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.call('clerk-a', { action: 'writeOff', couponCode: code })))
    expect(count(answers)).toEqual({ OK: 10 })
    expect(answers.filter((a) => a.ok && !a.data.duplicate)).toHaveLength(1)
    expect(h.errors).toEqual([])
    expect((h.store.rawGet('coupons', code) as unknown as CouponRecord).writeOffs).toHaveLength(1)
  })

  test('two clerks scan 10 times each at once: one of them wrote it off, the other is told it is used', async () => {
    await h.staff('clerk-a', 'S1', 'clerk')
    await h.staff('clerk-b', 'S1', 'clerk')
    const code = await coupon()
    const burst = (clerk: string) => Array.from({ length: 10 }, () => h.call(clerk, { action: 'writeOff', couponCode: code }))
    const [a, b] = await Promise.all([Promise.all(burst('clerk-a')), Promise.all(burst('clerk-b'))])
    const stored = h.store.rawGet('coupons', code) as unknown as CouponRecord
    expect(stored.writeOffs).toHaveLength(1)
    const [winner, loser] = stored.usedBy === 'clerk-a' ? [a, b] : [b, a]
    expect(count(winner)).toEqual({ OK: 10 })
    expect(count(loser)).toEqual({ COUPON_USED: 10 })
    expect(h.errors).toEqual([])
  })
})

test('(f) cancel racing the hand-over, many times over: exactly one wins each order, and points and stock agree', async () => {
  const members = await h.members('m', 12, 1000)
  await h.staff('clerk-a', 'S1', 'clerk')
  await h.item({ id: 'latte', pricePoints: 100, stock: 50, stockShards: 2 })
  const orders: string[] = []
  for (const m of members) orders.push(((await h.redeem(m, 'latte')) as { data: { order: { code: string } } }).data.order.code)

  const pairs = await Promise.all(
    members.map((m, i) => Promise.all([h.mall(m, { action: 'cancel', orderCode: orders[i] }), h.call('clerk-a', { action: 'fulfil', orderCode: orders[i] })])),
  )
  expect(h.errors).toEqual([])
  for (const [i, [cancel, fulfil]] of pairs.entries()) {
    const order = h.orders().find((o) => o._id === orders[i])!
    // Exactly one of the two won, and the order says which.
    expect([cancel.ok, fulfil.ok].filter(Boolean)).toHaveLength(1)
    if (cancel.ok) {
      expect(order.status).toBe('cancelled')
      expect(fulfil).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } })
      expect(h.stored(members[i])).toMatchObject({ balance: 1000, ledgerSum: 1000 })
    } else {
      expect(order.status).toBe('completed')
      expect(cancel).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_CANCELLABLE' } })
      expect(h.stored(members[i])).toMatchObject({ balance: 900, ledgerSum: 900 })
    }
  }
  const all = h.orders()
  expect(sold(all)).toBe(h.pool('item:latte').reduce((s, x) => s + x.supplied - x.remaining, 0))
  const back = (h.store.rawFind('ledger') as unknown as LedgerEntry[]).filter((e) => e._id.startsWith('mall-back:'))
  expect(back).toHaveLength(all.filter((o) => o.status === 'cancelled').length)
  ledgersAgree(members)
})
