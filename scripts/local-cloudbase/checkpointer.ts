import type Database from 'better-sqlite3'
import { Worker } from 'node:worker_threads'

/**
 * Moves WAL checkpoints off the thread that commits. By default SQLite checkpoints inside the
 * commit that pushes the WAL past 1,000 pages: that commit copies the pages into the database
 * file and fsyncs it, which costs every writer about a tenth of its time on average and the
 * unlucky one milliseconds (the p99 of a busy server). Here the committing connection never
 * checkpoints; a worker thread with its own connection runs PASSIVE checkpoints, which never
 * block readers or writers, on the machine's other core.
 *
 * Durability is unchanged: a commit is acknowledged once its frames are in the WAL, checkpointed
 * or not. If the process dies, the next open replays the WAL.
 */
export interface Checkpointer {
  stop(): void
}

const INTERVAL_MS = 100
/** Truncate the WAL back to this size after a checkpoint, so a burst does not leave a huge file. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024

// A CommonJS worker given as source, so it runs the same under tsx, jest and plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 1000 })
let timer
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
  timer = setTimeout(tick, workerData.intervalMs)
}
parentPort.on('message', () => {
  clearTimeout(timer)
  try { db.close() } catch {}
  const done = new Int32Array(workerData.done)
  Atomics.store(done, 0, 1)
  Atomics.notify(done, 0)
  parentPort.close()
})
tick()
`

export function startCheckpointer(db: Database.Database): Checkpointer {
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`)
  const done = new SharedArrayBuffer(4)
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), file: db.name, intervalMs: INTERVAL_MS, done },
  })
  // A failed worker only means checkpoints return to the committing thread.
  worker.on('error', () => db.open && db.pragma('wal_autocheckpoint = 1000'))
  worker.unref()
  return {
    stop() {
      // Wait (briefly, and only here) for the worker to close its connection, so that once the store
      // is closed nothing touches its files: a caller may delete the directory next.
      worker.postMessage('stop')
      Atomics.wait(new Int32Array(done), 0, 0, 2_000)
    },
  }
}
