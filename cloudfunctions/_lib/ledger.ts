import { shanghaiDay } from '../../shared/day'
import { monthOf } from '../../shared/finance/period'
import { earn, emptyAccount, expire, hasDueLots, type Account } from '../../shared/points/account'
import type { EarningRules } from '../../shared/points/earning-rules'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { EntrySource } from '../../shared/points/schemas'
import { pointsEvent } from '../../shared/webhooks/events'
import type { Database } from './deps'
import { emitEvents } from './events'
import { forEachById } from './paging'
import { CONFIG, loadSettings, SETTINGS } from './settings'
import { commit, rollback, withTransaction, type Transaction } from './transaction'

/**
 * The points collections, named in one place:
 * - `accounts`: one per member (`_id` = memberId), the snapshot and the per-member write lock.
 * - `ledger`: append-only entries with deterministic `_id`s (never updated or removed).
 * - `config`: `_id: 'earning'` holds the earning rules (defaults when absent).
 * - `points_expiry_warnings`: `<memberId>:<expiresOn>`, one per warning sent (the warning job's idempotency).
 */
export const ACCOUNTS = 'accounts'
export const LEDGER = 'ledger'
export { CONFIG }
export const EARNING_RULES_ID = SETTINGS.earning.id
export const EXPIRY_WARNINGS = 'points_expiry_warnings'

/** The member's account inside a transaction (an empty one if they never had points). */
export async function loadAccount(tx: Transaction, memberId: string): Promise<Account> {
  const doc = (await tx.collection(ACCOUNTS).doc(memberId).get()).data as Account | null
  return doc ? { ...emptyAccount(memberId), ...doc, _id: memberId } : emptyAccount(memberId)
}

/** Writes the account back in the same transaction that loaded it (which is what serialises writers). */
export async function saveAccount(tx: Transaction, account: Account): Promise<void> {
  const { _id, ...data } = account
  await tx.collection(ACCOUNTS).doc(_id).set(data)
}

/**
 * Appends entries with their deterministic `_id`s via `add`: a repeat of the same business event
 * fails the transaction with DATABASE_DUPLICATE_WRITE instead of counting twice.
 */
export async function appendEntries(tx: Transaction, entries: LedgerEntry[]): Promise<void> {
  for (const e of entries) await tx.collection(LEDGER).add(stored(e))
  await emitEvents(tx, entries.map(pointsEvent)) // webhooks: one `points.*` event per entry
}

/**
 * An entry as written: with its Asia/Shanghai month, which the finance reports page open months
 * by (index `month`) while closed months are read from their rollups (`_lib/ledger-close.ts`).
 */
export const stored = (e: LedgerEntry): LedgerEntry => ({ ...e, month: monthOf(e.createdAt) })

/**
 * Credits points that are no purchase (an operator's grant, the demo seed) as one lot, once per
 * `entryId`: a repeat finds the entry and credits nothing (returns false).
 */
export async function grantPoints(
  db: Database,
  memberId: string,
  args: { entryId: string; points: number; expiresOn: string; source: EntrySource; reason: string; now: Date },
): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    if ((await tx.collection(LEDGER).doc(args.entryId).get()).data) return rollback(false)
    const change = earn(await loadAccount(tx, memberId), { ...args, availableOn: null, orderKey: null })
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    return commit(true)
  })
}

/** The earning rules from `config/earning`, completed with defaults; a malformed document throws. */
export const loadEarningRules = (db: Database): Promise<EarningRules> => loadSettings(db, 'earning')

/** Reads the account outside any transaction (for views). */
export async function readAccount(db: Database, memberId: string): Promise<Account> {
  const res = await db.collection(ACCOUNTS).doc(memberId).get()
  const doc = (res.data as Account[])[0]
  return doc ? { ...emptyAccount(memberId), ...doc, _id: memberId } : emptyAccount(memberId)
}

/**
 * Expires the member's lots that are past their day, in one transaction, and returns the account.
 * Entry ids are deterministic and the account is the lock, so this and the expiry job may race
 * freely: whichever commits first writes the entries, the other finds nothing left to do.
 */
export async function expireAccount(db: Database, memberId: string, now: Date): Promise<{ account: Account; entries: LedgerEntry[] }> {
  const today = shanghaiDay(now)
  return withTransaction(db, async (tx) => {
    const account = await loadAccount(tx, memberId)
    const change = expire(account, today, now)
    if (change.entries.length > 0) {
      await saveAccount(tx, change.account)
      await appendEntries(tx, change.entries)
    }
    return commit(change)
  })
}

/** The account as of `now`: read, and brought up to date first if lots are past their day. */
export async function currentAccount(db: Database, memberId: string, now: Date): Promise<Account> {
  const account = await readAccount(db, memberId)
  return hasDueLots(account, shanghaiDay(now)) ? (await expireAccount(db, memberId, now)).account : account
}

export const ACCOUNT_PAGE_SIZE = 100

/** Visits every account matching `filter`, a page at a time in `_id` order (paging.ts). */
export const forEachAccount = (db: Database, filter: object, visit: (account: Account) => Promise<void>): Promise<void> =>
  forEachById(db, ACCOUNTS, filter, ACCOUNT_PAGE_SIZE, visit)
