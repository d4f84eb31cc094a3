import path from 'node:path'

/**
 * mingo's public entry points rebuild their whole operator context on every call (an object copy
 * of ~300 operators: ~8 µs per query, ~45 µs per update). Two of its internal modules let the
 * store build that context once. They are internal to mingo (pinned at 7.2.7), so this module is
 * the only place that touches them, and callers fall back to the public API if they move.
 */
export interface ComputeOptions {
  update(locals: Record<string, unknown>): ComputeOptions
}
interface Context {
  addQueryOps(ops: unknown): Context
  addExpressionOps(ops: unknown): Context
}
export interface MingoInternals {
  ComputeOptions: { init(o: unknown): ComputeOptions }
  Context: { init(ops?: Record<string, unknown>): Context }
  buildParams(exprs: unknown[], arrayFilters: unknown[], opts: ComputeOptions): unknown
}

function load(): MingoInternals | undefined {
  try {
    const root = path.dirname(require.resolve('mingo/package.json'))
    const core = require(path.join(root, 'cjs/core/_internal.js'))
    const upd = require(path.join(root, 'cjs/operators/update/_internal.js'))
    if (typeof core.ComputeOptions?.init !== 'function' || typeof core.Context?.init !== 'function') return undefined
    if (typeof upd.buildParams !== 'function') return undefined
    return { ComputeOptions: core.ComputeOptions, Context: core.Context, buildParams: upd.buildParams }
  } catch {
    return undefined
  }
}

export const internals = load()

// Subpath modules are required, not imported: this tsconfig's resolution does not read package exports.
/** Options carrying every query, projection and expression operator, for queries. */
export const queryOptions = internals?.ComputeOptions.init({
  context: internals.Context.init({
    query: require('mingo/operators/query'),
    projection: require('mingo/operators/projection'),
    expression: require('mingo/operators/expression'),
  }),
})

/** Options for update operators (whose `$pull` conditions need query and comparison operators). */
export const updateOptions = internals?.ComputeOptions.init({
  context: internals.Context.init()
    .addQueryOps(require('mingo/operators/query'))
    .addExpressionOps(require('mingo/operators/expression/boolean'))
    .addExpressionOps(require('mingo/operators/expression/comparison')),
}).update({ updateConfig: { cloneMode: 'copy' } })
