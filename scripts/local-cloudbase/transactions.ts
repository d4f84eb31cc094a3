import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Doc } from './codec'
import { conflict, duplicateKey, DuplicateKeyError, transactionGone } from './errors'
import { indexKeys, keyOf } from './index-spec'
import { matcher } from './query'
import { entryOf, type Committed, type Entry } from './committed'
import type { Row } from './sqlite'

/** What a document looked like when the transaction first saw it (undefined: did not exist). */
interface Seen {
  coll: string
  id: string | number
  entry: Entry | undefined
}
interface Pending {
  coll: string
  id: string | number
  doc: Doc | null // null: removed
  keysKept?: boolean // every write so far left the committed document's index keys as they were
}
const pendingEntry = (p: Pending): Entry => ({ id: p.id, doc: p.doc!, ver: 0 })

const keyFor = (coll: string, id: string | number) => `${coll}\0${typeof id === 'number' ? 'n' : 's'}${id}`

/**
 * One open transaction, optimistic: reads go to the committed state and remember the version
 * they saw; writes are buffered. Commit re-checks every remembered version under the write lock
 * and applies the buffer, so the first committer wins and a loser gets
 * DATABASE_TRANSACTION_CONFLICT (what `runTransaction` retries on). Reads are repeatable: a
 * document read twice returns what was seen the first time.
 */
export class Transaction {
  private readonly seen = new Map<string, Seen>()
  private readonly pending = new Map<string, Pending>()

  constructor(
    readonly id: string,
    readonly startedAt: number,
    private readonly committed: Committed,
  ) {}

  /** The document as this transaction sees it; `row` is the committed row when the caller already has it. */
  private look(coll: string, id: string | number, key = keyFor(coll, id), row?: Row): Entry | undefined {
    const p = this.pending.get(key)
    if (p) return p.doc ? pendingEntry(p) : undefined
    let s = this.seen.get(key)
    if (!s) {
      s = { coll, id, entry: row ? entryOf(row) : this.committed.read(coll, id) }
      this.seen.set(key, s)
    }
    return s.entry
  }

  read(coll: string, id: string | number): Entry | undefined {
    return this.look(coll, id)
  }

  find(coll: string, filter: Doc): Entry[] {
    const p = this.committed.plan(coll, filter)
    if (p.kind === 'ids' && p.exact) return p.ids.map((id) => this.look(coll, id)).filter((e): e is Entry => e !== undefined)
    const test = matcher(filter)
    const out: Entry[] = []
    const visited = new Set<string>()
    for (const row of this.committed.rows(coll, p)) {
      const key = keyFor(coll, row.id)
      visited.add(key)
      const e = this.look(coll, row.id, key, row)
      if (e && test(e.doc)) out.push(e)
    }
    for (const [key, w] of this.pending)
      if (w.coll === coll && w.doc && !visited.has(key) && test(w.doc)) out.push(pendingEntry(w))
    return out
  }

  /** `freshId`: the store generated the _id just now, so it cannot exist yet and needs no lookup. */
  insert(coll: string, doc: Doc, freshId = false): void {
    const id = doc._id as string | number
    const key = keyFor(coll, id)
    if (!freshId && this.look(coll, id, key)) throw duplicateKey(coll, '_id_', keyOf(id))
    this.checkUnique(coll, id, doc)
    this.pending.set(key, { coll, id, doc })
  }

  replace(coll: string, before: Entry, after: Doc, keysKept = false): void {
    if (!keysKept) this.checkUnique(coll, before.id, after, before.doc)
    const key = keyFor(coll, before.id)
    const earlier = this.pending.get(key)
    this.pending.set(key, { coll, id: before.id, doc: after, keysKept: keysKept && (earlier?.keysKept ?? true) })
  }

  remove(coll: string, before: Entry): void {
    this.pending.set(keyFor(coll, before.id), { coll, id: before.id, doc: null })
  }

  /**
   * Refuses a unique key already used by a committed or pending document, as the cloud does at
   * write time (commit checks again, atomically). Keys the document already had are not re-checked.
   */
  private checkUnique(coll: string, id: string | number, doc: Doc, before?: Doc): void {
    for (const spec of this.committed.indexes.specsFor(coll)) {
      if (!spec.unique) continue
      const had = before ? indexKeys(before, spec) : []
      for (const key of indexKeys(doc, spec)) {
        if (had.includes(key)) continue
        const owner = this.committed.ownerOf(coll, spec.name, key)
        if (owner !== undefined && owner !== id) {
          const mine = this.pending.get(keyFor(coll, owner))
          if (!mine || (mine.doc && indexKeys(mine.doc, spec).includes(key))) throw duplicateKey(coll, spec.name, key)
        }
        for (const p of this.pending.values())
          if (p.coll === coll && p.id !== id && p.doc && indexKeys(p.doc, spec).includes(key)) throw duplicateKey(coll, spec.name, key)
      }
    }
  }

