import type { SetView } from '@shared/game/schemas'

export type DrawBlock = 'GAME_CLOSED' | 'SPIN_LIMIT_REACHED'

/** Why the member cannot draw now, as far as the page knows (the server decides; this only saves a refused call). */
export function drawBlock(v: SetView): DrawBlock | null {
  if (!v.open) return 'GAME_CLOSED'
  return v.drawsLeft <= 0 ? 'SPIN_LIMIT_REACHED' : null
}

/** Cards held of the `need` a tier asks for, capped at `need` so a finished tier reads 3/3, not 5/3. */
export const tierProgress = (v: SetView, need: number) => Math.min(v.distinct, need)
