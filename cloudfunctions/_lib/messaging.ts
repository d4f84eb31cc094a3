import { resolveTemplate, type SubscribeTemplate } from '../../shared/messaging/config'
import { choose, giveBack, needsCanMatter, spend, type Channel, type Choice, type ConsentEvent, type MemberContacts } from '../../shared/messaging/contacts'
import type { MessageKind } from '../../shared/messaging/kinds'
import { isUnclaimed } from '../../shared/member/member-record'
import { docOf, loadContacts, readNeeds, saveContacts } from './contacts'
import { isDuplicate } from './db-errors'
import type { Database, Deps } from './deps'
import { memberById } from './members'
import type { MessageMeta } from './outbox'
import { loadSettings } from './settings'
import { SubscribeRefused } from './subscribe'
import { commit, rollback, withTransaction } from './transaction'

/**
 * Sending one message to one member (issue 9): every campaign, journey and reminder goes through
 * `deliver`. It is idempotent per `key`, respects the member's frequency cap, spends a subscribe
 * opt-in of the template (the most valuable messages first) or falls back to SMS where the member
 * agreed to it, and logs the outcome in `message_sends/<key>`.
 * The signatures are the contract the campaign and journey code builds on.
 */
export type { MessageKind }

export interface OutgoingMessage {
  /** Idempotency: `campaign:<campaignId>:<memberId>`, `welcome:<memberId>`, `expiry:<memberId>:<day>` … */
  key: string
  memberId: string
  kind: MessageKind
  campaignId: string | null
  /** The channels allowed, in order of preference. */
  channels: ReadonlyArray<'subscribe' | 'sms'>
  /**
   * Huika's subscribe template name (config/messaging maps it to the deployment's WeChat template
   * id). If the configuration has no template of that name, the one carrying `kind` is used.
   */
  template: string
  /** The mini-program page the message opens (a campaign's carries `c=<campaignId>` for opens). */
  page: string
  /** The rendered text, exactly as the member reads it. */
  text: string
  data: Record<string, string>
}

export type SkipReason = 'no_consent' | 'capped' | 'unclaimed' | 'no_member'

export type DeliveryOutcome =
  | { status: 'sent'; channel: 'subscribe' | 'sms' }
  | { status: 'duplicate' }
  | { status: 'skipped'; reason: SkipReason }
  | { status: 'failed'; message: string }

/**
 * `message_sends/<key>`: the log of every message, one document per key (indexes `campaignId`,
 * `campaignId`+`status`, `memberId`). Campaign reports count sends and opens from it.
 */
export const MESSAGE_SENDS = 'message_sends'

export interface MessageSend {
  _id: string
  key: string
  memberId: string
  kind: MessageKind
  campaignId: string | null
  /** The template the message spent (or would have spent) opt-ins of. */
  template: string
  channel: Channel | null
  /**
   * `sending` (claimed) → `sent`, `skipped` or `failed`. A skipped or failed key may be delivered
   * again (the member may have opted in since, the sender may be back); a sent one never.
   */
  status: 'sending' | 'sent' | 'skipped' | 'failed'
  reason: SkipReason | null
  /** Skipped `no_consent` although an opt-in was left: it was kept for a more valuable message. */
  reserved: boolean
  /** Why the last attempt failed. */
  error: string | null
  text: string
  page: string
  attempts: number
  /** When the last attempt started. */
  at: Date
  sentAt: Date | null
  /** When the member first opened the message's page (member.opened; campaigns only). */
  openedAt: Date | null
}

/** Claims the key for this attempt: true unless it is sent or being sent (a duplicate). */
async function claim(db: Database, m: OutgoingMessage, now: Date): Promise<boolean> {
  const sends = db.collection(MESSAGE_SENDS)
  const attempt = { template: m.template, channel: null, status: 'sending', reason: null, reserved: false, error: null, text: m.text, page: m.page, at: now }
  try {
    await sends.add({ _id: m.key, key: m.key, memberId: m.memberId, kind: m.kind, campaignId: m.campaignId, ...attempt, attempts: 1, sentAt: null, openedAt: null })
    return true
  } catch (err) {
    if (!isDuplicate(err)) throw err
  }
  const prev = docOf<MessageSend>((await sends.doc(m.key).get()).data)
  if (!prev || (prev.status !== 'skipped' && prev.status !== 'failed')) return false
  // Compare-and-set: of racing retries exactly one moves it back to `sending`.
  const res = await sends.where({ _id: m.key, status: prev.status, attempts: prev.attempts }).update({ ...attempt, attempts: prev.attempts + 1 })
  return res.updated === 1
}

const TX_ATTEMPTS = 30
const event = (c: MemberContacts, type: ConsentEvent['type'], template: string, key: string, at: Date): ConsentEvent => ({
  memberId: c._id,
  type,
  template,
  moment: null,
  key,
  left: c.optIns[template] ?? 0,
  at: at.toISOString(),
})

