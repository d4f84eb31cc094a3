import tcb from '@cloudbase/node-sdk'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLocalStore, useLocalStore, type LocalStore } from '../../../scripts/local-cloudbase'
import type { ContractTarget, Db, Harness } from '../harness'

const INDEXES = JSON.parse(readFileSync(path.join(__dirname, '..', 'indexes.json'), 'utf8'))
let counter = 0

function harness(dir: string, store: LocalStore, tag: string): Harness {
  useLocalStore(store)
  const mine = (coll: string) => store.rawFind(coll).filter((d) => d.t === tag)
  return {
    db: tcb.init({ env: 'local-contract' }).database(),
    tag,
    probes: {
      get: async (coll, id) => store.rawGet(coll, id),
      find: async (coll) => mine(coll),
      indexed: (coll, index) => store.rawIndex(coll, index),
    },
    setClock: (now) => store.setClock(() => now),
    childEnv: { CONTRACT_TARGET: 'local', CONTRACT_DIR: dir },
    reopen: async () => {
      store.close()
      return harness(dir, openLocalStore({ dir, indexes: INDEXES }), tag)
    },
    close: async () => {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A fresh store in a fresh directory for every test, with the suite's declared indexes. */
export const localTarget: ContractTarget = {
  name: 'local store (SQLite)',
  canKill: true,
  open: async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-contract-'))
    return harness(dir, openLocalStore({ dir, indexes: INDEXES }), `t${process.pid}x${++counter}`)
  },
}

export function connectChild(env: NodeJS.ProcessEnv): { db: Db; close(): void } {
  const store = openLocalStore({ dir: env.CONTRACT_DIR!, indexes: INDEXES })
  useLocalStore(store)
  return { db: tcb.init({ env: 'local-contract' }).database(), close: () => store.close() }
}
