import tcb from '@cloudbase/node-sdk'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withTransaction, commit } from '../../cloudfunctions/_lib/transaction'
import { openLocalStore, useLocalStore, type LocalStore } from '../../scripts/local-cloudbase'
import { prefixedIndexes } from '../handlers/target/connect'
import { openTarget } from '../handlers/target'
import { namespaced } from '../handlers/target/namespace'

// The plumbing that runs the handler tests against a real CloudBase environment, checked here on a
// local store: the collection namespace, and the probes served from another thread.

describe('namespaced database', () => {
  let dir: string
  let store: LocalStore
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'huika-ns-'))
    store = openLocalStore({ dir, indexes: prefixedIndexes('p1_') })
    useLocalStore(store)
  })
  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('queries, writes and transactions all land in <prefix><collection>, and the names used are reported', async () => {
    const seen: string[] = []
    const db = namespaced(tcb.init({ env: 'ns' }).database(), 'p1_', (n) => seen.push(n))
    await db.collection('members').add({ _id: 'm1', openid: 'o1' })
    await withTransaction(db, async (tx) => {
      await tx.collection('accounts').doc('m1').set({ balance: 5 })
      return commit(null)
    })
    expect(store.rawFind('p1_members')).toEqual([{ _id: 'm1', openid: 'o1' }])
    expect(store.rawGet('p1_accounts', 'm1')).toMatchObject({ balance: 5 })
    expect(store.rawFind('members')).toEqual([])
    expect((await db.collection('members').where({ openid: 'o1' }).get()).data).toHaveLength(1)
    expect(new Set(seen)).toEqual(new Set(['members', 'accounts']))
  })

  test("the prefixed collections keep their declared unique indexes", async () => {
    const db = namespaced(tcb.init({ env: 'ns' }).database(), 'p1_')
    await db.collection('members').add({ _id: 'm1', openid: 'o1' })
    await expect(db.collection('members').add({ _id: 'm2', openid: 'o1' })).rejects.toThrow()
  })
})

test('every target refuses a collection cloudfunctions/indexes.json does not declare, as the cloud would (deploy creates only those)', () => {
  const t = openTarget(() => new Date())
  try {
    expect(() => t.db.collection('no_such_collection')).toThrow(/not declared in cloudfunctions\/indexes.json/)
    expect(() => t.db.collection('members')).not.toThrow()
  } finally {
    t.close()
  }
})

describe('remote target (HUIKA_HANDLER_TARGET=remote-local)', () => {
  const before = process.env.HUIKA_HANDLER_TARGET
  beforeAll(() => (process.env.HUIKA_HANDLER_TARGET = 'remote-local'))
  afterAll(() => (process.env.HUIKA_HANDLER_TARGET = before))

  test('probes read from another thread what the functions wrote, and a new harness starts empty', async () => {
    const first = openTarget(() => new Date())
    await first.db.collection('ledger').add({ _id: 'e1', memberId: 'm1', points: 10 })
    await first.db.collection('ledger').add({ _id: 'e2', memberId: 'm1', points: -3 })
    expect(first.store.rawFind('ledger').map((d) => d._id)).toEqual(['e1', 'e2'])
    expect(first.store.rawGet('ledger', 'e2')).toMatchObject({ points: -3 })
    expect(first.store.rawCount('ledger')).toBe(2)
    first.close()

    const second = openTarget(() => new Date())
    expect(second.store.rawCount('ledger')).toBe(0)
    expect((await second.db.collection('ledger').get()).data).toEqual([])
    expect(() => second.db.collection('no_such_collection')).toThrow(/not declared/)
    second.close()
  })
})
