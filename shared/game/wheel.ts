import type { Prize, Wheel } from './schemas'

/** The sum of the prizes' weights: a spin draws a whole number in [0, total). */
export const totalWeight = (w: Pick<Wheel, 'prizes'>) => w.prizes.reduce((s, p) => s + p.weight, 0)

/** The prize a draw lands on: the prizes laid end to end by weight, in their order. */
export function prizeAt(w: Pick<Wheel, 'prizes'>, roll: number): Prize {
  let end = 0
  for (const p of w.prizes) {
    end += p.weight
    if (roll < end) return p
  }
  throw new Error(`roll ${roll} is outside [0, ${end})`)
}

export const thankYou = (w: Pick<Wheel, 'prizes'>): Prize => w.prizes.find((p) => p.kind === 'none')!

/** The disclosed chance of each prize. */
export function odds(w: Pick<Wheel, 'prizes'>): Array<{ prize: Prize; odds: number; oddsText: string }> {
  const total = totalWeight(w)
  return w.prizes.map((prize) => {
    const odds = prize.weight / total
    return { prize, odds, oddsText: `${Number((odds * 100).toFixed(2))}%` }
  })
}

/** Is the wheel open at `now`? */
export function isOpen(w: Pick<Wheel, 'active' | 'startsAt' | 'endsAt'>, now: Date): boolean {
  if (!w.active) return false
  if (w.startsAt && now.getTime() < new Date(w.startsAt).getTime()) return false
  return !(w.endsAt && now.getTime() >= new Date(w.endsAt).getTime())
}

/** The member's spins today (`game_days/<memberId>:<wheelId>:<day>`). */
export interface SpinDay {
  spins: number
  free: number
}

/** Whether the next spin today is free, costs points, or is not allowed. */
export function nextSpin(w: Pick<Wheel, 'freeSpinsPerDay' | 'maxSpinsPerDay' | 'costPoints'>, day: SpinDay): { free: boolean; cost: number } | null {
  if (day.spins >= w.maxSpinsPerDay) return null
  return day.free < w.freeSpinsPerDay ? { free: true, cost: 0 } : { free: false, cost: w.costPoints }
}

export const spinsLeft = (w: Pick<Wheel, 'freeSpinsPerDay' | 'maxSpinsPerDay'>, day: SpinDay) => ({
  spinsLeft: Math.max(0, w.maxSpinsPerDay - day.spins),
  freeSpinsLeft: Math.max(0, Math.min(w.freeSpinsPerDay - day.free, w.maxSpinsPerDay - day.spins)),
})