/** Gives the opt-in and the cap slot of a failed send back (none counted any more if WeChat refused). */
async function giveBackAfterFailure(deps: Deps, m: OutgoingMessage, sent: { channel: Channel; template: SubscribeTemplate | null }, refused: boolean, now: Date) {
  const template = sent.channel === 'subscribe' ? (sent.template?.name ?? null) : null
  await withTransaction(
    deps.db,
    async (tx) => {
      const after = giveBack(await loadContacts(tx, m.memberId), { channel: sent.channel, template, key: m.key, refused }, now)
      await saveContacts(tx, after, template ? [event(after, refused ? 'refused' : 'refunded', template, m.key, now)] : [])
      return commit(null)
    },
    { attempts: TX_ATTEMPTS },
  )
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200)

/**
 * Sends one message to one member, at most once per `message.key`:
 * 1. claims `message_sends/<key>` (a key already sent or being sent → `duplicate`);
 * 2. loads the member (none → skipped `no_member`; an imported member nobody opened → `unclaimed`);
 * 3. in one transaction on `member_contacts/<memberId>`: a marketing kind over the frequency cap
 *    is skipped `capped`; else the first allowed channel that can carry it: a subscribe opt-in of
 *    the template left beyond those kept for more valuable messages due to the member, or SMS if
 *    they agreed to it; else skipped `no_consent`. The opt-in is spent and the cap slot taken there;
 * 4. sends; a failed send gives both back and is marked `failed` (the key may be retried).
 * If the process dies between claim and send, that message is lost rather than ever sent twice.
 */
export async function deliver(deps: Deps, message: OutgoingMessage): Promise<DeliveryOutcome> {
  const now = deps.now()
  const m = message
  if (!(await claim(deps.db, m, now))) return { status: 'duplicate' }
  const log = deps.db.collection(MESSAGE_SENDS).doc(m.key)
  const skip = async (reason: SkipReason, fields: Partial<MessageSend> = {}): Promise<DeliveryOutcome> => {
    await log.update({ status: 'skipped', reason, ...fields })
    return { status: 'skipped', reason }
  }
  const failed = async (err: unknown, fields: Partial<MessageSend> = {}): Promise<DeliveryOutcome> => {
    deps.log.error(`message ${m.key} not sent`, err)
    await log.update({ status: 'failed', error: errorText(err), ...fields })
    return { status: 'failed', message: errorText(err) }
  }

  const member = await memberById(deps.db, m.memberId)
  if (!member) return skip('no_member')
  if (isUnclaimed(member)) return skip('unclaimed')

  const config = await loadSettings(deps.db, 'messaging')
  const template = m.channels.includes('subscribe') ? resolveTemplate(config, m.template, m.kind) : null
  const needs = needsCanMatter(template, m.kind) ? await readNeeds(deps.db, m.memberId, now) : []
  let choice: Choice
  try {
    choice = await withTransaction<Choice>(
      deps.db,
      async (tx) => {
        const contacts = await loadContacts(tx, m.memberId)
        const chosen = choose({ contacts, config, kind: m.kind, template, channels: m.channels, needs, now })
        if (!('channel' in chosen)) return rollback<Choice>(chosen)
        const after = spend(contacts, { channel: chosen.channel, template: template?.name ?? null, key: m.key, kind: m.kind }, config, now)
        await saveContacts(tx, after, chosen.channel === 'subscribe' ? [event(after, 'spent', template!.name, m.key, now)] : [])
        return commit<Choice>(chosen)
      },
      { attempts: TX_ATTEMPTS },
    )
  } catch (err) {
    return failed(err)
  }
  const templateName = template?.name ?? m.template
  if (!('channel' in choice)) return skip(choice.skip, { reserved: choice.reserved, template: templateName })

  const meta: MessageMeta = { key: m.key, memberId: m.memberId, kind: m.kind, campaignId: m.campaignId }
  try {
    if (choice.channel === 'subscribe')
      await deps.subscribe.send({
        to: member.openid,
        template: templateName,
        page: m.page,
        text: m.text,
        data: m.data,
        // The template as read above: the cloud sender needs no second read of config/messaging.
        wechatTemplateId: template!.wechatTemplateId,
        wechatFields: template!.wechatFields,
        meta,
      })
    else await deps.sms.send({ to: member.phone, template: templateName, text: m.text, data: m.data, meta })
  } catch (err) {
    try {
      await giveBackAfterFailure(deps, m, { channel: choice.channel, template }, err instanceof SubscribeRefused, now)
    } catch (backErr) {
      deps.log.error(`message ${m.key}: the opt-in and cap slot of a failed send were not given back`, backErr)
    }
    return failed(err, { channel: choice.channel, template: templateName })
  }
  await log.update({ status: 'sent', channel: choice.channel, template: templateName, sentAt: now })
  return { status: 'sent', channel: choice.channel }
}