  /** Validates and applies; must run inside BEGIN IMMEDIATE. */
  apply(): void {
    for (const [key, s] of this.seen) {
      if (this.pending.has(key)) continue
      if (this.committed.version(s.coll, s.id) !== (s.entry?.ver ?? 0)) throw conflict()
    }
    for (const [key, p] of this.pending) {
      const before = this.seen.get(key)?.entry
      if (before) {
        if (p.doc) this.committed.replace(p.coll, before, p.doc, p.keysKept)
        else this.committed.remove(p.coll, before)
      } else if (p.doc) this.insertNew(p.coll, p.doc)
      else if (this.committed.version(p.coll, p.id) !== 0) throw conflict()
    }
  }

  /** Someone else created the same _id since this transaction looked: a conflict, not a duplicate. */
  private insertNew(coll: string, doc: Doc): void {
    try {
      this.committed.insert(coll, doc)
    } catch (err) {
      throw err instanceof DuplicateKeyError && err.index === '_id_' ? conflict() : err
    }
  }

  get writes(): number {
    return this.pending.size
  }
}

const LIFETIME_MS = 60_000 // MongoDB's default transactionLifetimeLimitSeconds
const REMEMBER_ENDED = 10_000

/** The open transactions of this process, by id (the SDK sends the id with every operation). */
export class Transactions {
  private readonly open = new Map<string, Transaction>()
  private readonly ended = new Map<string, string>()
  /** `ended`'s ids in the order they ended, a ring: evicting via `ended.keys().next()` costs ~4 µs once thousands of deleted slots precede the first live one. */
  private readonly endedOrder: string[] = []
  private endedAt = 0
  private readonly applyTx: Database.Transaction<(tx: Transaction) => void>

  constructor(
    db: Database.Database,
    private readonly committed: Committed,
  ) {
    this.applyTx = db.transaction((tx: Transaction) => tx.apply())
  }

  start(): string {
    const now = performance.now()
    for (const [id, tx] of this.open) if (now - tx.startedAt > LIFETIME_MS) this.end(id, 'expired')
    const id = randomUUID()
    this.open.set(id, new Transaction(id, now, this.committed))
    return id
  }

  get(id: unknown): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined
    if (!tx) throw transactionGone(String(id), this.ended.get(String(id)) ?? 'does not exist')
    if (performance.now() - tx.startedAt > LIFETIME_MS) {
      this.end(tx.id, 'expired')
      throw transactionGone(tx.id, 'expired')
    }
    return tx
  }

  /** Runs one operation of a transaction; any failure aborts the transaction, as in MongoDB. */
  within<T>(id: unknown, op: (tx: Transaction) => T): T {
    const tx = this.get(id)
    try {
      return op(tx)
    } catch (err) {
      this.end(tx.id, `was aborted by an earlier error: ${(err as Error).message}`)
      throw err
    }
  }

  commit(id: unknown): void {
    const tx = this.get(id)
    try {
      if (tx.writes > 0) this.applyTx.immediate(tx)
      else this.applyTx.deferred(tx) // read-only: still refuse if what it read has changed
      this.end(tx.id, 'is already committed')
    } catch (err) {
      this.end(tx.id, `failed to commit: ${(err as Error).message}`)
      throw err
    }
  }

  /** Aborting a transaction that already ended (e.g. by an error) is accepted, so cleanup never throws. */
  abort(id: unknown): void {
    if (typeof id === 'string' && this.ended.has(id) && !this.open.has(id)) return
    this.end(this.get(id).id, 'was rolled back')
  }

  private end(id: string, why: string): void {
    this.open.delete(id)
    if (!this.ended.has(id)) {
      const oldest = this.endedOrder[this.endedAt]
      if (oldest !== undefined) this.ended.delete(oldest)
      this.endedOrder[this.endedAt] = id
      this.endedAt = (this.endedAt + 1) % REMEMBER_ENDED
    }
    this.ended.set(id, why)
  }
}
