import { CONSENT_EVENTS, loadContacts, MEMBER_CONTACTS, saveContacts } from '../../cloudfunctions/_lib/contacts'
import type { Deps } from '../../cloudfunctions/_lib/deps'
import { MESSAGE_SENDS, type MessageSend, type OutgoingMessage } from '../../cloudfunctions/_lib/messaging'
import { commit, withTransaction } from '../../cloudfunctions/_lib/transaction'
import type { ConsentEvent, MemberContacts } from '../../shared/messaging/contacts'

type Store = { rawGet(c: string, id: string): unknown; rawFind(c: string): unknown[] }

/**
 * Gives a member opt-ins (added to what they have) and, with `sms`, SMS consent, as their answers
 * to the mini-program's prompt would (member.consent has its own tests).
 */
export function grantConsent(deps: Deps, memberId: string, optIns: Record<string, number>, sms?: boolean): Promise<MemberContacts> {
  return withTransaction(deps.db, async (tx) => {
    const c = await loadContacts(tx, memberId)
    const after: MemberContacts = { ...c, optIns: { ...c.optIns }, sms: sms === undefined ? c.sms : { on: sms, at: deps.now().toISOString(), moment: 'profile' } }
    for (const [t, n] of Object.entries(optIns)) after.optIns[t] = (after.optIns[t] ?? 0) + n
    await saveContacts(tx, after, [])
    return commit(after)
  })
}

export const contactsOf = (store: Store, memberId: string) => store.rawGet(MEMBER_CONTACTS, memberId) as MemberContacts | undefined
export const sendLog = (store: Store) => store.rawFind(MESSAGE_SENDS) as unknown as MessageSend[]
export const consentEvents = (store: Store) => store.rawFind(CONSENT_EVENTS) as unknown as ConsentEvent[]

/** A campaign message to one member (override any field). */
export const campaignMessage = (campaignId: string, memberId: string, over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  key: `campaign:${campaignId}:${memberId}`,
  memberId,
  kind: 'campaign',
  campaignId,
  channels: ['subscribe', 'sms'],
  template: 'member-benefit',
  page: `pages/card/index?c=${campaignId}`,
  text: `会员专享：${campaignId}`,
  data: { campaignId },
  ...over,
})
