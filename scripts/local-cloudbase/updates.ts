import path from 'node:path'
import type { Doc } from './codec'
import { invalidParam } from './errors'

/**
 * Applies Mongo update operators with mingo's own operator implementations. mingo's public
 * `update()` rebuilds its whole operator context on every call (~45 µs); holding one context and
 * calling the operators directly costs ~2 µs. That needs two of mingo's internal modules (pinned
 * 7.2.7); if they ever move, the public `update()` takes over with identical results.
 */
type OperatorFn = (expr: unknown, arrayFilters: unknown[], opts: unknown) => (doc: Doc) => string[]
interface Options {
  update(locals: Record<string, unknown>): Options
}
interface Context {
  addQueryOps(ops: unknown): Context
  addExpressionOps(ops: unknown): Context
}
interface Internals {
  ComputeOptions: { init(o: unknown): Options }
  Context: { init(): Context }
  buildParams(exprs: unknown[], arrayFilters: unknown[], opts: Options): unknown
}

// Subpath modules are required (not imported): this tsconfig's resolution does not read package exports.
const OPERATORS = require('mingo/operators/update') as Record<string, OperatorFn>
const mingoUpdate = (require('mingo/updater') as { update(doc: Doc, modifier: Doc, af: unknown[], condition: Doc): string[] }).update

function loadInternals(): Internals | undefined {
  try {
    const root = path.dirname(require.resolve('mingo/package.json'))
    const core = require(path.join(root, 'cjs/core/_internal.js'))
    const upd = require(path.join(root, 'cjs/operators/update/_internal.js'))
    if (typeof core.ComputeOptions?.init !== 'function' || typeof upd.buildParams !== 'function') return undefined
    return { ComputeOptions: core.ComputeOptions, Context: core.Context, buildParams: upd.buildParams }
  } catch {
    return undefined
  }
}

const internals = loadInternals()
const baseOptions = internals?.ComputeOptions.init({
  context: internals.Context.init()
    .addQueryOps(require('mingo/operators/query'))
    .addExpressionOps(require('mingo/operators/expression/boolean'))
    .addExpressionOps(require('mingo/operators/expression/comparison')),
}).update({ updateConfig: { cloneMode: 'copy' } })

/** True when `data` is an operator document (`{$set: ...}`) rather than a replacement. */
export const isOperatorUpdate = (data: Doc): boolean => Object.keys(data).some((k) => k.startsWith('$'))

/**
 * Mutates `doc` in place; returns whether anything changed. `filter` is the query that selected
 * the document, needed by the positional `$` operator.
 */
export function applyUpdate(doc: Doc, modifier: Doc, filter: Doc = {}): boolean {
  const ops = Object.keys(modifier)
  for (const op of ops) if (!OPERATORS[op]) throw invalidParam(`unknown update operator ${op}`)
  if (!internals || !baseOptions) return mingoUpdate(doc, modifier, [], filter).length > 0
  const renameTargets = Object.values((modifier.$rename ?? {}) as Record<string, string>).map((t) => ({ [t]: true }))
  const opts = internals.ComputeOptions.init(baseOptions).update({ condition: filter })
  opts.update({ updateParams: internals.buildParams([...Object.values(modifier), ...renameTargets], [], opts) })
  let changed = false
  for (const op of ops) if (OPERATORS[op](modifier[op], [], opts)(doc).length > 0) changed = true
  return changed
}
