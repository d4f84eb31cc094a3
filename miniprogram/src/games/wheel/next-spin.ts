import type { WheelView } from '@shared/game/schemas'

/** What the next spin costs: free while the day's free spins last (or when the wheel charges nothing). */
export const nextCost = (v: WheelView) => (v.freeSpinsLeft > 0 ? 0 : v.costPoints)

export type SpinBlock = 'GAME_CLOSED' | 'SPIN_LIMIT_REACHED' | 'INSUFFICIENT_POINTS'

/** Why the member cannot spin now, as far as the page knows (the server decides; this only saves a refused call). */
export function spinBlock(v: WheelView): SpinBlock | null {
  if (!v.open) return 'GAME_CLOSED'
  if (v.spinsLeft <= 0) return 'SPIN_LIMIT_REACHED'
  return nextCost(v) > v.available ? 'INSUFFICIENT_POINTS' : null
}
