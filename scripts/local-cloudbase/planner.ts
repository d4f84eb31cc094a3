import type { Doc } from './codec'
import { isExactKeyValue, keyOf, type IndexSpec } from './index-spec'

/**
 * Chooses where a filter's candidate documents come from: the `_id` primary key, one declared
 * index (top-level equality or `$in` on all of its fields), a key prefix of one index (see
 * `prefixPlan`), or a scan of the collection. Candidates are always a superset; `exact` says the
 * candidates ARE the answer (the filter is nothing but that equality on scalars), so the caller may
 * skip decoding and re-checking them.
 */
export type Plan =
  | { kind: 'ids'; ids: Array<string | number>; exact: boolean }
  | { kind: 'index'; spec: IndexSpec; keys: string[]; exact: boolean }
  /** The entries whose key text is in one of `ranges` (`from` inclusive, `to` exclusive): each a key prefix. */
  | { kind: 'prefix'; spec: IndexSpec; ranges: Array<{ from: string; to: string }>; exact: false }
  | { kind: 'scan' }

export interface PlanOptions {
  /** Allow prefix plans. Their candidates come in key order, so a walk in `_id` order does without them. */
  prefixes?: boolean
  /** True when no document has given `spec` two keys (not multikey): only then may a range use it. */
  singleValued?: (spec: IndexSpec) => boolean
}

const SCAN: Plan = { kind: 'scan' }

/** The values a filter entry pins a field to, or undefined if it does not pin it. */
function equalityValues(cond: unknown): unknown[] | undefined {
  if (cond === null || typeof cond !== 'object' || cond instanceof Date) return [cond]
  if (Array.isArray(cond) || cond instanceof RegExp) return undefined
  const keys = Object.keys(cond)
  if (keys.length !== 1) return undefined
  const c = cond as Record<string, unknown>
  if (keys[0] === '$eq') return equalityValues(c.$eq)
  if (keys[0] === '$in' && Array.isArray(c.$in) && c.$in.every((v) => !(v instanceof RegExp))) return c.$in
  return undefined
}

export function plan(filter: Doc, specs: readonly IndexSpec[], options: PlanOptions = {}): Plan {
  const fields = Object.keys(filter)
  if (fields.length === 0) return SCAN
  const onlyField = fields.length === 1
  if ('_id' in filter) {
    const ids = equalityValues(filter._id)
    if (ids && ids.every((v) => typeof v === 'string' || typeof v === 'number'))
      return { kind: 'ids', ids: [...new Set(ids as Array<string | number>)], exact: onlyField }
  }
  for (const spec of specs) {
    const pinned = spec.fields.map((f) => (f in filter ? equalityValues(filter[f]) : undefined))
    if (pinned.some((v) => v === undefined || v.length === 0)) continue
    const values = pinned as unknown[][]
    const exact = fields.length === spec.fields.length && values.every((vs) => vs.every(isExactKeyValue))
    if (spec.fields.length === 1) return { kind: 'index', spec, keys: [...new Set(values[0].map(keyOf))], exact }
    let tuples: string[][] = [[]]
    for (const vs of values) tuples = tuples.flatMap((t) => vs.map((v) => [...t, keyOf(v)]))
    if (tuples.length > 1000) continue
    return { kind: 'index', spec, keys: [...new Set(tuples.map((t) => `[${t.join(',')}]`))], exact }
  }
  return (options.prefixes && prefixPlan(filter, specs, options.singleValued ?? (() => false))) || SCAN
}

/**
 * The index whose key prefix narrows the candidates most: equality (or `$in`) on its leading fields
 * but not all of them, then perhaps a string range on the next field. Keys are text (`keyOf`): a
 * compound key is `[k1,k2,…]`, so pinning the leading field is the prefix `[k1,`; a string's key is
 * its JSON text, so the strings that start with `s` are the keys that start with `s`'s JSON text less
 * its closing quote. JSON text does not sort as strings do (escapes), so a range is read as the prefix
 * its two bounds share: every string between the bounds starts with it. And a range uses only an index
 * no document has given two keys: on an array, one element may pass one bound and another the other,
 * and such a document has no key between the bounds (MongoDB too drops a bound on multikey indexes).
 */
function prefixPlan(filter: Doc, specs: readonly IndexSpec[], singleValued: (spec: IndexSpec) => boolean): Plan | undefined {
  let best: { plan: Plan; narrowed: number } | undefined
  for (const spec of specs) {
    let heads = ['']
    let pinned = 0
    while (pinned < spec.fields.length - 1) {
      const f = spec.fields[pinned]
      const values = f in filter ? equalityValues(filter[f]) : undefined
      if (!values || values.length === 0) break
      heads = heads.flatMap((h) => values.map((v) => `${h}${keyOf(v)},`))
      pinned++
    }
    if (heads.length > 1000) continue
    const shared = sharedPrefix(filter, spec.fields[pinned])
    const text = shared !== undefined && singleValued(spec) ? JSON.stringify(shared).slice(0, -1) : ''
    const narrowed = pinned + (text ? 1 : 0)
    if (narrowed === 0 || (best && best.narrowed >= narrowed)) continue
    const open = spec.fields.length > 1 ? '[' : ''
    const ranges = [...new Set(heads)].map((h) => ({ from: open + h + text, to: pastPrefix(open + h + text) }))
    if (ranges.some((r) => r.to === undefined)) continue
    best = { narrowed, plan: { kind: 'prefix', spec, ranges: ranges as Array<{ from: string; to: string }>, exact: false } }
  }
  return best?.plan
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff

/**
 * The prefix every string between the string bounds of a range on `field` (in its condition or the
 * top-level `$and`) starts with: what the bounds share, and one more character for a prefix search's
 * range `[c + x, c + (x+1))`, which holds only strings that start with `c + x`.
 */
function sharedPrefix(filter: Doc, field: string): string | undefined {
  const clauses = Array.isArray(filter.$and) ? (filter.$and as unknown[]) : []
  const conds = [filter[field], ...clauses.map((c) => (c && typeof c === 'object' ? (c as Doc)[field] : undefined))]
  let low: string | undefined
  let high: { bound: string; open: boolean } | undefined
  for (const cond of conds) {
    if (!cond || typeof cond !== 'object' || Array.isArray(cond) || cond instanceof Date || cond instanceof RegExp) continue
    for (const [op, v] of Object.entries(cond)) {
      if (typeof v !== 'string') continue
      if (op === '$gt' || op === '$gte') low ??= v
      else if (op === '$lt' || op === '$lte') high ??= { bound: v, open: op === '$lt' }
    }
  }
  if (low === undefined || high === undefined) return undefined
  const { bound, open } = high
  let n = 0
  while (n < low.length && n < bound.length && low[n] === bound[n]) n++
  if (open && bound.length === n + 1 && n < low.length && bound.charCodeAt(n) === low.charCodeAt(n) + 1) n++
  // Half a surrogate pair would be written as an escape, which the pair's own key does not start with.
  if (n > 0 && isHighSurrogate(low.charCodeAt(n - 1))) n--
  return n > 0 ? low.slice(0, n) : undefined
}

/** The least text above every text that starts with `prefix`, in SQLite's (UTF-8 byte) order: its last character's successor. */
function pastPrefix(prefix: string): string | undefined {
  const chars = [...prefix]
  const last = chars.pop()!.codePointAt(0)!
  if (last === 0x10ffff) return undefined
  return chars.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1)
}
