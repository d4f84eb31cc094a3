import { FLAG_TOP, LIFECYCLES, type Chunk } from './chunk'
import type { SegmentFilter } from './segment'

/**
 * A segment filter translated for one chunk: each list condition becomes a table over the chunk's
 * dictionary (which tiers, region lists and tag lists pass), made once per chunk, so testing a row is
 * a few array lookups and comparisons. Means exactly what `matches` (segment.ts) means, which a
 * property test checks. `tags`, when given for a row, replaces the tags the chunk holds for it
 * (changed since the snapshot).
 */
export type RowTest = (i: number, tags?: readonly string[]) => boolean

const listed = <T>(v: readonly T[] | undefined): v is readonly T[] => v !== undefined && v.length > 0

/** 1 where `has` holds for the dictionary entry, or null when the condition is absent (everything passes). */
function table<T, W>(wanted: readonly W[] | undefined, dict: readonly T[], has: (entry: T, w: W) => boolean): Uint8Array | null {
  if (!listed(wanted)) return null
  const t = new Uint8Array(dict.length)
  dict.forEach((entry, i) => (t[i] = wanted.some((w) => has(entry, w)) ? 1 : 0))
  return t
}

const inRange = (r: { min?: number; max?: number } | undefined) => {
  if (!r) return null
  const min = r.min ?? -Infinity
  const max = r.max ?? Infinity
  return (v: number) => v >= min && v <= max
}

export function chunkMatcher(f: SegmentFilter, c: Chunk): RowTest {
  const s = c.seg
  const tiers = table(f.tiers, c.dict.tiers, (t, w) => t === w)
  const lifecycle = listed(f.lifecycle) ? LIFECYCLES.map((l) => f.lifecycle!.includes(l)) : null
  const regions = table(f.regions, c.dict.regions, (r, w) => r.includes(w))
  let months = 0
  if (listed(f.birthdayMonths)) for (const m of f.birthdayMonths) months |= 1 << m
  const wantedTags = listed(f.tags) ? f.tags : null
  const tags = table(f.tags, c.dict.tags, (t, w) => t.includes(w))
  const ranges = (
    [
      [s.recency, inRange(f.recency)],
      [s.frequency, inRange(f.frequency)],
      [s.monetary, inRange(f.monetary)],
      [s.invites, inRange(f.convertedInvites)],
      [s.coupons, inRange(f.couponsUsed)],
      [s.mall, inRange(f.mallOrders)],
    ] as const
  ).filter((r): r is [(typeof r)[0], (v: number) => boolean] => r[1] !== null)
  const top = f.topSpender
  return (i, override) => {
    if (tiers && !tiers[s.tier[i]]) return false
    if (lifecycle && !lifecycle[s.lifecycle[i]]) return false
    if (regions && !regions[s.region[i]]) return false
    if (months !== 0 && (months & (1 << s.birthMonth[i])) === 0) return false
    if (wantedTags) {
      if (override ? !wantedTags.some((t) => override.includes(t)) : !tags![s.tags[i]]) return false
    }
    if (top !== undefined && ((s.flags[i] & FLAG_TOP) !== 0) !== top) return false
    for (const [col, ok] of ranges) if (!ok(col[i])) return false
    return true
  }
}
