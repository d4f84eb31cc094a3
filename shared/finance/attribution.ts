import type { LedgerEntry } from '../points/ledger-entry'
import { NO_STORE } from './points-flow'

type Entry = Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids'>

/** Where an entry was made: its source's store, or (线上) away from a till. The points report's store. */
export const madeAt = (e: Pick<LedgerEntry, 'source'>): string => e.source.storeId ?? NO_STORE

/** True for an entry that takes back (part of) an earning: a refund, or a shortfall settlement. */
export const reversesEarning = (e: Pick<LedgerEntry, 'kind' | 'points'>) => e.kind === 'reverse' && e.points <= 0

/**
 * The store an earning belongs to, from its id: till earnings are `earn:<storeId>:<orderId>`
 * (EntryIds.earn; store ids have no colon). Every other earning (sign-in, games, grants) is (线上).
 */
export function earningStoreOf(earnId: string): string {
  if (!earnId.startsWith('earn:')) return NO_STORE
  const end = earnId.indexOf(':', 5)
  return end > 5 ? earnId.slice(5, end) : NO_STORE
}

/**
 * The store whose issue an entry counts against, for the cost and settlement reports: an earning
 * where it was made; a reversal against the store of the earning it voids, wherever the refund or
 * the later earning that settled a shortfall was made (a refund at store A paid off by an earning
 * at store B is A's, not B's). Null for entries that are not issue (spend, expire, adjust).
 */
export function issueStoreOf(e: Entry): string | null {
  if (e.kind === 'earn') return madeAt(e)
  if (reversesEarning(e)) return e.voids ? earningStoreOf(e.voids) : madeAt(e)
  return null
}
