import type { Doc } from './codec'
import { isExactKeyValue, keyOf, type IndexSpec } from './index-spec'

/**
 * Chooses where a filter's candidate documents come from: the `_id` primary key, one declared
 * index (top-level equality or `$in` on all of its fields), or a scan of the collection.
 * Candidates are always a superset; `exact` says the candidates ARE the answer (the filter is
 * nothing but that equality on scalars), so the caller may skip decoding and re-checking them.
 */
export type Plan =
  | { kind: 'ids'; ids: Array<string | number>; exact: boolean }
  | { kind: 'index'; spec: IndexSpec; keys: string[]; exact: boolean }
  | { kind: 'scan' }

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

export function plan(filter: Doc, specs: readonly IndexSpec[]): Plan {
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
  return SCAN
}
