/**
 * Flash-sale countdowns run on the server's clock, not the phone's: a phone a few minutes off
 * would otherwise show a sale as open when the server still refuses it. The offset is taken once
 * per response (`serverTime` minus the moment it arrived) and added to the local clock.
 */
export function serverOffsetMs(serverTime: string, receivedAt: number): number {
  const server = Date.parse(serverTime)
  return Number.isFinite(server) ? server - receivedAt : 0
}

export type FlashPhase = 'upcoming' | 'live' | 'ended'

/** Where a flash sale stands at `nowMs` (server time), and how long until its next change. */
export function flashPhase(flash: { startsAt: string; endsAt: string }, nowMs: number): { phase: FlashPhase; msLeft: number } {
  const starts = Date.parse(flash.startsAt)
  const ends = Date.parse(flash.endsAt)
  if (nowMs < starts) return { phase: 'upcoming', msLeft: starts - nowMs }
  if (nowMs < ends) return { phase: 'live', msLeft: ends - nowMs }
  return { phase: 'ended', msLeft: 0 }
}

/** A duration as days and a zero-padded "HH:MM:SS", rounded up so "00:00:00" only shows at the moment itself. */
export function countdownParts(ms: number): { days: number; hms: string } {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const days = Math.floor(total / 86_400)
  const pad = (n: number) => String(n).padStart(2, '0')
  const h = Math.floor((total % 86_400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  return { days, hms: `${pad(h)}:${pad(m)}:${pad(total % 60)}` }
}
