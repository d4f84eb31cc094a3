import tcb from '@cloudbase/node-sdk'
import { readFileSync } from 'node:fs'
import type { Database } from '../../../cloudfunctions/_lib/deps'
import { DEFAULT_INDEXES_FILE, openLocalStore, useLocalStore, type LocalStore } from '../../../scripts/local-cloudbase'

/**
 * Where the handler tests' database lives when it is not the in-process store of harness.ts:
 * - `cloud`: the real CloudBase environment in TCB_ENV_ID (with TCB_SECRET_ID / TCB_SECRET_KEY);
 * - `remote-local`: a local store directory reached the same way the cloud is (namespaced
 *   collections, probes from another thread), so that plumbing runs on every `npm test`.
 */
export type RemoteKind = 'cloud' | 'remote-local'
export interface RemoteSpec {
  kind: RemoteKind
  /** Collection-name prefix of this test process. */
  prefix: string
  /** remote-local only: the store's directory. */
  dir?: string
}


/** cloudfunctions/indexes.json with every collection renamed `<prefix><name>`. */
export function prefixedIndexes(prefix: string): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(DEFAULT_INDEXES_FILE, 'utf8')) as Record<string, unknown>
  return Object.fromEntries(Object.entries(raw).map(([c, list]) => [prefix + c, list]))
}


export function connectRemote(spec: RemoteSpec): { db: Database; store: LocalStore | null } {
  if (spec.kind === 'cloud') {
    const env = process.env
    return { db: tcb.init({ env: env.TCB_ENV_ID!, secretId: env.TCB_SECRET_ID!, secretKey: env.TCB_SECRET_KEY! }).database(), store: null }
  }
  const store = openLocalStore({ dir: spec.dir!, indexes: prefixedIndexes(spec.prefix) })
  useLocalStore(store)
  return { db: tcb.init({ env: 'remote-local' }).database(), store }
}
