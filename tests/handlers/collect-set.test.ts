import { definition as gameDefinition } from '../../cloudfunctions/game'
import { cryptoIds } from '../../cloudfunctions/_lib/ids'
import { saveCampaign } from '../../cloudfunctions/_lib/sets'
import { SetCampaign, type SetCampaignInput } from '../../shared/game/schemas'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

const ALICE = 'openid-alice'
const DAY = 24 * 3600_000
let h: MallHarness
let game: (openid: string, event: object) => Promise<Envelope>
let forced: number[] = []

// Eight wishes of equal weight, three free draws a day for ten days from the harness's first day (2027-01-31).
const campaign = (input: Partial<SetCampaignInput> = {}) =>
  SetCampaign.parse({
    id: 'wishes',
    title: '集八愿',
    cards: ['福', '禄', '寿', '喜', '财', '安', '康', '乐'].map((name, i) => ({ id: `c${i}`, name, weight: 1 })),
    freeDrawsPerDay: 3,
    shareDrawsPerDay: 1,
    startsOn: '2027-01-31',
    days: 10,
    rewardTiers: [
      { id: 'three', label: '集齐 3 种', distinct: 3, points: 30 },
      { id: 'all', label: '集齐 8 种', distinct: 8, points: 888, couponTemplateId: 'grand' },
    ],
    ...input,
  })

beforeEach(async () => {
  h = openMall()
  const deps = { ...h.deps, ids: { ...cryptoIds, draw: (n: number) => (forced.length > 0 ? forced.shift()! : cryptoIds.draw(n)) } }
  const fn = gameDefinition.build(deps)
  game = (openid, event) => fn(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  forced = []
  await h.template({ id: 'grand', title: '集齐大奖', claimable: false })
  await saveCampaign(h.deps.db, campaign())
  await h.register(ALICE, '13800000001')
})
afterEach(() => h.close())

const play = (action: string, extra: object = {}) => game(ALICE, { action, campaignId: 'wishes', ...extra })

test('three free draws a day, one more for sharing (once a day), and the next day starts again', async () => {
  forced = [0, 1, 1, 2]
  expect(await play('draw')).toMatchObject({ ok: true, data: { card: { id: 'c0', name: '福' }, isNew: true, set: { drawsLeft: 2 } } })
  expect(await play('draw')).toMatchObject({ ok: true, data: { card: { id: 'c1' }, isNew: true } })
  expect(await play('draw')).toMatchObject({ ok: true, data: { card: { id: 'c1' }, isNew: false, set: { drawsLeft: 0, distinct: 2 } } })
  expect(await play('draw')).toMatchObject({ ok: false, error: { code: 'SPIN_LIMIT_REACHED' } })
  expect(await play('shareDraw')).toMatchObject({ ok: true, data: { drawsLeft: 1, shareDrawsLeft: 0 } })
  expect(await play('shareDraw')).toMatchObject({ ok: true, data: { drawsLeft: 1, shareDrawsLeft: 0 } })
  expect(await play('draw')).toMatchObject({ ok: true, data: { card: { id: 'c2' }, set: { distinct: 3, drawsLeft: 0 } } })
  h.advance(DAY)
  expect(await play('set')).toMatchObject({ ok: true, data: { drawsLeft: 3, shareDrawsLeft: 1 } })
})

test('reward tiers by different cards held, each claimed once, paid in points and coupons', async () => {
  forced = [0, 1]
  await play('draw')
  await play('draw')
  expect(await play('claim', { rewardTier: 'three' })).toMatchObject({ ok: false, error: { code: 'NOT_ENOUGH_CARDS' } })
  forced = [2]
  await play('draw')
  const claimed = await Promise.all(Array.from({ length: 5 }, () => play('claim', { rewardTier: 'three' })))
  expect(claimed.filter((c) => c.ok)).toHaveLength(1)
  expect(claimed.filter((c) => !c.ok && c.error.code === 'ALREADY_CLAIMED')).toHaveLength(4)
  expect(h.stored(ALICE)).toMatchObject({ balance: 30, ledgerSum: 30 })
  // Draw the other five wishes over the next days and claim the grand prize.
  for (const roll of [3, 4, 5, 6, 7]) {
    h.advance(DAY)
    forced = [roll]
    expect((await play('draw')).ok).toBe(true)
  }
  const grand = await play('claim', { rewardTier: 'all' })
  expect(grand).toMatchObject({ ok: true, data: { points: 888, balance: 918 } })
  expect((grand as { data: { couponCodes: string[] } }).data.couponCodes).toHaveLength(1)
  expect(await play('claim', { rewardTier: 'nope' })).toMatchObject({ ok: false, error: { code: 'REWARD_TIER_NOT_FOUND' } })
})

test('draws close with the campaign, claims a week later; only members play', async () => {
  h.advance(10 * DAY) // 2027-02-10: the day after the last
  expect(await play('draw')).toMatchObject({ ok: false, error: { code: 'GAME_CLOSED' } })
  expect(await play('claim', { rewardTier: 'three' })).toMatchObject({ ok: false, error: { code: 'NOT_ENOUGH_CARDS' } })
  h.advance(7 * DAY)
  expect(await play('claim', { rewardTier: 'three' })).toMatchObject({ ok: false, error: { code: 'GAME_CLOSED' } })
  expect(await game('openid-stranger', { action: 'draw', campaignId: 'wishes' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  expect(await play('set', { campaignId: 'nope' })).toMatchObject({ ok: false, error: { code: 'GAME_NOT_FOUND' } })
})

test('racing draws never pass the day’s limit, and every draw is recorded with its roll', async () => {
  const answers = await Promise.all(Array.from({ length: 10 }, () => play('draw')))
  expect(answers.filter((a) => a.ok)).toHaveLength(3)
  expect(answers.filter((a) => !a.ok && a.error.code === 'SPIN_LIMIT_REACHED')).toHaveLength(7)
  const draws = h.store.rawFind('set_draws') as unknown as Array<{ roll: number; cardId: string }>
  expect(draws).toHaveLength(3)
  for (const d of draws) expect(d.cardId).toBe(`c${d.roll}`)
  expect(h.errors).toEqual([])
})
