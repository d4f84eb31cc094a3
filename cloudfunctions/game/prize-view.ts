import { odds } from '../../shared/game/wheel'
import type { Prize, Wheel } from '../../shared/game/schemas'

/** The wheel's prizes as members see them, each with its disclosed chance. */
export function prizeViews(w: Wheel) {
  return odds(w).map(({ prize, odds, oddsText }) => ({ id: prize.id, label: prize.label, kind: prize.kind, points: prize.points, odds, oddsText }))
}

export const prizeView = (w: Wheel, p: Prize) => prizeViews(w).find((v) => v.id === p.id)!
