import tcb from '@cloudbase/node-sdk'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createSyncFn } from 'synckit'
import type { Database } from '../../../cloudfunctions/_lib/deps'
import { readIndexPlan } from '../../../scripts/deploy-indexes'
import { openLocalStore, useLocalStore } from '../../../scripts/local-cloudbase'
import { connectRemote, type RemoteKind, type RemoteSpec } from './connect'
import { namespaced } from './namespace'
import type { Probes } from './probes'

/** What the tests read stored documents with, on any target. */
export interface StoreProbes {
  rawGet(coll: string, id: string | number): Record<string, any> | undefined
  rawFind(coll: string): Array<Record<string, any>>
  rawCount(coll: string): number
}

export interface Target {
  db: Database
  store: StoreProbes
  /** The directory for files the functions write (uploads). */
  dir: string
  close(): void
}

/**
 * HUIKA_HANDLER_TARGET picks where handler tests run: `local` (default: a fresh in-process store per
 * harness), `cloud` (the real environment; tests/jest.config.js adds that project only when
 * credentials are set) or `remote-local` (the cloud path against a local store, run on every test).
 */
export const targetKind = (): 'local' | RemoteKind => {
  const t = process.env.HUIKA_HANDLER_TARGET
  return t === 'cloud' || t === 'remote-local' ? t : 'local'
}

export function openTarget(now: () => Date): Target {
  const kind = targetKind()
  if (kind === 'local') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-handlers-'))
    const store = openLocalStore({ dir, now })
    useLocalStore(store)
    return {
      db: namespaced(tcb.init({ env: 'huika-test' }).database(), '', declaredOnly),
      store,
      dir,
      close() {
        store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  return remote(kind).fresh()
}

type Call = <K extends keyof Probes>(op: K, ...args: Parameters<Probes[K]>) => Awaited<ReturnType<Probes[K]>>

const DECLARED = new Set(readIndexPlan().map((c) => c.collection))
/**
 * In the cloud a collection must exist before it is used, and `npm run deploy` creates the ones
 * cloudfunctions/indexes.json declares; the local store would create any. So every target refuses
 * an undeclared name, as the cloud would.
 */
function declaredOnly(name: string): void {
  if (!DECLARED.has(name)) throw new Error(`collection "${name}" is not declared in cloudfunctions/indexes.json, so npm run deploy would not create it`)
}
/**
 * One namespace per test process (`HUIKA_NS` from the jest global setup, plus the worker id),
 * opened once. Each harness starts by emptying the collections the previous one touched, which is
 * what a fresh local store gives.
 */
let opened: { db: () => Database; call: Call; touched: Set<string>; dir: string } | null = null

function remote(kind: RemoteKind) {
  if (!opened) {
    const prefix = `${process.env.HUIKA_NS ?? `t${process.pid.toString(36)}`}${process.env.JEST_WORKER_ID ?? '0'}_`
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-remote-'))
    const spec: RemoteSpec = { kind, prefix, dir }
    const call = createSyncFn(path.join(__dirname, 'probe-worker.js'), { timeout: 120_000 }) as unknown as Call
    call('open', spec)
    const touched = new Set<string>()
    // A new proxy per harness, as a new function instance gets a new database handle (caches keyed by it start empty).
    const sdk = connectRemote(spec).db
    const db = () =>
      namespaced(sdk, prefix, (name) => {
        declaredOnly(name)
        touched.add(name)
      })
    opened = { db, call, touched, dir }
    // remote-local: the store lives for the test process; the cloud namespace is dropped by the global teardown.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  }
  const o = opened
  return {
    fresh(): Target {
      if (o.touched.size) o.call('clear', [...o.touched])
      o.touched.clear()
      return {
        db: o.db(),
        dir: o.dir,
        store: {
          rawGet: (coll, id) => o.call('rawGet', coll, id),
          rawFind: (coll) => o.call('rawFind', coll),
          rawCount: (coll) => o.call('rawCount', coll),
        },
        close: () => undefined,
      }
    },
  }
}
