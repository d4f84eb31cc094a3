import { isConflict } from './db-errors'
import type { Database } from './deps'

/**
 * The part of a CloudBase transaction that really runs inside it: single-document get/set/update/
 * remove and add. `where().update()`, `where().remove()` and `count()` would silently run outside
 * it, so this type leaves them out.
 */
export interface Transaction {
  collection(name: string): {
    doc(id: string): {
      /** Inside a transaction `get` returns the document itself, or null. */
      get(): Promise<{ data: unknown }>
      set(data: object): Promise<unknown>
      update(data: object): Promise<unknown>
      remove(): Promise<unknown>
    }
    add(data: object): Promise<{ id?: string }>
  }
}

/** The SDK's transaction object (untyped in @cloudbase/database). */
interface SdkTransaction extends Transaction {
  commit(): Promise<unknown>
  rollback(reason?: unknown): Promise<unknown>
  commited: boolean
  aborted: boolean
}

/** The database each live transaction belongs to (code holding only a transaction may need it). */
const databases = new WeakMap<Transaction, Database>()
export const databaseOf = (tx: Transaction): Database | null => databases.get(tx) ?? null

/** What a transaction's work decided: keep its writes, or undo them. Either way `value` is returned. */
export type TxOutcome<T> = { commit: true; value: T } | { commit: false; value: T }
export const commit = <T>(value: T): TxOutcome<T> => ({ commit: true, value })
export const rollback = <T>(value: T): TxOutcome<T> => ({ commit: false, value })

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs `work` in a CloudBase transaction and commits or rolls back as it decides. Retries the
 * whole work only when the database reports a conflict; any other error rolls back and is thrown.
 * (The SDK's own runTransaction retries on any error and never aborts, so it is not used.)
 */
export async function withTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<TxOutcome<T>>,
  opts: { attempts?: number } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 8
  for (let attempt = 1; ; attempt++) {
    const tx: SdkTransaction = await db.startTransaction()
    databases.set(tx, db)
    try {
      const outcome = await work(tx)
      if (outcome.commit) await tx.commit()
      else await tx.rollback()
      return outcome.value
    } catch (err) {
      // Release the transaction whatever happened; it may already be gone (a failed commit).
      if (!tx.commited && !tx.aborted) await tx.rollback().catch(() => undefined)
      if (!isConflict(err) || attempt >= attempts) throw err
    }
    // Back off a little, randomly, so racing writers do not collide again in lockstep.
    await pause(Math.random() * 5 * attempt)
  }
}
