/** How long the wheel turns after a spin; the result is shown when it stops. */
export const SPIN_MS = 4000

/** Full turns before the wheel settles, so every spin looks like a spin. */
const TURNS = 5

/**
 * The wheel is cut into equal sectors, clockwise from 12 o'clock in the prizes' order (the odds are
 * disclosed in the table, not by sector size). The centre of sector `index`, in degrees.
 */
export const sectorCentre = (index: number, count: number) => ((index + 0.5) * 360) / count

/**
 * The next rotation (clockwise degrees, only ever growing so the CSS transition turns forward) that
 * brings sector `index` under the pointer at the top, after a few full turns.
 */
export function stopAt(from: number, index: number, count: number): number {
  const target = (360 - sectorCentre(index, count)) % 360
  const current = ((from % 360) + 360) % 360
  return from + TURNS * 360 + ((target - current + 360) % 360)
}
