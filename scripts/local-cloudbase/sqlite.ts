import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

export type Synchronous = 'NORMAL' | 'FULL'

/**
 * One SQLite file per data directory, in WAL mode so readers never wait for the writer and
 * several processes can share it (writers queue on the lock, up to `busy_timeout`).
 *
 * Durability: with WAL, COMMIT appends the transaction to the -wal file with write(2) before it
 * returns, so an acknowledged write lives in the OS page cache and survives the process being
 * killed (kill -9). `synchronous=NORMAL` skips the per-commit fsync, which only matters if the
 * whole machine loses power; `FULL` closes that gap at roughly a quarter of the write rate.
 */
export function openDatabase(dir: string, synchronous: Synchronous): Database.Database {
  mkdirSync(dir, { recursive: true })
  const db = new Database(path.join(dir, 'cloudbase.sqlite'), { timeout: 10_000 })
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous}`)
  db.exec(SCHEMA)
  return db
}

// `id` has no declared type so a string '1' and a number 1 stay different ids, as in MongoDB.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  coll TEXT NOT NULL, id NOT NULL, body TEXT NOT NULL, ver INTEGER NOT NULL,
  PRIMARY KEY (coll, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unique_keys (
  coll TEXT NOT NULL, idx TEXT NOT NULL, key TEXT NOT NULL, id NOT NULL,
  PRIMARY KEY (coll, idx, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_keys (
  coll TEXT NOT NULL, idx TEXT NOT NULL, key TEXT NOT NULL, id NOT NULL,
  PRIMARY KEY (coll, idx, key, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS declared_indexes (
  coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
  PRIMARY KEY (coll, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_shapes (
  coll TEXT NOT NULL, idx TEXT NOT NULL, multikey INTEGER NOT NULL,
  PRIMARY KEY (coll, idx)
) WITHOUT ROWID;
`

export interface Row {
  id: string | number
  body: string
  ver: number
}

/** Every statement the store runs, prepared once. */
export function prepareStatements(db: Database.Database) {
  const byKey = (table: string) =>
    db.prepare<[string, string, string], Row>(
      `SELECT d.id, d.body, d.ver FROM ${table} k JOIN docs d ON d.coll = k.coll AND d.id = k.id
       WHERE k.coll = ? AND k.idx = ? AND k.key = ?`,
    )
  const countByKey = (table: string) =>
    db.prepare<[string, string, string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE coll = ? AND idx = ? AND key = ?`)
  const byKeyRange = (table: string) =>
    db.prepare<[string, string, string, string], Row>(
      `SELECT d.id, d.body, d.ver FROM ${table} k JOIN docs d ON d.coll = k.coll AND d.id = k.id
       WHERE k.coll = ? AND k.idx = ? AND k.key >= ? AND k.key < ?`,
    )
  const walkByKey = (table: string, bounded: boolean) =>
    db.prepare<[string, string, string, ...Array<string | number>], Row>(
      `SELECT d.id, d.body, d.ver FROM ${table} k JOIN docs d ON d.coll = k.coll AND d.id = k.id
       WHERE k.coll = ? AND k.idx = ? AND k.key = ?${bounded ? ' AND k.id > ?' : ''} ORDER BY k.id`,
    )
  return {
    /** Documents in `_id` order (after an `_id`), read lazily with `.iterate()`: one page costs one page. */
    walk: db.prepare<[string], Row>('SELECT id, body, ver FROM docs WHERE coll = ? ORDER BY id'),
    walkAfter: db.prepare<[string, string | number], Row>('SELECT id, body, ver FROM docs WHERE coll = ? AND id > ? ORDER BY id'),
    walkIndexKey: walkByKey('index_keys', false),
    walkIndexKeyAfter: walkByKey('index_keys', true),
    get: db.prepare<[string, string | number], Row>('SELECT id, body, ver FROM docs WHERE coll = ? AND id = ?'),
    version: db.prepare<[string, string | number], { ver: number }>('SELECT ver FROM docs WHERE coll = ? AND id = ?'),
    scan: db.prepare<[string], Row>('SELECT id, body, ver FROM docs WHERE coll = ?'),
    count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM docs WHERE coll = ?'),
    insert: db.prepare<[string, string | number, string, number]>('INSERT INTO docs (coll, id, body, ver) VALUES (?, ?, ?, ?)'),
    replace: db.prepare<[string, number, string, string | number, number]>(
      'UPDATE docs SET body = ?, ver = ? WHERE coll = ? AND id = ? AND ver = ?',
    ),
    remove: db.prepare<[string, string | number, number]>('DELETE FROM docs WHERE coll = ? AND id = ? AND ver = ?'),
    byUniqueKey: byKey('unique_keys'),
    byIndexKey: byKey('index_keys'),
    /** Entries with `from` <= key < `to` (SQLite compares text by its UTF-8 bytes). */
    byUniqueKeyRange: byKeyRange('unique_keys'),
    byIndexKeyRange: byKeyRange('index_keys'),
    countUniqueKey: countByKey('unique_keys'),
    countIndexKey: countByKey('index_keys'),
    uniqueOwner: db.prepare<[string, string, string], { id: string | number }>(
      'SELECT id FROM unique_keys WHERE coll = ? AND idx = ? AND key = ?',
    ),
    addUniqueKey: db.prepare<[string, string, string, string | number]>('INSERT INTO unique_keys (coll, idx, key, id) VALUES (?, ?, ?, ?)'),
    addIndexKey: db.prepare<[string, string, string, string | number]>('INSERT INTO index_keys (coll, idx, key, id) VALUES (?, ?, ?, ?)'),
    dropUniqueKey: db.prepare<[string, string, string]>('DELETE FROM unique_keys WHERE coll = ? AND idx = ? AND key = ?'),
    dropIndexKey: db.prepare<[string, string, string, string | number]>(
      'DELETE FROM index_keys WHERE coll = ? AND idx = ? AND key = ? AND id = ?',
    ),
    /**
     * Whether a document has given an index two keys (an array), as MongoDB tracks it: set when the
     * index is built, raised by any such write, never lowered. No row: built before this was kept.
     */
    shapeOf: db.prepare<[string, string], { multikey: number }>('SELECT multikey FROM index_shapes WHERE coll = ? AND idx = ?'),
    setShape: db.prepare<[string, string, number]>('INSERT OR REPLACE INTO index_shapes (coll, idx, multikey) VALUES (?, ?, ?)'),
    markMultikey: db.prepare<[string, string]>('UPDATE index_shapes SET multikey = 1 WHERE coll = ? AND idx = ? AND multikey = 0'),
    listKeys: db.prepare<[string, string, string, string], { key: string; id: string | number }>(
      `SELECT key, id FROM unique_keys WHERE coll = ? AND idx = ?
       UNION ALL SELECT key, id FROM index_keys WHERE coll = ? AND idx = ? ORDER BY key`,
    ),
  }
}
export type Statements = ReturnType<typeof prepareStatements>
