import path from 'node:path'
import type Database from 'better-sqlite3'
import { createActions, unknownAction, type Action } from './actions'
import { startCheckpointer, type Checkpointer } from './checkpointer'
import { decode, type Doc } from './codec'
import { Committed } from './committed'
import { toStoreError } from './errors'
import { IndexMaintenance } from './index-maintenance'
import { loadIndexSpecs, parseIndexSpecs, type IndexSpecs } from './index-spec'
import { openDatabase, prepareStatements, type Synchronous } from './sqlite'
import { Transactions } from './transactions'

export interface LocalStoreOptions {
  /** Data directory; the SQLite file is `<dir>/cloudbase.sqlite`. */
  dir: string
  /** The server clock, used for `db.serverDate()`. Defaults to the real time. */
  now?: () => Date
  /** Declared indexes; defaults to cloudfunctions/indexes.json in this repository. */
  indexesFile?: string
  /** Declared indexes given inline (tests); takes precedence over `indexesFile`. */
  indexes?: unknown
  /** `NORMAL` (default) survives kill -9; `FULL` also survives power loss, about 4x slower to write. */
  synchronous?: Synchronous
  /**
   * `inline` (default): SQLite checkpoints the WAL inside a commit now and then, fine for short
   * processes (CLI, tests). `background`: a worker thread does it (checkpointer.ts), for a server.
   */
  checkpoints?: 'inline' | 'background'
}

/** A response as the CloudBase HTTP API would send it: data, or `{code, message}` on failure. */
export type StoreResponse = Record<string, unknown> & { requestId: string; code?: string; message?: string }

export interface LocalStore {
  readonly dir: string
  /** Serves one `database.<action>` request of the SDK. Never throws: failures come back as `{code, message}`. */
  request(action: string, params?: Record<string, unknown>): StoreResponse
  setClock(now: () => Date): void
  now(): Date
  /** Raw probes that bypass the SDK and the query engine: what is really stored. */
  rawGet(coll: string, id: string | number): Doc | undefined
  rawFind(coll: string): Doc[]
  rawCount(coll: string): number
  /** The entries of a declared index, sorted by key: `{key, id}` (keys as the store encodes them). */
  rawIndex(coll: string, index: string): Array<{ key: string; id: string | number }>
  close(): void
}

export const DEFAULT_INDEXES_FILE = path.resolve(__dirname, '../../cloudfunctions/indexes.json')

let requestCounter = 0
const REQUEST_PREFIX = `local-${process.pid}-`

class SqliteStore implements LocalStore {
  private readonly db: Database.Database
  private readonly st: ReturnType<typeof prepareStatements>
  private readonly actions: Map<string, Action>
  private clock: () => Date
  private closed = false
  private readonly checkpointer: Checkpointer | undefined

  constructor(readonly dir: string, opts: LocalStoreOptions) {
    this.clock = opts.now ?? (() => new Date())
    const specs: IndexSpecs =
      opts.indexes !== undefined ? parseIndexSpecs(opts.indexes) : loadIndexSpecs(opts.indexesFile ?? DEFAULT_INDEXES_FILE)
    this.db = openDatabase(dir, opts.synchronous ?? 'NORMAL')
    try {
      this.st = prepareStatements(this.db)
      const indexes = new IndexMaintenance(this.db, this.st, specs)
      indexes.sync()
      const committed = new Committed(this.st, indexes)
      const transactions = new Transactions(this.db, committed)
      const actions = Object.entries(createActions({ db: this.db, committed, transactions, now: () => this.clock() }))
      // Reachable as 'database.<action>' (what the SDK sends) and as the bare name.
      this.actions = new Map([...actions, ...actions.map(([name, fn]) => [`database.${name}`, fn] as const)])
      if (opts.checkpoints === 'background') this.checkpointer = startCheckpointer(this.db)
    } catch (err) {
      this.db.close()
      throw err
    }
  }

  request(action: string, params: Record<string, unknown> = {}): StoreResponse {
    const requestId = REQUEST_PREFIX + ++requestCounter
    try {
      if (this.closed) throw new Error('the local store is closed')
      const handler = this.actions.get(action)
      if (!handler) throw unknownAction(action)
      const res = handler(params ?? {}) as StoreResponse
      res.requestId = requestId
      return res
    } catch (err) {
      const e = toStoreError(err)
      return { code: e.code, message: e.message, requestId }
    }
  }

  setClock(now: () => Date): void {
    this.clock = now
  }

  now(): Date {
    return this.clock()
  }

  rawGet(coll: string, id: string | number): Doc | undefined {
    const row = this.st.get.get(coll, id)
    return row && decode(row.body)
  }

  rawFind(coll: string): Doc[] {
    return this.st.scan.all(coll).map((r) => decode(r.body))
  }

  rawCount(coll: string): number {
    return this.st.count.get(coll)!.n
  }

  rawIndex(coll: string, index: string): Array<{ key: string; id: string | number }> {
    return this.st.listKeys.all(coll, index, coll, index)
  }

  close(): void {
    this.closed = true
    this.checkpointer?.stop()
    if (this.db.open) this.db.close()
  }
}

export function openLocalStore(opts: LocalStoreOptions): LocalStore {
  return new SqliteStore(path.resolve(opts.dir), opts)
}
