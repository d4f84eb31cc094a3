import type { Database } from '../../cloudfunctions/_lib/deps'

type Collection = ReturnType<Database['collection']>
type Where = ReturnType<Collection['where']>

/**
 * The same database with one collection's `where(query)` and `doc(id)` passed through `probe`, which
 * gets the real query or document and returns what the code under test sees: a write that fails as
 * if the process were killed there, or an update whose answer is counted.
 */
export function probeCollection(
  db: Database,
  collection: string,
  probe: { where?: (query: Record<string, unknown>, real: Where) => unknown; doc?: (id: string, real: ReturnType<Collection['doc']>) => unknown },
): Database {
  const bound = <T extends object>(target: T, prop: string | symbol) => {
    const v = Reflect.get(target, prop)
    return typeof v === 'function' ? v.bind(target) : v
  }
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'collection') return bound(target, prop)
      return (name: string) => {
        const c = target.collection(name)
        if (name !== collection) return c
        return new Proxy(c, {
          get(ct, p) {
            if (p === 'where' && probe.where) return (q: Record<string, unknown>) => probe.where!(q, ct.where(q))
            if (p === 'doc' && probe.doc) return (id: string) => probe.doc!(id, ct.doc(id))
            return bound(ct, p)
          },
        })
      }
    },
  }) as Database
}

/** An update that fails as a killed process's would. */
export const killed = { update: () => Promise.reject(new Error('killed')), set: () => Promise.reject(new Error('killed')) }

/** Wraps a query's update to count the compare-and-sets that found nothing to move (a race lost). */
export function countingLost(real: Where, lost: () => void) {
  return {
    update: async (u: Parameters<Where['update']>[0]) => {
      const res = await real.update(u)
      if ((res as { updated?: number }).updated === 0) lost()
      return res
    },
  }
}
