/**
 * The failures the store reports, with the code names CloudBase itself uses, so that calling code
 * can branch on `err.code` the same way locally and in the cloud. The SDK turns a response
 * `{code, message, requestId}` into a thrown `TcbError` with those three fields.
 */
export type StoreErrorCode =
  | 'DATABASE_DUPLICATE_WRITE' // unique index or _id already taken
  | 'DATABASE_TRANSACTION_CONFLICT' // another writer changed what this transaction read or wrote
  | 'DATABASE_TRANSACTION_FAIL' // unknown, finished, aborted or expired transaction
  | 'DATABASE_TIMEOUT' // could not get the write lock in time
  | 'DATABASE_REQUEST_FAILED' // the database rejected the operation (bad operator, type error, ...)
  | 'INVALID_PARAM'
  | 'INVALID_ACTION'

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

export class DuplicateKeyError extends StoreError {
  constructor(
    coll: string,
    readonly index: string,
    key: string,
  ) {
    super('DATABASE_DUPLICATE_WRITE', `[FailedOperation.DuplicateKey] E11000 duplicate key error collection: ${coll} index: ${index} dup key: ${key}`)
  }
}

export const duplicateKey = (coll: string, index: string, key: string) => new DuplicateKeyError(coll, index, key)

export const conflict = () =>
  new StoreError(
    'DATABASE_TRANSACTION_CONFLICT',
    '[ResourceUnavailable.TransactionConflict] Transaction is conflicted, a document it used was changed by another write. Retry the transaction.',
  )

export const transactionGone = (id: string, why: string) =>
  new StoreError('DATABASE_TRANSACTION_FAIL', `[ResourceUnavailable.TransactionNotExist] Transaction ${id} ${why}.`)

export const invalidParam = (message: string) => new StoreError('INVALID_PARAM', `[InvalidParameter] ${message}`)

/** Maps anything thrown while serving a request onto a CloudBase-shaped error. */
export function toStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err
  const e = err as { code?: string; message?: string }
  if (e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_LOCKED')
    return new StoreError('DATABASE_TIMEOUT', `[FailedOperation.Timeout] database is busy: ${e.message}`)
  return new StoreError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${e?.message ?? String(err)}`)
}
