import { cardAt, claimRefusal, distinctHeld, drawsLeft, endsOn, isRunning, setView } from '../../shared/game/collect-set'
import { SetCampaign } from '../../shared/game/schemas'

const c = SetCampaign.parse({
  id: 'w',
  title: '集卡',
  cards: [
    { id: 'a', name: '甲', weight: 1 },
    { id: 'b', name: '乙', weight: 3 },
    { id: 'rare', name: '稀有', weight: 1 },
  ],
  freeDrawsPerDay: 3,
  shareDrawsPerDay: 2,
  startsOn: '2027-02-01',
  days: 10,
  rewardTiers: [
    { id: 'two', label: '两种', distinct: 2, points: 10 },
    { id: 'all', label: '全套', distinct: 3, points: 100 },
  ],
})

test('cards by weight, the run of days, draws left with share bonuses', () => {
  expect([0, 1, 3, 4].map((r) => cardAt(c, r).id)).toEqual(['a', 'b', 'b', 'rare'])
  expect(endsOn(c)).toBe('2027-02-10')
  expect([isRunning(c, '2027-01-31'), isRunning(c, '2027-02-01'), isRunning(c, '2027-02-10'), isRunning(c, '2027-02-11')]).toEqual([false, true, true, false])
  expect(drawsLeft(c, { draws: 3, shared: 0 })).toBe(0)
  expect(drawsLeft(c, { draws: 3, shared: 2 })).toBe(2)
})

test('tiers by different cards: not enough, claimable, claimed once', () => {
  const h = { cards: { a: 3, b: 0 }, claimed: [] as string[] }
  expect(distinctHeld(h)).toBe(1)
  expect(claimRefusal(c, h, 'two')).toBe('NOT_ENOUGH_CARDS')
  h.cards.b = 1
  expect(claimRefusal(c, h, 'two')).toBeNull()
  expect(claimRefusal(c, { ...h, claimed: ['two'] }, 'two')).toBe('ALREADY_CLAIMED')
  expect(claimRefusal(c, h, 'nope')).toBe('NOT_FOUND')
  const view = setView(c, h, { draws: 1, shared: 0 }, '2027-02-05')
  expect(view.cards.map((x) => [x.id, x.oddsText, x.held])).toEqual([
    ['a', '20%', 3],
    ['b', '60%', 1],
    ['rare', '20%', 0],
  ])
  expect(view.tiers.map((t) => [t.id, t.claimable])).toEqual([
    ['two', true],
    ['all', false],
  ])
  expect(setView(c, h, { draws: 0, shared: 0 }, '2027-02-11')).toMatchObject({ open: false, drawsLeft: 0 })
})

test('a tier asking for more cards than the campaign has is refused', () => {
  expect(SetCampaign.safeParse({ ...c, rewardTiers: [{ id: 'x', label: 'x', distinct: 4 }] }).success).toBe(false)
})
