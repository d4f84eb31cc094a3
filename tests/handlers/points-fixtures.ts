import { appendEntries, loadAccount, saveAccount } from '../../cloudfunctions/_lib/ledger'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { commit, withTransaction } from '../../cloudfunctions/_lib/transaction'
import { newMemberRecord } from '../../shared/member/member-record'
import { earn, reverseEarning, spend } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { EntrySource } from '../../shared/points/schemas'
import type { Harness } from './harness'

const staff: EntrySource = { kind: 'staff', id: 'clerk-1', storeId: 'S1' }

/** A member stored directly (registration has its own tests): openid `o<n>`, memberId `m<n>`. */
export async function addMember(h: Harness, n: number) {
  const record = newMemberRecord({
    id: `m${String(n).padStart(4, '0')}`,
    openid: `o${n}`,
    unionid: null,
    phone: `139${String(n).padStart(8, '0')}`,
    phoneSimulated: false,
    memberNo: String(1_000_000_000 + n),
    profile: {},
    now: h.clock.now(),
  })
  await h.deps.db.collection(MEMBERS).add(record)
  return record
}

/** Credits a lot the way staff.accrue does: one transaction over the account and the ledger. */
export function credit(h: Harness, memberId: string, entryId: string, points: number, expiresOn: string, availableOn: string | null = null) {
  return withTransaction(h.deps.db, async (tx) => {
    const change = earn(await loadAccount(tx, memberId), { entryId, points, expiresOn, availableOn, orderKey: null, source: staff, reason: '消费积分', now: h.clock.now() })
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    return commit(change)
  })
}

export function spendPoints(h: Harness, memberId: string, entryId: string, points: number) {
  return withTransaction(h.deps.db, async (tx) => {
    const change = spend(await loadAccount(tx, memberId), { entryId, points, source: { kind: 'member', id: memberId, storeId: null }, reason: '兑换', now: h.clock.now() })
    if ('error' in change) throw new Error(change.error)
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    return commit(change)
  })
}

export function reverse(h: Harness, memberId: string, entryId: string, lotId: string, points: number) {
  return withTransaction(h.deps.db, async (tx) => {
    const change = reverseEarning(await loadAccount(tx, memberId), { entryId, lotId, points, source: staff, reason: '退款', now: h.clock.now() })
    await saveAccount(tx, change.account)
    await appendEntries(tx, change.entries)
    return commit(change)
  })
}

/** The member's ledger and account as really stored. */
export function stored(h: Harness, memberId: string) {
  const entries = (h.store.rawFind('ledger') as unknown as LedgerEntry[]).filter((e) => e.memberId === memberId)
  const account = h.store.rawGet('accounts', memberId) as unknown as { balance: number; nextExpiryOn: string | null; lots: unknown[] } | null
  return { entries, account, sum: entries.reduce((s, e) => s + e.points, 0) }
}

export const DAY_MS = 86_400_000
