import { createRequire } from 'node:module'
import type * as Bson from 'bson'

/**
 * Documents are stored as relaxed Extended JSON, the same text the SDK parses with `EJSON.parse`,
 * so a stored body can be handed back to the SDK untouched. Decoding uses `JSON.parse` plus a walk
 * that revives EJSON type wrappers ($date, $numberInt, ...): bson's own reviver is several times
 * slower and this sits on every read. Anything unusual is delegated to the SDK's own bson copy.
 */
const sdkRequire = createRequire(require.resolve('@cloudbase/database'))
const { EJSON } = sdkRequire('bson') as typeof Bson

export type Doc = Record<string, unknown>

/** Keys that mark an EJSON type wrapper. `$regex` is deliberately absent: it is also a query operator. */
const TYPE_KEYS = new Set([
  '$date', '$numberInt', '$numberDouble', '$numberLong', '$numberDecimal', '$regularExpression', '$oid',
  '$binary', '$uuid', '$timestamp', '$minKey', '$maxKey', '$symbol', '$code', '$dbPointer', '$dbRef', '$undefined',
])
const JS_REGEX_FLAGS = /[^gimsuy]/g

function reviveType(o: Record<string, unknown>, key: string): unknown {
  const v = o[key]
  switch (key) {
    case '$date':
      if (typeof v === 'string' || typeof v === 'number') return new Date(v)
      if (v && typeof v === 'object' && '$numberLong' in v) return new Date(Number((v as { $numberLong: string }).$numberLong))
      break
    case '$numberInt':
    case '$numberDouble':
    case '$numberLong':
      return Number(v)
    case '$regularExpression': {
      const { pattern, options } = v as { pattern: string; options?: string }
      return new RegExp(pattern, (options ?? '').replace(JS_REGEX_FLAGS, ''))
    }
  }
  return EJSON.deserialize(o, { relaxed: true })
}

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i])
    return v
  }
  const o = v as Record<string, unknown>
  for (const k in o) {
    if (k.charCodeAt(0) === 36 && TYPE_KEYS.has(k)) return reviveType(o, k)
    break
  }
  for (const k in o) o[k] = revive(o[k])
  return o
}

/** Parses (relaxed or canonical) Extended JSON into plain JS values with Dates and RegExps. */
export function decode<T = Doc>(text: string): T {
  const v = JSON.parse(text)
  return (text.includes('"$') ? revive(v) : v) as T
}

const MAX_ISO_DATE = 253402300800000 // year 10000: relaxed EJSON writes ISO strings below it

function toEjson(v: unknown): unknown {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $numberDouble: String(v) }
    return v
  }
  if (Array.isArray(v)) {
    const out = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = v[i] === undefined ? null : toEjson(v[i])
    return out
  }
  if (v instanceof Date) {
    const t = v.getTime()
    if (Number.isNaN(t)) throw new TypeError('invalid Date value')
    return t >= 0 && t < MAX_ISO_DATE ? { $date: v.toISOString() } : { $date: { $numberLong: String(t) } }
  }
  if (v instanceof RegExp) return { $regularExpression: { pattern: v.source, options: v.flags.replace('g', '') } }
  if ('_bsontype' in v) return EJSON.serialize(v, { relaxed: true })
  const out: Record<string, unknown> = {}
  const o = v as Record<string, unknown>
  for (const k in o) {
    const x = o[k]
    if (x !== undefined && typeof x !== 'function') out[k] = toEjson(x)
  }
  return out
}

/**
 * True when `JSON.stringify` alone writes `v` exactly as `toEjson` would: only plain objects,
 * arrays, strings, booleans, null and finite numbers (undefined and functions are dropped alike).
 */
function plainJson(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'number' || Number.isFinite(v)
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!plainJson(v[i])) return false
    return true
  }
  if (Object.getPrototypeOf(v) !== Object.prototype || '_bsontype' in v || 'toJSON' in v) return false
  const o = v as Record<string, unknown>
  for (const k in o) if (k === '__proto__' || !plainJson(o[k])) return false // toEjson's copy cannot hold an own __proto__
  return true
}

/** Serialises a JS value as relaxed Extended JSON text (what the SDK expects in `list`). */
export function encode(v: unknown): string {
  // Most documents hold nothing EJSON wraps: skip building the wrapped copy.
  return JSON.stringify(plainJson(v) ? v : toEjson(v))
}

/** A deep copy that keeps Dates and RegExps (documents are mutated in place by update operators). */
export const clone = <T>(v: T): T => structuredClone(v)
