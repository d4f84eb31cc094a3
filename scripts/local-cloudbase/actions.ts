import { randomFillSync } from 'node:crypto'
import type Database from 'better-sqlite3'
import { encode, type Doc } from './codec'
import { bodyOf, copyOf, type Committed, type Entry } from './committed'
import { invalidParam, StoreError } from './errors'
import { aggregate, shape } from './query'
import type { Transactions } from './transactions'
import { keysUnchangedBy } from './index-spec'
import { applyUpdate, changedRoots, toModifier } from './updates'
import { parseWire } from './wire'

/** Reads and writes go through a View: the committed state, or an open transaction's view of it. */
export interface View {
  find(coll: string, filter: Doc): Entry[]
  read(coll: string, id: string | number): Entry | undefined
  insert(coll: string, doc: Doc, freshId?: boolean): void
  /** `keysKept`: the caller knows no index key differs between `before` and `after`. */
  replace(coll: string, before: Entry, after: Doc, keysKept?: boolean): void
  remove(coll: string, before: Entry): void
}

export interface ActionContext {
  db: Database.Database
  committed: Committed
  transactions: Transactions
  now: () => Date
}

type Params = Record<string, any>
type Result = Record<string, unknown>

const DEFAULT_LIMIT = 100 // CloudBase server side: default 100, at most 1000
const MAX_LIMIT = 1000
const AGGREGATE_DEFAULT_LIMIT = 20 // CloudBase returns 20 aggregate results unless the pipeline has $limit

/** Ids sort by creation time (like ObjectIds) so unordered reads come back roughly in insertion order. */
let idCounter = 0
const entropy = Buffer.alloc(4096)
let entropyAt = entropy.length
export function newId(): string {
  if (entropyAt === entropy.length) {
    randomFillSync(entropy)
    entropyAt = 0
  }
  idCounter = (idCounter + 1) & 0xffff
  entropyAt += 8
  return Date.now().toString(16).padStart(12, '0') + idCounter.toString(16).padStart(4, '0') + entropy.toString('hex', entropyAt - 8, entropyAt)
}

const collectionOf = (p: Params): string => {
  if (typeof p.collectionName !== 'string' || !p.collectionName) throw invalidParam('collectionName is required')
  return p.collectionName
}

const docId = (v: unknown): string | number => {
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v
  throw invalidParam('_id must be a string or a number in the local store')
}

/** The document with its `_id` first (generated when absent), and whether the id was generated. */
function withId(doc: Doc): { doc: Doc; freshId: boolean } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalidParam('document must be an object')
  const { _id, ...rest } = doc
  return _id === undefined ? { doc: { _id: newId(), ...rest }, freshId: true } : { doc: { _id: docId(_id), ...rest }, freshId: false }
}

export const clampLimit = (limit: unknown): number => {
  const n = Math.trunc(Number(limit))
  return n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT
}

export type Action = (params: Params) => Result

