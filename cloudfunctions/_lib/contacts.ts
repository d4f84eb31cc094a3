import { shanghaiDay } from '../../shared/day'
import { emptyContacts, type ConsentEvent, type MemberContacts } from '../../shared/messaging/contacts'
import type { MessageKind } from '../../shared/messaging/kinds'
import { pendingNeeds } from '../../shared/messaging/needs'
import type { Account } from '../../shared/points/account'
import type { Database } from './deps'
import { ACCOUNTS, loadEarningRules } from './ledger'
import type { Transaction } from './transaction'

/**
 * The consent collections, named in one place:
 * - `member_contacts/<memberId>`: opt-ins left per template, SMS consent and the recent marketing
 *   sends the cap counts (shared/messaging/contacts.ts); every send and every answer is a
 *   transaction on this one document.
 * - `consent_events`: append-only, one line per change (accepted, rejected, spent, refunded,
 *   refused, sms-on, sms-off), index `memberId`.
 */
export const MEMBER_CONTACTS = 'member_contacts'
export const CONSENT_EVENTS = 'consent_events'
/**
 * `member_tiers` (MEMBER_TIERS in tiers.ts), read here by name: tiers.ts sends its congratulation
 * through the message layer, so the message layer does not import it.
 */
const MEMBER_TIERS = 'member_tiers'

/** A document read by `doc().get()`: an array outside a transaction, the document itself inside one. */
export const docOf = <T>(data: unknown): T | null => ((Array.isArray(data) ? data[0] : data) as T | null | undefined) ?? null

/** The member's contacts inside a transaction (empty ones when none were recorded yet). */
export async function loadContacts(tx: Transaction, memberId: string): Promise<MemberContacts> {
  const doc = docOf<MemberContacts>((await tx.collection(MEMBER_CONTACTS).doc(memberId).get()).data)
  return doc ? { ...emptyContacts(memberId), ...doc, _id: memberId } : emptyContacts(memberId)
}

/** The member's contacts outside any transaction (for views). */
export async function readContacts(db: Database, memberId: string): Promise<MemberContacts> {
  const doc = docOf<MemberContacts>((await db.collection(MEMBER_CONTACTS).doc(memberId).get()).data)
  return doc ? { ...emptyContacts(memberId), ...doc, _id: memberId } : emptyContacts(memberId)
}

/** Writes the contacts back in the transaction that loaded them, with the events that explain the change. */
export async function saveContacts(tx: Transaction, contacts: MemberContacts, events: ConsentEvent[]): Promise<void> {
  const { _id, ...data } = contacts
  await tx.collection(MEMBER_CONTACTS).doc(_id).set(data)
  for (const e of events) await tx.collection(CONSENT_EVENTS).add(e)
}

/**
 * The valuable messages due for the member (shared/messaging/needs.ts), from their points account,
 * their tier record and the earning rules' warning window: three reads.
 */
export async function readNeeds(db: Database, memberId: string, now: Date): Promise<MessageKind[]> {
  const [account, tier, rules] = await Promise.all([
    db.collection(ACCOUNTS).doc(memberId).get(),
    db.collection(MEMBER_TIERS).doc(memberId).get(),
    loadEarningRules(db),
  ])
  const a = docOf<Pick<Account, 'nextExpiryOn'>>(account.data)
  const t = docOf<{ reviewOn?: string | null; graceUntil?: string | null; warnedFor?: string | null }>(tier.data)
  return pendingNeeds({
    today: shanghaiDay(now),
    warningDays: rules.warningDays,
    nextExpiryOn: a?.nextExpiryOn ?? null,
    tier: t ? { reviewOn: t.reviewOn ?? null, graceUntil: t.graceUntil ?? null, warnedFor: t.warnedFor ?? null } : null,
  })
}
