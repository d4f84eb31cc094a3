import type { Database } from '../../../cloudfunctions/_lib/deps'

/**
 * The same database with every collection name prefixed: how the handler tests share one real
 * CloudBase environment without touching its data. Functions run unchanged; only `collection(name)`,
 * on the database and inside transactions, sees `<prefix><name>`.
 */
export function namespaced(db: Database, prefix: string, seen: (name: string) => void = () => undefined): Database {
  const renamed = <T extends object>(target: T, wrap: (name: string, value: unknown) => unknown): T =>
    new Proxy(target, {
      get(t, prop) {
        const v = Reflect.get(t, prop, t)
        return typeof v === 'function' ? wrap(String(prop), v.bind(t)) : v
      },
    })
  const collection = (fn: unknown) => (c: string) => {
    seen(c)
    return (fn as (c: string) => unknown)(prefix + c)
  }
  const inTransaction = (tx: object) => renamed(tx, (name, fn) => (name === 'collection' ? collection(fn) : fn))
  return renamed(db, (name, fn) => {
    if (name === 'collection') return collection(fn)
    if (name === 'startTransaction') return async () => inTransaction(await (fn as () => Promise<object>)())
    if (name === 'runTransaction')
      return (work: (tx: object) => unknown, ...rest: unknown[]) =>
        (fn as (w: (tx: object) => unknown, ...r: unknown[]) => unknown)((tx) => work(inTransaction(tx)), ...rest)
    return fn
  })
}
