import { definition as gameDefinition } from '../../cloudfunctions/game'
import { budgetPool, prizePool, saveWheel, type SpinRecord } from '../../cloudfunctions/_lib/games'
import { cryptoIds } from '../../cloudfunctions/_lib/ids'
import { Wheel, type WheelInput } from '../../shared/game/schemas'
import { prizeAt } from '../../shared/game/wheel'
import type { StockShard } from '../../shared/stock'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

let h: MallHarness
let game: (openid: string, event: object) => Promise<Envelope>
/** The next draws, for tests that must know where the wheel stops; empty: the real cryptographic source. */
let forced: number[] = []

beforeEach(() => {
  h = openMall()
  const deps = { ...h.deps, ids: { ...cryptoIds, draw: (n: number) => (forced.length > 0 ? forced.shift()! : cryptoIds.draw(n)) } }
  const fn = gameDefinition.build(deps)
  game = (openid, event) => fn(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  forced = []
})
afterEach(() => h.close())

const wheel = async (input: Partial<WheelInput> = {}) => {
  const w = Wheel.parse({
    id: 'lucky',
    title: '幸运大转盘',
    costPoints: 10,
    freeSpinsPerDay: 1,
    maxSpinsPerDay: 3,
    prizes: [
      { id: 'p50', label: '50 积分', kind: 'points', points: 50, weight: 20 },
      { id: 'cup', label: '咖啡券', kind: 'coupon', couponTemplateId: 'coffee', weight: 30, stock: 100 },
      { id: 'none', label: '谢谢参与', kind: 'none', weight: 50 },
    ],
    ...input,
  })
  await h.template({ id: 'coffee', title: '咖啡券', claimable: false })
  await saveWheel(h.deps.db, w)
  return w
}
const members = async (n: number, points = 0) => {
  const ids = Array.from({ length: n }, (_, i) => `openid-${i}`)
  for (const [i, id] of ids.entries()) {
    await h.register(id, `1390000${String(i).padStart(4, '0')}`)
    if (points > 0) await h.give(id, points)
  }
  return ids
}
const spinsOf = () => h.store.rawFind('game_spins') as unknown as SpinRecord[]
const poolLeft = (pool: string) => (h.store.rawFind('stock') as unknown as StockShard[]).filter((s) => s.poolId === pool).reduce((s, x) => s + x.remaining, 0)

test('the first spin of the day is free, then each costs points, up to the daily limit; what is won is paid and recorded', async () => {
  await wheel()
  const [alice] = await members(1, 100)
  forced = [0, 25, 99] // 50 points, the coffee coupon, thank you
  const first = await game(alice, { action: 'spin', wheelId: 'lucky' })
  expect(first).toMatchObject({ ok: true, data: { free: true, costPoints: 0, wonPoints: 50, balance: 150, spinsLeft: 2, freeSpinsLeft: 0, prize: { id: 'p50', oddsText: '20%' } } })
  const second = await game(alice, { action: 'spin', wheelId: 'lucky' })
  expect(second).toMatchObject({ ok: true, data: { free: false, costPoints: 10, wonPoints: 0, balance: 140, prize: { id: 'cup' } } })
  expect((second as { data: { couponCodes: string[] } }).data.couponCodes).toHaveLength(1)
  expect(await game(alice, { action: 'spin', wheelId: 'lucky' })).toMatchObject({ ok: true, data: { prize: { id: 'none' }, balance: 130, spinsLeft: 0 } })
  expect(await game(alice, { action: 'spin', wheelId: 'lucky' })).toMatchObject({ ok: false, error: { code: 'SPIN_LIMIT_REACHED' } })
  expect(spinsOf().map((s) => [s.roll, s.drawnPrizeId, s.prizeId])).toEqual([
    [0, 'p50', 'p50'],
    [25, 'cup', 'cup'],
    [99, 'none', 'none'],
  ])
  expect(h.stored(alice)).toMatchObject({ balance: 130, ledgerSum: 130 })
  // The next Beijing day brings the free spin back.
  h.advance(24 * 3600_000)
  expect(await game(alice, { action: 'wheel', wheelId: 'lucky' })).toMatchObject({ ok: true, data: { spinsLeft: 3, freeSpinsLeft: 1, open: true } })
})

test('a paid spin without the points is refused and counts nothing', async () => {
  await wheel({ freeSpinsPerDay: 0 })
  const [bob] = await members(1, 5)
  expect(await game(bob, { action: 'spin', wheelId: 'lucky' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } })
  expect(h.store.rawFind('game_days')).toEqual([])
  expect(spinsOf()).toEqual([])
})

test('racing spins never pay more than the points budget: the rest land on thank you, and the books agree', async () => {
  await wheel({ budgetPoints: 200, prizes: [{ id: 'p50', label: '50 积分', kind: 'points', points: 50, weight: 1 }, { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 }] })
  const ids = await members(20)
  const answers = await Promise.all(ids.map((id) => game(id, { action: 'spin', wheelId: 'lucky' })))
  expect(answers.every((a) => a.ok)).toBe(true)
  const won = answers.filter((a) => a.ok && a.data.wonPoints === 50)
  expect(won).toHaveLength(4)
  expect(answers.filter((a) => a.ok && a.data.fellBack)).toHaveLength(16)
  expect(poolLeft(budgetPool('lucky'))).toBe(0)
  expect(spinsOf().reduce((s, r) => s + r.wonPoints, 0)).toBe(200)
  for (const id of ids) expect(h.stored(id).balance).toBe(h.stored(id).ledgerSum)
  expect(h.errors).toEqual([])
})

test('racing spins never give more of a coupon prize than its stock', async () => {
  await wheel({ prizes: [{ id: 'cup', label: '咖啡券', kind: 'coupon', couponTemplateId: 'coffee', weight: 1, stock: 3 }, { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 }] })
  const ids = await members(10)
  const answers = await Promise.all(ids.map((id) => game(id, { action: 'spin', wheelId: 'lucky' })))
  expect(answers.filter((a) => a.ok && a.data.prize.id === 'cup')).toHaveLength(3)
  expect(h.store.rawFind('coupons')).toHaveLength(3)
  expect(poolLeft(prizePool('lucky', 'cup'))).toBe(0)
})

test('an operator can audit the recorded spins against the disclosed odds: every draw maps to its prize, and the frequencies fit', async () => {
  const w = await wheel({ maxSpinsPerDay: 1000, freeSpinsPerDay: 0, costPoints: 0 })
  const [carol] = await members(1)
  const n = 600
  for (let i = 0; i < n; i++) expect((await game(carol, { action: 'spin', wheelId: 'lucky' })).ok).toBe(true)
  const spins = spinsOf()
  expect(spins).toHaveLength(n)
  for (const s of spins) expect(prizeAt(w, s.roll).id).toBe(s.drawnPrizeId)
  // Chi-square against 20/30/50 with 2 degrees of freedom: above 13.8 happens by chance 1 time in 1,000.
  const expected = { p50: 0.2, cup: 0.3, none: 0.5 }
  const chi = Object.entries(expected).reduce((s, [id, p]) => {
    const seen = spins.filter((x) => x.drawnPrizeId === id).length
    return s + (seen - n * p) ** 2 / (n * p)
  }, 0)
  expect(chi).toBeLessThan(13.8)
})

test('closed, unknown and non-member refusals', async () => {
  await wheel({ endsAt: '2027-01-01T00:00:00+08:00', startsAt: '2026-12-01T00:00:00+08:00' })
  const [dan] = await members(1)
  expect(await game(dan, { action: 'spin', wheelId: 'lucky' })).toMatchObject({ ok: false, error: { code: 'GAME_CLOSED' } })
  expect(await game(dan, { action: 'spin', wheelId: 'nope' })).toMatchObject({ ok: false, error: { code: 'GAME_NOT_FOUND' } })
  expect(await game('openid-stranger', { action: 'spin', wheelId: 'lucky' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
})

test('a mall item as a prize becomes a free pickup order from the item’s own stock; when the stock is gone, thank you', async () => {
  await h.item({ id: 'mug', title: '马克杯', stock: 2, pricePoints: 1200 })
  await wheel({ prizes: [{ id: 'mug', label: '马克杯', kind: 'item', itemId: 'mug', weight: 1 }, { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 }] })
  const ids = await members(4)
  const answers = await Promise.all(ids.map((id) => game(id, { action: 'spin', wheelId: 'lucky' })))
  const won = answers.filter((a) => a.ok && a.data.prize.id === 'mug')
  expect(won).toHaveLength(2)
  expect(answers.filter((a) => a.ok && a.data.fellBack)).toHaveLength(2)
  const orders = h.store.rawFind('mall_orders') as unknown as Array<{ _id: string; points: number; fen: number; status: string }>
  expect(orders).toHaveLength(2)
  expect(orders.every((o) => o.points === 0 && o.fen === 0 && o.status === 'awaiting_pickup')).toBe(true)
  expect(won.map((a) => (a as { data: { orderCode: string } }).data.orderCode).sort()).toEqual(orders.map((o) => o._id).sort())
  expect(poolLeft('item:mug')).toBe(0)

  // Cancelled, the unit goes back to the item's stock, and nothing else changes.
  const winner = ids[answers.findIndex((a) => a.ok && a.data.prize.id === 'mug')]
  expect(await h.mall(winner, { action: 'cancel', orderCode: (won[0] as { data: { orderCode: string } }).data.orderCode })).toMatchObject({ ok: true })
  expect(poolLeft('item:mug')).toBe(1)
  expect(h.stored(winner).balance).toBe(0)
  expect(h.errors).toEqual([])
})
