import type { Doc } from './codec'
import { invalidParam } from './errors'
import { internals, updateOptions } from './mingo-internals'

/** Mongo update operators, evaluated by mingo's own operator implementations. */
type OperatorFn = (expr: unknown, arrayFilters: unknown[], opts: unknown) => (doc: Doc) => string[]
const OPERATORS = require('mingo/operators/update') as Record<string, OperatorFn>
const publicUpdate = (require('mingo/updater') as { update(doc: Doc, modifier: Doc, af: unknown[], condition: Doc): string[] }).update

/** True when `data` is an operator document (`{$set: ...}`) rather than a replacement. */
export const isOperatorUpdate = (data: Doc): boolean => Object.keys(data).some((k) => k.startsWith('$'))

/** The update as an operator document (a bare object means `$set`), refused if it names an unknown operator. */
export function toModifier(data: Doc): Doc {
  if (!isOperatorUpdate(data)) return { $set: data }
  for (const op of Object.keys(data)) if (!OPERATORS[op]) throw invalidParam(`unknown update operator ${op}`)
  return data
}

/**
 * Applies a modifier from `toModifier`. Mutates `doc` in place; returns whether anything changed (what CloudBase counts as `updated`).
 * `filter` is the query that selected the document, needed by the positional `$` operator.
 */
export function applyUpdate(doc: Doc, modifier: Doc, filter: Doc = {}): boolean {
  const simple = applySimple(doc, modifier)
  if (simple !== undefined) return simple
  const ops = Object.keys(modifier)
  if (!internals || !updateOptions) return publicUpdate(doc, modifier, [], filter).length > 0
  const renameTargets = Object.values((modifier.$rename ?? {}) as Record<string, string>).map((t) => ({ [t]: true }))
  const opts = internals.ComputeOptions.init(updateOptions).update({ condition: filter })
  opts.update({ updateParams: internals.buildParams([...Object.values(modifier), ...renameTargets], [], opts) })
  let changed = false
  for (const op of ops) if (OPERATORS[op](modifier[op], [], opts)(doc).length > 0) changed = true
  return changed
}

/** A top-level field name that mingo's path walk would treat as nothing but a property name. */
const plainField = (k: string): boolean => k !== '' && k !== '_id' && !k.includes('.') && !k.includes('$') && !(k in Object.prototype)

/**
 * `$inc` and `$set` of scalars on top-level fields (the common update), done directly: the same
 * statements as mingo's own `$inc` and `$set` callbacks, without building its operator context
 * (~3 µs). Returns undefined, having changed nothing, for anything else (dotted or positional
 * paths, object values, a non-numeric `$inc`, one field under two operators), which goes to mingo
 * and its validation errors.
 */
function applySimple(doc: Doc, modifier: Doc): boolean | undefined {
  const ops = Object.keys(modifier)
  if (ops.length === 0 || ops.length > 2) return undefined
  const inc = modifier.$inc as Doc | undefined
  const set = modifier.$set as Doc | undefined
  if (ops.length !== (inc === undefined ? 0 : 1) + (set === undefined ? 0 : 1)) return undefined
  if (inc !== undefined) {
    if (!isPlainObject(inc)) return undefined
    for (const k of Object.keys(inc)) {
      const v = inc[k]
      if (!plainField(k) || typeof v !== 'number' || Number.isNaN(v) || (set !== undefined && k in set)) return undefined
    }
  }
  if (set !== undefined) {
    if (!isPlainObject(set)) return undefined
    for (const k of Object.keys(set)) {
      const v = set[k]
      if (!plainField(k) || (v !== null && typeof v === 'object') || typeof v === 'function' || v === undefined) return undefined
    }
  }
  let changed = false
  const o = doc as Record<string, any>
  for (const op of ops) {
    const expr = modifier[op] as Doc
    for (const k of Object.keys(expr)) {
      const val = expr[k]
      if (op === '$inc') {
        // mingo's $inc: numbers (not NaN) and missing fields are incremented, anything else is left alone
        if ((typeof o[k] === 'number' && !Number.isNaN(o[k])) || o[k] === undefined) {
          const previous = o[k]
          o[k] ||= 0
          o[k] += val
          if (o[k] !== previous) changed = true
        }
      } else if (!(o[k] === val || Object.is(o[k], val))) {
        // mingo's $set: unchanged when isEqual, which for a scalar value is === or Object.is
        o[k] = val
        changed = true
      }
    }
  }
  return changed
}

const isPlainObject = (v: unknown): v is Doc => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype

/** The first segment of a dotted path. */
export function rootOf(path: string): string {
  const dot = path.indexOf('.')
  return dot === -1 ? path : path.slice(0, dot)
}

/**
 * The top-level fields an update may change, or undefined when that cannot be told (a malformed
 * operator argument). A path changes only the subtree under its first segment.
 */
export function changedRoots(modifier: Doc): Set<string> | undefined {
  const roots = new Set<string>()
  for (const op of Object.keys(modifier)) {
    const expr = modifier[op]
    if (!isPlainObject(expr)) return undefined
    for (const path of Object.keys(expr)) {
      roots.add(rootOf(path))
      if (op === '$rename') {
        if (typeof expr[path] !== 'string') return undefined
        roots.add(rootOf(expr[path] as string))
      }
    }
  }
  return roots
}
