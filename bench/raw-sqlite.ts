import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startCheckpointer } from '../scripts/local-cloudbase/checkpointer'

/**
 * The ceiling: better-sqlite3 with nothing on top, doing the points workload's transaction:
 * one ledger insert guarded by a unique idempotency key plus one conditional balance update
 * (`points + n >= 0`), in BEGIN IMMEDIATE, WAL, synchronous=NORMAL, checkpoints in a worker
 * thread: the local store's settings as the server runs it.
 */
export async function benchRawSqlite(opts: { seconds?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-raw-'))
  const db = new Database(path.join(dir, 'raw.sqlite'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    const checkpointer = startCheckpointer(db)
    db.exec(`CREATE TABLE ledger (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, member TEXT NOT NULL, amount INTEGER NOT NULL);
             CREATE TABLE balances (member TEXT PRIMARY KEY, points INTEGER NOT NULL)`)
    db.prepare('INSERT INTO balances VALUES (?, ?)').run('m1', 0)
    const insert = db.prepare('INSERT INTO ledger (key, member, amount) VALUES (?, ?, ?)')
    const credit = db.prepare('UPDATE balances SET points = points + ? WHERE member = ? AND points + ? >= 0')
    const accrue = db.transaction((key: string, amount: number) => {
      insert.run(key, 'm1', amount)
      if (credit.run(amount, 'm1', amount).changes !== 1) throw new Error('insufficient points')
    })
    const { n, seconds } = timed(opts.seconds ?? 2, (i) => accrue.immediate(`accrual:${i}`, 5))
    const points = (db.prepare('SELECT points FROM balances').get() as { points: number }).points
    if (points !== (n + 200) * 5) throw new Error(`raw bench lost updates: ${points} != ${(n + 200) * 5}`)
    checkpointer.stop()
    return { name: 'raw SQLite: ledger insert + conditional balance update', opsPerSec: Math.round(n / seconds), n }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs `op` for about `seconds` after a short warm-up; returns how many ran and the exact time. */
export function timed(seconds: number, op: (i: number) => void): { n: number; seconds: number } {
  for (let i = 0; i < 200; i++) op(-1 - i)
  const start = process.hrtime.bigint()
  const end = start + BigInt(Math.round(seconds * 1e9))
  let n = 0
  while (true) {
    for (let k = 0; k < 100; k++) op(n++)
    if (process.hrtime.bigint() >= end) break
  }
  return { n, seconds: Number(process.hrtime.bigint() - start) / 1e9 }
}

/** Reads rows and JSON.parses each body, pass after pass, for about `seconds`: the ceiling for reads. */
export function timedScan(rows: () => Iterable<{ body: string }>, seconds: number): { n: number; seconds: number } {
  const started = process.hrtime.bigint()
  const end = started + BigInt(Math.round(seconds * 1e9))
  let n = 0
  while (process.hrtime.bigint() < end)
    for (const row of rows()) {
      JSON.parse(row.body)
      if (++n % 1000 === 0 && process.hrtime.bigint() >= end) break
    }
  return { n, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
}

if (require.main === module) benchRawSqlite().then((r) => console.log(r))

/**
 * The ceiling for reads: ledger-shaped JSON documents straight from SQLite in `_id` order and
 * JSON.parse'd, with nothing on top (what a report or a job's page walk does per document).
 */
export function benchRawScan(opts: { docs?: number; seconds?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-scan-'))
  const db = new Database(path.join(dir, 'scan.sqlite'))
  try {
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID')
    const insert = db.prepare('INSERT INTO docs VALUES (?, ?)')
    const docs = opts.docs ?? 200_000
    db.transaction(() => {
      for (let i = 0; i < docs; i++) {
        const id = `e${String(i).padStart(8, '0')}`
        const body = { _id: id, memberId: `m${i % 5000}`, kind: 'earn', points: (i % 97) + 1, storeId: `S${i % 40}`, month: '2026-11', at: { $date: 1764000000000 + i } }
        insert.run(id, JSON.stringify(body))
      }
    })()
    const scan = db.prepare<[], { body: string }>('SELECT body FROM docs ORDER BY id')
    const { n, seconds } = timedScan(() => scan.iterate(), opts.seconds ?? 2)
    return { name: 'raw SQLite: document scan + JSON.parse', opsPerSec: Math.round(n / seconds), n }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
