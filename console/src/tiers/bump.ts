import type { TierProgramme } from '../../../shared/tier/programme'

/** The next version name: a trailing number goes up by one ('2026' → '2027', 'v2' → 'v3'), else '-2' is added. */
export function bumpVersion(version: string, taken: string[]): string {
  let next = version
  do {
    const m = /^(.*?)(\d+)$/.exec(next)
    next = m ? `${m[1]}${String(Number(m[2]) + 1).padStart(m[2].length, '0')}` : `${next}-2`
  } while (taken.includes(next))
  return next
}

/** A proposal to start from: the version in force, renamed, applying from `today`. */
export function proposalFrom(current: TierProgramme, taken: string[], today: string): TierProgramme {
  return { ...current, version: bumpVersion(current.version, taken), effectiveFrom: today }
}
