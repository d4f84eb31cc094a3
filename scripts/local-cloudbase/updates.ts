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
  const ops = Object.keys(modifier)
  if (!internals || !updateOptions) return publicUpdate(doc, modifier, [], filter).length > 0
  const renameTargets = Object.values((modifier.$rename ?? {}) as Record<string, string>).map((t) => ({ [t]: true }))
  const opts = internals.ComputeOptions.init(updateOptions).update({ condition: filter })
  opts.update({ updateParams: internals.buildParams([...Object.values(modifier), ...renameTargets], [], opts) })
  let changed = false
  for (const op of ops) if (OPERATORS[op](modifier[op], [], opts)(doc).length > 0) changed = true
  return changed
}
