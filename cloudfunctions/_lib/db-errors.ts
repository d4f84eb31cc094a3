/** CloudBase error codes that calling code branches on (the local store reports the same ones). */
const codeOf = (err: unknown) => (err as { code?: unknown } | null)?.code

/** A write broke a unique index (or reused an _id). */
export const isDuplicate = (err: unknown) => codeOf(err) === 'DATABASE_DUPLICATE_WRITE'

/** Another writer changed what a transaction read or wrote; the whole transaction may be retried. */
export const isConflict = (err: unknown) => codeOf(err) === 'DATABASE_TRANSACTION_CONFLICT'
