import type Database from 'better-sqlite3'
import { decode, type Doc } from './codec'
import { duplicateKey } from './errors'
import { indexKeys, type IndexSpec, type IndexSpecs } from './index-spec'
import type { Statements } from './sqlite'

const NONE: IndexSpec[] = []

/**
 * Keeps the key tables in step with the documents. Called inside the write transaction of every
 * document change; a unique key already owned by another document makes the INSERT fail on the
 * table's primary key, which is what refuses a duplicate atomically, across processes too.
 */
export class IndexMaintenance {
  constructor(
    private readonly db: Database.Database,
    private readonly st: Statements,
    private readonly specs: IndexSpecs,
  ) {}

  specsFor(coll: string): IndexSpec[] {
    return this.specs.get(coll) ?? NONE
  }

  /** Moves `id`'s entries from what `before` contributed to what `after` contributes. */
  apply(coll: string, id: string | number, before: Doc | null, after: Doc | null): void {
    const specs = this.specs.get(coll)
    if (!specs) return
    for (const spec of specs) {
      const oldKeys = before ? indexKeys(before, spec) : NONE_KEYS
      const newKeys = after ? indexKeys(after, spec) : NONE_KEYS
      if (oldKeys.length === 1 && newKeys.length === 1 && oldKeys[0] === newKeys[0]) continue
      for (const key of oldKeys) if (!newKeys.includes(key)) this.drop(coll, spec, key, id)
      for (const key of newKeys) if (!oldKeys.includes(key)) this.add(coll, spec, key, id)
      if (newKeys.length > 1) this.st.markMultikey.run(coll, spec.name)
    }
  }

  /** True when no document has given this index two keys since it was built here (planner.ts: ranges need it). */
  singleValued(coll: string, spec: IndexSpec): boolean {
    return this.st.shapeOf.get(coll, spec.name)?.multikey === 0
  }

  private add(coll: string, spec: IndexSpec, key: string, id: string | number): void {
    if (!spec.unique) {
      this.st.addIndexKey.run(coll, spec.name, key, id)
      return
    }
    try {
      this.st.addUniqueKey.run(coll, spec.name, key, id)
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw duplicateKey(coll, spec.name, key)
      throw err
    }
  }

  private drop(coll: string, spec: IndexSpec, key: string, id: string | number): void {
    if (spec.unique) this.st.dropUniqueKey.run(coll, spec.name, key)
    else this.st.dropIndexKey.run(coll, spec.name, key, id)
  }

  /**
   * Makes the stored indexes match the declarations: builds new or changed ones over the
   * existing documents and drops undeclared ones. Refuses (throws) when existing data violates a
   * unique index, as MongoDB refuses to build it.
   */
  sync(): void {
    const wanted = new Map<string, { coll: string; spec: IndexSpec; text: string }>()
    for (const [coll, list] of this.specs)
      for (const spec of list) wanted.set(`${coll}\0${spec.name}`, { coll, spec, text: JSON.stringify(spec) })
    const readStored = this.db.prepare<[], { coll: string; name: string; spec: string }>('SELECT coll, name, spec FROM declared_indexes')
    const plan = () => {
      const stored = new Map(readStored.all().map((s) => [`${s.coll}\0${s.name}`, s]))
      return {
        stale: [...stored].filter(([k, s]) => wanted.get(k)?.text !== s.spec).map(([, s]) => s),
        fresh: [...wanted].filter(([k, w]) => stored.get(k)?.spec !== w.text).map(([, w]) => w),
      }
    }
    const first = plan()
    if (first.stale.length === 0 && first.fresh.length === 0) return
    const dropEntries = [
      this.db.prepare('DELETE FROM unique_keys WHERE coll = ? AND idx = ?'),
      this.db.prepare('DELETE FROM index_keys WHERE coll = ? AND idx = ?'),
      this.db.prepare('DELETE FROM declared_indexes WHERE coll = ? AND name = ?'),
      this.db.prepare('DELETE FROM index_shapes WHERE coll = ? AND idx = ?'),
    ]
    const record = this.db.prepare('INSERT INTO declared_indexes (coll, name, spec) VALUES (?, ?, ?)')
    this.db
      .transaction(() => {
        const { stale, fresh } = plan() // again under the write lock: another process may have done it
        for (const s of stale) for (const st of dropEntries) st.run(s.coll, s.name)
        for (const { coll, spec, text } of fresh) {
          let multikey = 0
          for (const row of this.st.scan.all(coll)) {
            const keys = indexKeys(decode(row.body), spec)
            for (const key of keys) this.add(coll, spec, key, row.id)
            if (keys.length > 1) multikey = 1
          }
          record.run(coll, spec.name, text)
          this.st.setShape.run(coll, spec.name, multikey)
        }
      })
      .immediate()
  }
}

const NONE_KEYS: string[] = []
