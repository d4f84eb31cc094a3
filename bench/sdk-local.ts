import tcb from '@cloudbase/node-sdk'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_INDEXES_FILE, openLocalStore, useLocalStore } from '../scripts/local-cloudbase'

/**
 * The raw-SQLite transaction again, written the way a cloud function writes it: through
 * `@cloudbase/node-sdk` (startTransaction; add a ledger entry whose `key` has a unique index;
 * read the member and, if the balance allows, `inc` it; commit), on the local transport.
 */
export async function benchSdkLocal(opts: { seconds?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-bench-sdk-'))
  const declared = JSON.parse(readFileSync(DEFAULT_INDEXES_FILE, 'utf8'))
  const store = openLocalStore({
    dir,
    indexes: { ...declared, bench_ledger: [{ name: 'key_unique', keys: { key: 1 }, unique: true }] },
    checkpoints: 'background',
  })
  try {
    useLocalStore(store)
    const db = tcb.init({ env: 'local-bench' }).database()
    const _ = db.command
    const member = (await db.collection('members').add({ openid: 'bench-openid', phone: '13800000000', memberNo: 'B0001', points: 0 })).id!
    const accrue = async (i: number, amount: number) => {
      const tx = await db.startTransaction()
      await tx.collection('bench_ledger').add({ key: `accrual:${i}`, member, amount })
      const m = await tx.collection('members').doc(member).get()
      if (m.data.points + amount < 0) return tx.rollback()
      await tx.collection('members').doc(member).update({ points: _.inc(amount) })
      await tx.commit()
    }
    const seconds = opts.seconds ?? 2
    for (let i = 0; i < 200; i++) await accrue(-1 - i, 5)
    const start = process.hrtime.bigint()
    const end = start + BigInt(Math.round(seconds * 1e9))
    let n = 0
    while (process.hrtime.bigint() < end) for (let k = 0; k < 50; k++) await accrue(n++, 5)
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9
    const points = store.rawGet('members', member)!.points
    if (points !== (n + 200) * 5) throw new Error(`sdk bench lost updates: ${points} != ${(n + 200) * 5}`)
    return { name: 'SDK on local store: same transaction', opsPerSec: Math.round(n / elapsed), n }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) benchSdkLocal().then((r) => console.log(r))
