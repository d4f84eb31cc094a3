import { cryptoIds } from '../../cloudfunctions/_lib/ids'
import { Wheel } from '../../shared/game/schemas'
import { isOpen, nextSpin, odds, prizeAt, spinsLeft, thankYou, totalWeight } from '../../shared/game/wheel'

const wheel = Wheel.parse({
  id: 'w',
  title: '转盘',
  costPoints: 10,
  freeSpinsPerDay: 1,
  maxSpinsPerDay: 3,
  prizes: [
    { id: 'big', label: '500 积分', kind: 'points', points: 500, weight: 1 },
    { id: 'small', label: '20 积分', kind: 'points', points: 20, weight: 19 },
    { id: 'cup', label: '咖啡券', kind: 'coupon', couponTemplateId: 'coffee', weight: 30, stock: 10 },
    { id: 'none', label: '谢谢参与', kind: 'none', weight: 50 },
  ],
})

describe('the draw', () => {
  test('prizes are laid end to end by weight: each roll lands on exactly one', () => {
    expect(totalWeight(wheel)).toBe(100)
    expect([0, 1, 19, 20, 49, 50, 99].map((r) => prizeAt(wheel, r).id)).toEqual(['big', 'small', 'small', 'cup', 'cup', 'none', 'none'])
    expect(() => prizeAt(wheel, 100)).toThrow()
    expect(thankYou(wheel).id).toBe('none')
  })

  test('disclosed odds are weight over the total, as fractions and as text', () => {
    expect(odds(wheel).map((o) => [o.prize.id, o.odds, o.oddsText])).toEqual([
      ['big', 0.01, '1%'],
      ['small', 0.19, '19%'],
      ['cup', 0.3, '30%'],
      ['none', 0.5, '50%'],
    ])
  })

  test('the cryptographic source over 100,000 draws fits the disclosed odds (chi-square, 3 d.f., p = 0.001)', () => {
    const n = 100_000
    const seen = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      const id = prizeAt(wheel, cryptoIds.draw(totalWeight(wheel))).id
      seen.set(id, (seen.get(id) ?? 0) + 1)
    }
    const chi = odds(wheel).reduce((s, o) => s + ((seen.get(o.prize.id) ?? 0) - n * o.odds) ** 2 / (n * o.odds), 0)
    expect(chi).toBeLessThan(16.27)
  })
})

describe('spins per day', () => {
  test('free spins first, then paid ones, up to the limit', () => {
    expect(nextSpin(wheel, { spins: 0, free: 0 })).toEqual({ free: true, cost: 0 })
    expect(nextSpin(wheel, { spins: 1, free: 1 })).toEqual({ free: false, cost: 10 })
    expect(nextSpin(wheel, { spins: 3, free: 1 })).toBeNull()
    expect(spinsLeft(wheel, { spins: 0, free: 0 })).toEqual({ spinsLeft: 3, freeSpinsLeft: 1 })
    expect(spinsLeft(wheel, { spins: 2, free: 1 })).toEqual({ spinsLeft: 1, freeSpinsLeft: 0 })
  })

  test('the window and the switch', () => {
    const w = { active: true, startsAt: '2027-02-01T00:00:00+08:00', endsAt: '2027-02-08T00:00:00+08:00' }
    expect(isOpen(w, new Date('2027-01-31T23:59:59+08:00'))).toBe(false)
    expect(isOpen(w, new Date('2027-02-01T00:00:00+08:00'))).toBe(true)
    expect(isOpen(w, new Date('2027-02-08T00:00:00+08:00'))).toBe(false)
    expect(isOpen({ ...w, active: false }, new Date('2027-02-03T00:00:00+08:00'))).toBe(false)
  })
})

describe('the wheel schema', () => {
  const base = { id: 'w', title: 't', prizes: [{ id: 'a', label: 'a', kind: 'points', points: 5, weight: 1 }, { id: 'n', label: 'n', kind: 'none', weight: 1 }] }
  test.each([
    ['no thank-you prize', { prizes: [{ id: 'a', label: 'a', kind: 'points', points: 5, weight: 1 }, { id: 'b', label: 'b', kind: 'points', points: 1, weight: 1 }] }],
    ['two prizes with one id', { prizes: [{ id: 'a', label: 'a', kind: 'points', points: 5, weight: 1 }, { id: 'a', label: 'n', kind: 'none', weight: 1 }] }],
    ['all weights 0', { prizes: [{ id: 'a', label: 'a', kind: 'points', points: 5, weight: 0 }, { id: 'n', label: 'n', kind: 'none', weight: 0 }] }],
    ['stock on a points prize', { prizes: [{ id: 'a', label: 'a', kind: 'points', points: 5, weight: 1, stock: 3 }, { id: 'n', label: 'n', kind: 'none', weight: 1 }] }],
    ['more free spins than spins', { freeSpinsPerDay: 4, maxSpinsPerDay: 3 }],
  ])('refuses %s', (_name, change) => {
    expect(Wheel.safeParse({ ...base, ...change }).success).toBe(false)
  })
  test('accepts a plain wheel', () => expect(Wheel.safeParse(base).success).toBe(true))
})
