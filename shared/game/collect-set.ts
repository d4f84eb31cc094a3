import { addDays } from '../day'
import type { SetCampaign, SetView } from './schemas'

/** The member's cards and claimed tiers in a campaign (`set_holdings/<memberId>:<campaignId>`). */
export interface Holding {
  cards: Record<string, number>
  claimed: string[]
}

/** The member's draws on one day (`set_days/<memberId>:<campaignId>:<day>`). */
export interface DrawDay {
  draws: number
  /** Extra draws earned by sharing that day. */
  shared: number
}

export const emptyHolding = (): Holding => ({ cards: {}, claimed: [] })
export const endsOn = (c: Pick<SetCampaign, 'startsOn' | 'days'>) => addDays(c.startsOn, c.days - 1)
export const isRunning = (c: Pick<SetCampaign, 'startsOn' | 'days' | 'active'>, today: string) => c.active && today >= c.startsOn && today <= endsOn(c)

export const distinctHeld = (h: Holding) => Object.values(h.cards).filter((n) => n > 0).length
export const drawsLeft = (c: Pick<SetCampaign, 'freeDrawsPerDay'>, day: DrawDay) => Math.max(0, c.freeDrawsPerDay + day.shared - day.draws)

/** The card a draw in [0, sum of weights) lands on. */
export function cardAt(c: Pick<SetCampaign, 'cards'>, roll: number) {
  let end = 0
  for (const card of c.cards) {
    end += card.weight
    if (roll < end) return card
  }
  throw new Error(`roll ${roll} is outside [0, ${end})`)
}

export const cardWeight = (c: Pick<SetCampaign, 'cards'>) => c.cards.reduce((s, x) => s + x.weight, 0)

/** Why the member cannot claim this tier, if they cannot. */
export function claimRefusal(c: SetCampaign, h: Holding, tierId: string): 'NOT_FOUND' | 'ALREADY_CLAIMED' | 'NOT_ENOUGH_CARDS' | null {
  const tier = c.rewardTiers.find((t) => t.id === tierId)
  if (!tier) return 'NOT_FOUND'
  if (h.claimed.includes(tierId)) return 'ALREADY_CLAIMED'
  return distinctHeld(h) >= tier.distinct ? null : 'NOT_ENOUGH_CARDS'
}

export function setView(c: SetCampaign, h: Holding, day: DrawDay, today: string): SetView {
  const total = cardWeight(c)
  const distinct = distinctHeld(h)
  return {
    id: c.id,
    title: c.title,
    cards: c.cards.map((card) => ({ id: card.id, name: card.name, odds: card.weight / total, oddsText: `${Number(((card.weight / total) * 100).toFixed(2))}%`, held: h.cards[card.id] ?? 0 })),
    distinct,
    tiers: c.rewardTiers.map((t) => ({ id: t.id, label: t.label, distinct: t.distinct, points: t.points, claimable: distinct >= t.distinct && !h.claimed.includes(t.id), claimed: h.claimed.includes(t.id) })),
    drawsLeft: isRunning(c, today) ? drawsLeft(c, day) : 0,
    shareDrawsLeft: Math.max(0, c.shareDrawsPerDay - day.shared),
    startsOn: c.startsOn,
    endsOn: endsOn(c),
    open: isRunning(c, today),
  }
}
