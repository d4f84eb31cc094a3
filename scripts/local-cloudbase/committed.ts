import { decode, encode, type Doc } from './codec'
import { conflict, duplicateKey } from './errors'
import type { IndexMaintenance } from './index-maintenance'
import { keyOf } from './index-spec'
import { matcher } from './query'
import { plan, type Plan } from './planner'
import { listening, report, type PlanEvent } from './plan-observer'
import type { Row, Statements } from './sqlite'

/** A document as read: its decoded value, and (when it came from disk) its stored text and version. */
export interface Entry {
  readonly id: string | number
  readonly doc: Doc
  readonly body?: string
  readonly ver: number
}

/** A stored document; decoded only if someone looks at `doc` (many reads just pass `body` on). */
class StoredEntry implements Entry {
  #doc: Doc | undefined
  constructor(
    readonly id: string | number,
    readonly body: string,
    readonly ver: number,
  ) {}
  get doc(): Doc {
    return (this.#doc ??= decode<Doc>(this.body))
  }
}

export const bodyOf = (e: Entry): string => e.body ?? encode(e.doc)

/** A private copy of an entry's document, for update operators to mutate. */
export const copyOf = (e: Entry): Doc => (e.body !== undefined ? decode(e.body) : structuredClone(e.doc))

/**
 * A fresh document gets a random 52-bit version; each write adds one. Random starts mean a
 * deleted-then-recreated document never reuses the version a transaction saw before.
 */
const nextVersion = (ver: number) => (ver === 0 ? Math.floor(Math.random() * 2 ** 52) + 1 : ver + 1)

export const entryOf = (row: Row): Entry => new StoredEntry(row.id, row.body, row.ver)

/** `_id` order as MongoDB (and SQLite) have it: numbers before strings, strings by code unit. */
const compareIds = (a: string | number, b: string | number): number =>
  typeof a === typeof b ? (a < b ? -1 : a > b ? 1 : 0) : typeof a === 'number' ? -1 : 1

/** The `_id` a filter's `{_id: {$gt: x}}` starts after, if that is all it says of `_id`. */
function lowerBound(cond: unknown): string | number | undefined {
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return undefined
  const keys = Object.keys(cond)
  const gt = (cond as { $gt?: unknown }).$gt
  return keys.length === 1 && (typeof gt === 'string' || typeof gt === 'number') ? gt : undefined
}

/**
 * The committed state of the collections. Reads need no transaction (each is one statement, one
 * WAL snapshot); the write methods must run inside the caller's `BEGIN IMMEDIATE` transaction.
 * Writes are compare-and-set on the version the caller read, so a stale writer fails as a conflict.
 */
export class Committed {
  constructor(
    private readonly st: Statements,
    readonly indexes: IndexMaintenance,
  ) {}

  /**
   * The plan for `filter`, told to the plan observer when one listens (plan-observer.ts). A walk
   * (walkById) reads lazily in `_id` order, so it keeps to whole keys or the collection.
   */
  plan(coll: string, filter: Doc, op: PlanEvent['op'] = 'find'): Plan {
    const p = plan(filter, this.indexes.specsFor(coll), { prefixes: op !== 'walk', singleValued: (spec) => this.indexes.singleValued(coll, spec) })
    if (listening()) report(coll, filter, p, op)
    return p
  }

  rows(coll: string, p: Plan): Row[] {
    if (p.kind === 'scan') return this.st.scan.all(coll)
    if (p.kind === 'prefix') {
      // A document with several keys in range comes once; rows in `_id` order, as a scan gives them.
      const stmt = p.spec.unique ? this.st.byUniqueKeyRange : this.st.byIndexKeyRange
      const byId = new Map<string | number, Row>()
      for (const { from, to } of p.ranges) for (const row of stmt.all(coll, p.spec.name, from, to)) byId.set(row.id, row)
      return [...byId.values()].sort((a, b) => compareIds(a.id, b.id))
    }
    const out: Row[] = []
    if (p.kind === 'ids') {
      for (const id of p.ids) {
        const row = this.st.get.get(coll, id)
        if (row) out.push(row)
      }
      return out
    }
    const stmt = p.spec.unique ? this.st.byUniqueKey : this.st.byIndexKey
    if (p.keys.length === 1) return stmt.all(coll, p.spec.name, p.keys[0])
    const seen = new Set<string | number>()
    for (const key of p.keys)
      for (const row of stmt.all(coll, p.spec.name, key))
        if (!seen.has(row.id)) {
          seen.add(row.id)
          out.push(row)
        }
    return out
  }

  /** The stored rows matching `filter` when the plan alone answers it, else undefined. */
  exactRows(coll: string, filter: Doc): Row[] | undefined {
    const p = plan(filter, this.indexes.specsFor(coll))
    if (p.kind === 'scan' || !p.exact) return undefined // the caller's find() plans (and reports) it
    if (listening()) report(coll, filter, p, 'find')
    return this.rows(coll, p)
  }

