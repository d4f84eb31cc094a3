import type { Database } from './deps'

/**
 * Visits every document of `collection` matching `filter` in `_id` order, a page at a time, each
 * page starting after the last `_id` seen. Never `skip`: documents the visit moves out of the filter
 * shift nothing, so none is missed (CloudBase returns at most 1,000 documents a query). Other work in
 * the process (the local server's requests) runs between pages.
 */
export async function forEachById<T extends { _id: string }>(
  db: Database,
  collection: string,
  filter: object,
  pageSize: number,
  visit: (doc: T) => Promise<void>,
): Promise<void> {
  let after = ''
  for (;;) {
    const page = await pageAfter<T>(db, collection, filter, after, pageSize)
    for (const doc of page) await visit(doc)
    if (page.length < pageSize) return
    after = page[page.length - 1]._id
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** One page of such a visit: the documents matching `filter` after `_id` `after` (a job's cursor), in `_id` order. */
export async function pageAfter<T extends { _id: string }>(db: Database, collection: string, filter: object, after: string, pageSize: number): Promise<T[]> {
  const res = await db
    .collection(collection)
    .where({ ...filter, _id: db.command.gt(after) })
    .orderBy('_id', 'asc')
    .limit(pageSize)
    .get()
  return res.data as T[]
}