/** The server side of every `database.<action>` the SDK sends, with CloudBase's response shapes. */
export function createActions(ctx: ActionContext): Record<string, Action> {
  const locked = ctx.db.transaction((op: (view: View) => unknown) => op(ctx.committed))
  function wire<T = Doc>(text: unknown, fallback?: T): T {
    if (text === undefined || text === null || text === '') {
      if (fallback !== undefined) return fallback
      throw invalidParam('missing parameter')
    }
    if (typeof text !== 'string') throw invalidParam('expected an Extended JSON string')
    return parseWire<T>(text, ctx.now)
  }

  /** Runs a write on the committed state under the write lock, or inside the given transaction. */
  function write<T>(transactionId: unknown, op: (view: View) => T): T {
    if (transactionId) return ctx.transactions.within(transactionId, op)
    return locked.immediate(op) as T
  }

  function view<T>(transactionId: unknown, op: (view: View) => T): T {
    return transactionId ? ctx.transactions.within(transactionId, op) : op(ctx.committed)
  }

  /** Whether `modifier` leaves every index key of `coll` untouched (then no unique check or index write is needed). */
  const keepsKeys = (coll: string, modifier: Doc): boolean => keysUnchangedBy(ctx.committed.indexes.specsFor(coll), changedRoots(modifier))

  /** `doc(id).set(data)`: replaces the document (keeping its _id), creating it when `upsert`. */
  function replaceWhole(v: View, coll: string, id: string | number, data: Doc, upsert: boolean): { updated: number; upsert_id?: string | number } {
    if (data._id !== undefined && data._id !== id) throw invalidParam('cannot change _id')
    const { _id, ...rest } = data
    const after = { _id: id, ...rest }
    const before = v.read(coll, id)
    if (before) {
      if (encode(after) === bodyOf(before)) return { updated: 0 }
      v.replace(coll, before, after)
      return { updated: 1 }
    }
    if (!upsert) return { updated: 0 }
    v.insert(coll, after)
    return { updated: 0, upsert_id: id }
  }

  return {
    getDocument(p: Params): Result {
      const coll = collectionOf(p)
      const filter = wire<Doc>(p.query, {})
      const limit = clampLimit(p.limit)
      const offset = Math.max(0, Math.trunc(Number(p.offset ?? 0)) || 0)
      const order = p.order ? wire<Record<string, 1 | -1>>(p.order) : undefined
      const projection = p.projection ? wire(p.projection) : undefined
      const sorted = order && Object.keys(order).length > 0
      let list: string[]
      const byIdAscending = sorted && Object.keys(order).length === 1 && order._id === 1
      if (byIdAscending && !p.transactionId) {
        // A page in _id order: read in that order and stop at the page's end (Committed.walkById).
        const entries = ctx.committed.walkById(coll, filter, offset + limit)
        // Without a projection the stored text is the answer: no decode and encode per document.
        list = projection ? shape(entries.map((e) => e.doc), { offset, limit, projection }).map(encode) : entries.slice(offset, offset + limit).map(bodyOf)
      } else if (!sorted && !projection) {
        const exact = p.transactionId ? undefined : ctx.committed.exactRows(coll, filter)
        list = exact
          ? exact.slice(offset, offset + limit).map((r) => r.body)
          : view(p.transactionId, (v) => v.find(coll, filter)).slice(offset, offset + limit).map(bodyOf)
      } else {
        const docs = view(p.transactionId, (v) => v.find(coll, filter)).map((e) => e.doc)
        list = shape(docs, { order, offset, limit, projection }).map(encode)
      }
      return { data: { list, limit, offset } }
    },

    insertDocument(p: Params): Result {
      const coll = collectionOf(p)
      if (!Array.isArray(p.data) || p.data.length === 0) throw invalidParam('data must be a non-empty array')
      const docs: Array<{ doc: Doc; freshId: boolean }> = p.data.map((text: unknown) => withId(wire(text)))
      write(p.transactionId, (v) => {
        for (const { doc, freshId } of docs) v.insert(coll, doc, freshId)
      })
      return { data: { insertedIds: docs.map((d) => d.doc._id) } }
    },

    modifyDocument(p: Params): Result {
      const coll = collectionOf(p)
      const filter = wire<Doc>(p.query, {})
      const data = wire(p.data)
      if (p.merge === false) {
        const id = docId(filter._id)
        return { data: write(p.transactionId, (v) => replaceWhole(v, coll, id, data, p.upsert === true)) }
      }
      if (p.upsert === true) throw invalidParam('upsert with update operators is not supported by the local store')
      const modifier = toModifier(data)
      const keysKept = keepsKeys(coll, modifier)
      const updated = write(p.transactionId, (v) => {
        let n = 0
        const matches = v.find(coll, filter)
        for (const e of p.multi === false ? matches.slice(0, 1) : matches) {
          const after = copyOf(e)
          if (applyUpdate(after, modifier, filter)) {
            v.replace(coll, e, after, keysKept)
            n++
          }
        }
        return n
      })
      return { data: { updated } }
    },

    removeDocument(p: Params): Result {
      const coll = collectionOf(p)
      const filter = wire<Doc>(p.query, {})
      const deleted = write(p.transactionId, (v) => {
        const matches = v.find(coll, filter)
        const doomed = p.multi === false ? matches.slice(0, 1) : matches
        for (const e of doomed) v.remove(coll, e)
        return doomed.length
      })
      return { data: { deleted } }
    },

    calculateDocument(p: Params): Result {
      const coll = collectionOf(p)
      const filter = wire<Doc>(p.query, {})
      const total = p.transactionId
        ? view(p.transactionId, (v) => v.find(coll, filter).length)
        : ctx.committed.count(coll, filter)
      return { data: { total } }
    },

    modifyAndReturnDoc(p: Params): Result {
      const coll = collectionOf(p)
      const filter = wire<Doc>(p.query, {})
      const data = wire(p.data)
      const modifier = toModifier(data)
      return {
        data: write(p.transactionId, (v) => {
          const [e] = v.find(coll, filter)
          if (!e) return { updated: 0, doc: null }
          const after = copyOf(e)
          const changed = applyUpdate(after, modifier, filter)
          if (changed) v.replace(coll, e, after, keepsKeys(coll, modifier))
          return { updated: changed ? 1 : 0, doc: encode(after) }
        }),
      }
    },

    aggregateDocuments(p: Params): Result {
      const coll = collectionOf(p)
      if (!Array.isArray(p.stages)) throw invalidParam('stages must be an array')
      const pipeline: Doc[] = p.stages.map((s: { stageKey: string; stageValue: string }) => ({
        [s.stageKey]: wire(s.stageValue),
      }))
      if (!pipeline.some((s) => '$limit' in s)) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT })
      const first = pipeline[0]?.$match as Doc | undefined
      const source = ctx.committed.find(coll, first ?? {}).map((e) => e.doc)
      const resolve = (name: string) => ctx.committed.find(name, {}).map((e) => e.doc)
      return { data: { list: aggregate(source, pipeline, resolve).map(encode) } }
    },

    startTransaction(): Result {
      return { transactionId: ctx.transactions.start() }
    },

    commitTransaction(p: Params): Result {
      ctx.transactions.commit(p.transactionId)
      return {}
    },

    abortTransaction(p: Params): Result {
      ctx.transactions.abort(p.transactionId)
      return {}
    },

    // The older per-document transaction protocol (@cloudbase/database's transaction.js).
    getInTransaction(p: Params): Result {
      const coll = collectionOf(p)
      const e = view(p.transactionId, (v) => v.read(coll, docId(p._id)))
      return { data: e ? bodyOf(e) : 'null' }
    },

    updateDocInTransaction(p: Params): Result {
      const coll = collectionOf(p)
      const id = docId(p._id)
      const data = wire(p.data)
      if (p.upsert === true) {
        const r = write(p.transactionId, (v) => replaceWhole(v, coll, id, data, true))
        return { updated: String(r.updated), upserted: r.upsert_id === undefined ? undefined : JSON.stringify([{ _id: id }]) }
      }
      const updated = write(p.transactionId, (v) => {
        const e = v.read(coll, id)
        if (!e) return 0
        const after = copyOf(e)
        const modifier = toModifier(data)
        if (!applyUpdate(after, modifier, { _id: id })) return 0
        v.replace(coll, e, after, keepsKeys(coll, modifier))
        return 1
      })
      return { updated: String(updated) }
    },

    deleteDocInTransaction(p: Params): Result {
      const coll = collectionOf(p)
      const id = docId(p._id)
      const deleted = write(p.transactionId, (v) => {
        const e = v.read(coll, id)
        if (e) v.remove(coll, e)
        return e ? 1 : 0
      })
      return { deleted: String(deleted) }
    },

    addCollection(p: Params): Result {
      collectionOf(p) // collections exist implicitly in the local store
      return {}
    },
  }
}

export const unknownAction = (name: string) => new StoreError('INVALID_ACTION', `[InvalidAction] unknown action ${name}`)
