/**
 * The local server's one clock: functions read it through their deps and the store uses it for
 * `db.serverDate()`. `POST /_dev/clock` moves it; it keeps ticking from there unless frozen.
 */
export interface MovableClock {
  now(): Date
  /** Jump to `at` (ticking on from there, or standing still if `frozen`); null returns to real time. */
  set(at: Date | null, opts?: { frozen?: boolean }): void
  state(): { now: string; offsetMs: number; frozen: boolean }
}

export function movableClock(real: () => number = Date.now): MovableClock {
  let offsetMs = 0
  let frozenAt: number | null = null
  const nowMs = () => frozenAt ?? real() + offsetMs
  return {
    now: () => new Date(nowMs()),
    set(at, opts = {}) {
      if (at === null) {
        offsetMs = 0
        frozenAt = null
        return
      }
      frozenAt = opts.frozen ? at.getTime() : null
      offsetMs = at.getTime() - real()
    },
    state: () => ({ now: new Date(nowMs()).toISOString(), offsetMs, frozen: frozenAt !== null }),
  }
}
