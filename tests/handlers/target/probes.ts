import type { Database } from '../../../cloudfunctions/_lib/deps'
import { connectRemote, type RemoteSpec } from './connect'

/**
 * The probes the handler tests read stored documents with, done through the SDK (so they work on a
 * real CloudBase environment). They run in a worker thread (probe-worker.js) and the tests call them
 * synchronously through synckit, so every test reads `h.store.rawFind(...)` the same way on any target.
 */
type Doc = Record<string, unknown>
let db: Database | null = null
let prefix = ''
const PAGE = 1000

const coll = (name: string) => db!.collection(prefix + name)

export const probes = {
  open(spec: RemoteSpec): true {
    db = connectRemote(spec).db
    prefix = spec.prefix
    return true
  },
  async rawGet(name: string, id: string | number): Promise<Doc | undefined> {
    const { data } = await coll(name).doc(String(id)).get()
    return (data as Doc[])[0]
  },
  /** In stored (insertion) order, as the local store's rawFind gives them. */
  async rawFind(name: string): Promise<Doc[]> {
    const out: Doc[] = []
    for (;;) {
      const { data } = await coll(name).skip(out.length).limit(PAGE).get()
      out.push(...(data as Doc[]))
      if (data.length < PAGE) return out
    }
  },
  async rawCount(name: string): Promise<number> {
    return (await coll(name).count()).total ?? 0
  },
  /** Empties these collections (between tests: each test starts on an empty database). */
  async clear(names: string[]): Promise<true> {
    const _ = db!.command
    for (const name of names) await coll(name).where({ _id: _.exists(true) }).remove()
    return true
  },
}
export type Probes = typeof probes
