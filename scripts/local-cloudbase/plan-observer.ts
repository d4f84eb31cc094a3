import type { Doc } from './codec'
import type { Plan } from './planner'

/**
 * An opt-in window on the planner, for audits (tests/handlers/query-plans.test.ts): each query's
 * collection, filter and plan. Off by default; when off, the store pays one `undefined` check.
 */
export interface PlanEvent {
  coll: string
  /** The filter as the store received it (not a copy: read it, do not keep or change it). */
  filter: Doc
  /** Top-level field names of the filter, in its order. */
  fields: string[]
  /**
   * `id`: `_id` lookups; `index`: one declared index (`index` names it), whole keys or a key prefix
   * (planner.ts); `scan`: every document of the collection.
   */
  kind: 'id' | 'index' | 'scan'
  index?: string
  /**
   * `find`: candidates loaded (reads, updates, removes, aggregates, transactions); `count`;
   * `walk`: a page in `_id` order that stops at the page's end (forEachById), so a scan costs one page, not the collection.
   */
  op: 'find' | 'count' | 'walk'
}

export type PlanListener = (event: PlanEvent) => void

let listener: PlanListener | undefined

/** Calls `fn` for every query plan of every local store in this process until the returned function is called. */
export function observePlans(fn: PlanListener): () => void {
  if (listener) throw new Error('observePlans: a listener is already installed')
  listener = fn
  return () => {
    if (listener === fn) listener = undefined
  }
}

/** Reports a plan when someone listens (the store's call sites check `listening()` first, so this costs nothing otherwise). */
export const listening = (): boolean => listener !== undefined

export function report(coll: string, filter: Doc, p: Plan, op: PlanEvent['op']): void {
  if (!listener) return
  const kind = p.kind === 'ids' ? 'id' : p.kind === 'prefix' ? 'index' : p.kind
  listener({ coll, filter, fields: Object.keys(filter), kind, index: p.kind === 'index' || p.kind === 'prefix' ? p.spec.name : undefined, op })
}