  find(coll: string, filter: Doc, op: PlanEvent['op'] = 'find'): Entry[] {
    return this.load(coll, filter, this.plan(coll, filter, op))
  }

  private load(coll: string, filter: Doc, p: Plan): Entry[] {
    const entries = this.rows(coll, p).map(entryOf)
    if (p.kind !== 'scan' && p.exact) return entries
    const test = matcher(filter)
    return entries.filter((e) => test(e.doc))
  }

  count(coll: string, filter: Doc): number {
    if (Object.keys(filter).length === 0) {
      if (listening()) report(coll, filter, { kind: 'scan' }, 'count')
      return this.st.count.get(coll)!.n
    }
    const p = plan(filter, this.indexes.specsFor(coll))
    if (p.kind === 'index' && p.exact && p.keys.length === 1) {
      if (listening()) report(coll, filter, p, 'count')
      return (p.spec.unique ? this.st.countUniqueKey : this.st.countIndexKey).get(coll, p.spec.name, p.keys[0])!.n
    }
    return this.find(coll, filter, 'count').length
  }

  /**
   * The first `want` documents matching `filter` in `_id` order, reading rows lazily in that order
   * and stopping there, instead of loading every candidate to sort it: what a job paging with
   * `where({..., _id: _.gt(last)}).orderBy('_id', 'asc').limit(n)` asks, at the cost of one page.
   * Rows come from the collection, or from a one-key index plan (its entries are in id order too).
   */
  walkById(coll: string, filter: Doc, want: number): Entry[] {
    const p = this.plan(coll, filter, 'walk')
    const after = lowerBound(filter._id)
    let rows: Iterable<Row>
    if (p.kind === 'scan') rows = after === undefined ? this.st.walk.iterate(coll) : this.st.walkAfter.iterate(coll, after)
    else if (p.kind === 'index' && p.keys.length === 1 && !p.spec.unique)
      rows = after === undefined ? this.st.walkIndexKey.iterate(coll, p.spec.name, p.keys[0]) : this.st.walkIndexKeyAfter.iterate(coll, p.spec.name, p.keys[0], after)
    else return this.load(coll, filter, p).sort((a, b) => compareIds(a.id, b.id)).slice(0, want)
    const out: Entry[] = []
    const idTest = this.rowsAnswer(coll, filter, p, after)
    if (idTest) {
      // The rows are the answer but for the `_id` bound: no decoding, no mingo (a report's pages).
      for (const row of rows) {
        if (!idTest(row.id)) continue
        out.push(entryOf(row))
        if (out.length >= want) break
      }
      return out
    }
    const test = matcher(filter)
    for (const row of rows) {
      const e = entryOf(row)
      if (!test(e.doc)) continue
      out.push(e)
      if (out.length >= want) break // leaving the loop ends the statement (iterator return)
    }
    return out
  }

  /**
   * When walkById's rows match `filter` except perhaps for its `_id` bound, the test of that bound
   * alone (Mongo's `$gt` on a string: same type, then code units, as mingo compares); else undefined.
   * The rest must be nothing (a scan) or exactly what an exact one-key index plan looks up.
   */
  private rowsAnswer(coll: string, filter: Doc, p: Plan, after: string | number | undefined): ((id: string | number) => boolean) | undefined {
    const hasId = '_id' in filter
    if (hasId && typeof after !== 'string') return undefined
    const rest = hasId ? Object.keys(filter).length - 1 : Object.keys(filter).length
    if (rest > 0) {
      if (p.kind !== 'index' || p.keys.length !== 1) return undefined
      const { _id, ...others } = filter
      const q = plan(others, this.indexes.specsFor(coll))
      if (q.kind !== 'index' || !q.exact || q.spec !== p.spec) return undefined
    }
    if (!hasId) return () => true
    const bound = after as string
    return (id) => typeof id === 'string' && id > bound
  }

  read(coll: string, id: string | number): Entry | undefined {
    const row = this.st.get.get(coll, id)
    return row && entryOf(row)
  }

  ownerOf(coll: string, index: string, key: string): string | number | undefined {
    return this.st.uniqueOwner.get(coll, index, key)?.id
  }

  version(coll: string, id: string | number): number {
    return this.st.version.get(coll, id)?.ver ?? 0
  }

  insert(coll: string, doc: Doc): void {
    const id = doc._id as string | number
    try {
      this.st.insert.run(coll, id, encode(doc), nextVersion(0))
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw duplicateKey(coll, '_id_', keyOf(id))
      throw err
    }
    this.indexes.apply(coll, id, null, doc)
  }

  replace(coll: string, before: Entry, after: Doc, keysKept = false): void {
    if (this.st.replace.run(encode(after), nextVersion(before.ver), coll, before.id, before.ver).changes === 0) throw conflict()
    if (!keysKept) this.indexes.apply(coll, before.id, before.doc, after)
  }

  remove(coll: string, before: Entry): void {
    if (this.st.remove.run(coll, before.id, before.ver).changes === 0) throw conflict()
    this.indexes.apply(coll, before.id, before.doc, null)
  }
}
