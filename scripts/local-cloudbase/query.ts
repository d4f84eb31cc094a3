import { Aggregator, Query } from 'mingo'
import type { Doc } from './codec'
import { queryOptions } from './mingo-internals'

/** Mongo semantics for filters, sorting, projection and pipelines come from mingo. */
export interface FindOptions {
  order?: Record<string, 1 | -1>
  offset: number
  limit: number
  projection?: Doc
}

const BaseQuery = (require('mingo/query') as { Query: typeof Query }).Query
const compile = (filter: Doc): Query => (queryOptions ? new BaseQuery(filter, queryOptions as never) : new Query(filter, {}))

export const matcher = (filter: Doc): ((doc: Doc) => boolean) => {
  if (Object.keys(filter).length === 0) return () => true
  const q = compile(filter)
  return (doc) => q.test(doc)
}

/** Sort, skip, limit and project documents that already passed the filter. */
export function shape(docs: Doc[], opts: FindOptions): Doc[] {
  const hasOrder = opts.order && Object.keys(opts.order).length > 0
  if (!hasOrder && !opts.projection) return docs.slice(opts.offset, opts.offset + opts.limit)
  let cursor = compile({}).find<Doc>(docs, opts.projection)
  if (hasOrder) cursor = cursor.sort(opts.order!)
  return cursor.skip(opts.offset).limit(opts.limit).all()
}

export function aggregate(docs: Doc[], pipeline: Doc[], resolve: (coll: string) => Doc[]): Doc[] {
  return new Aggregator(pipeline, { collectionResolver: resolve }).run(docs) as Doc[]
}
