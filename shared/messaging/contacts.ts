import type { MessagingConfig, SubscribeTemplate } from './config'
import { isMarketing, PRIORITY, type MessageKind } from './kinds'

export type Channel = 'subscribe' | 'sms'
export type ConsentMoment = 'credit' | 'checkin' | 'profile'

/**
 * `member_contacts/<memberId>`: everything a send decides on, in one document, so that one
 * transaction on it makes consent and the frequency cap safe under racing sends. Times are ISO.
 */
export interface MemberContacts {
  _id: string
  /** Subscribe opt-ins left per template name: each allows one message. */
  optIns: Record<string, number>
  /** When the member last turned each template down, so it is not asked for again too soon. */
  rejected: Record<string, string>
  /** SMS consent, with when and where it was given or withdrawn; null: never asked. */
  sms: { on: boolean; at: string; moment: ConsentMoment | null } | null
  /** Marketing messages sent within the cap window, with their keys (a failed send gives its slot back). */
  recent: Array<{ key: string; at: string }>
  updatedAt: string | null
}

export const emptyContacts = (memberId: string): MemberContacts => ({ _id: memberId, optIns: {}, rejected: {}, sms: null, recent: [], updatedAt: null })

const DAY_MS = 86_400_000
const windowStart = (config: MessagingConfig, now: Date) => new Date(now.getTime() - config.cap.days * DAY_MS).toISOString()

/** Marketing messages sent to the member within the cap window ending at `now`. */
export const sentInWindow = (c: MemberContacts, config: MessagingConfig, now: Date) => c.recent.filter((r) => r.at > windowStart(config, now)).length

export const optInsLeft = (c: MemberContacts, template: string) => c.optIns[template] ?? 0

/**
 * Opt-ins of `template` a message of `kind` must leave for more valuable messages that are due
 * for this member (`needs`: e.g. points about to expire): one per such need the template carries.
 */
export function reservedFor(template: SubscribeTemplate, kind: MessageKind, needs: readonly MessageKind[]): number {
  return needs.filter((k) => template.kinds.includes(k) && PRIORITY[k] < PRIORITY[kind]).length
}

/** Whether a message of `kind` on `template` could be held back by a need: only then are the needs worth reading. */
export const needsCanMatter = (template: SubscribeTemplate | null, kind: MessageKind) =>
  template !== null && template.kinds.some((k) => PRIORITY[k] < PRIORITY[kind])

export type Choice = { channel: Channel } | { skip: 'capped' | 'no_consent'; reserved: boolean }

/**
 * How one message goes out, if at all. Marketing kinds over the cap are skipped whatever the
 * channel. Then the allowed channels in order: a subscribe message if an opt-in of the template is
 * left beyond those reserved for more valuable needs; an SMS if the member agreed to SMS and SMS
 * is the message's first choice or the configuration allows falling back to it.
 */
export function choose(args: {
  contacts: MemberContacts
  config: MessagingConfig
  kind: MessageKind
  template: SubscribeTemplate | null
  channels: ReadonlyArray<Channel>
  needs: readonly MessageKind[]
  now: Date
}): Choice {
  const { contacts: c, config, kind, template } = args
  if (isMarketing(kind) && sentInWindow(c, config, args.now) >= config.cap.messages) return { skip: 'capped', reserved: false }
  let reserved = false
  for (const [i, channel] of args.channels.entries()) {
    if (channel === 'subscribe' && template) {
      const left = optInsLeft(c, template.name)
      if (left > reservedFor(template, kind, args.needs)) return { channel }
      if (left > 0) reserved = true
    }
    if (channel === 'sms' && c.sms?.on && (i === 0 || config.smsFallback)) return { channel }
  }
  return { skip: 'no_consent', reserved }
}

/** The contacts after a send was decided: the opt-in spent, the cap slot taken (old slots dropped). */
export function spend(c: MemberContacts, send: { channel: Channel; template: string | null; key: string; kind: MessageKind }, config: MessagingConfig, now: Date): MemberContacts {
  const start = windowStart(config, now)
  const optIns = { ...c.optIns }
  if (send.channel === 'subscribe' && send.template) optIns[send.template] = optInsLeft(c, send.template) - 1
  const recent = c.recent.filter((r) => r.at > start)
  if (isMarketing(send.kind)) recent.push({ key: send.key, at: now.toISOString() })
  return { ...c, optIns, recent, updatedAt: now.toISOString() }
}

/**
 * The contacts after a send that failed: its cap slot and its opt-in given back, unless WeChat
 * said the member had no opt-in of the template left (`refused`): then none is counted any more.
 */
export function giveBack(c: MemberContacts, send: { channel: Channel; template: string | null; key: string; refused: boolean }, now: Date): MemberContacts {
  const optIns = { ...c.optIns }
  if (send.channel === 'subscribe' && send.template)
    optIns[send.template] = send.refused ? 0 : optInsLeft(c, send.template) + 1
  return { ...c, optIns, recent: c.recent.filter((r) => r.key !== send.key), updatedAt: now.toISOString() }
}

export type ConsentEventType = 'accepted' | 'rejected' | 'spent' | 'refunded' | 'refused' | 'sms-on' | 'sms-off'

/** One line of `consent_events`, the append-only record of every change to a member's consent. */
export interface ConsentEvent {
  memberId: string
  type: ConsentEventType
  template: string | null
  moment: ConsentMoment | null
  /** The message a spent or refunded opt-in was for. */
  key: string | null
  /** The member's opt-ins of the template after this event (null for SMS). */
  left: number | null
  at: string
}

export interface ConsentAnswer {
  subscribe?: Array<{ template: string; result: 'accept' | 'reject' }>
  sms?: boolean
  moment?: ConsentMoment
}

/** The first template named in `answer` that the configuration does not have, or null. */
export const unknownTemplate = (config: MessagingConfig, answer: ConsentAnswer): string | null =>
  answer.subscribe?.find((s) => !config.templates.some((t) => t.name === s.template))?.template ?? null

/**
 * The member's answers applied: each acceptance adds one opt-in of its template (up to
 * `optInLimit`), a rejection is remembered for asking, SMS consent is set; with the events to log.
 */
export function applyConsent(c: MemberContacts, answer: ConsentAnswer, config: MessagingConfig, now: Date): { contacts: MemberContacts; events: ConsentEvent[] } {
  const at = now.toISOString()
  const moment = answer.moment ?? null
  const optIns = { ...c.optIns }
  const rejected = { ...c.rejected }
  const events: ConsentEvent[] = []
  for (const s of answer.subscribe ?? []) {
    if (s.result === 'accept') optIns[s.template] = Math.min(config.optInLimit, (optIns[s.template] ?? 0) + 1)
    else rejected[s.template] = at
    events.push({ memberId: c._id, type: s.result === 'accept' ? 'accepted' : 'rejected', template: s.template, moment, key: null, left: optIns[s.template] ?? 0, at })
  }
  let sms = c.sms
  if (answer.sms !== undefined && answer.sms !== (c.sms?.on ?? false)) {
    sms = { on: answer.sms, at, moment }
    events.push({ memberId: c._id, type: answer.sms ? 'sms-on' : 'sms-off', template: null, moment, key: null, left: null, at })
  }
  return { contacts: { ...c, optIns, rejected, sms, updatedAt: at }, events }
}

/**
 * The templates worth asking the member for now, most valuable first, at most 3 (WeChat's limit
 * per request): those below `optInLimit` and not turned down within `askAgainAfterDays`; templates
 * carrying a message due for the member (`needs`) first, then by the most valuable kind they carry.
 */
export function askFor(config: MessagingConfig, c: MemberContacts, needs: readonly MessageKind[], now: Date): SubscribeTemplate[] {
  const askAgainFrom = new Date(now.getTime() - config.askAgainAfterDays * DAY_MS).toISOString()
  const rank = (t: SubscribeTemplate) => [t.kinds.some((k) => needs.includes(k)) ? 0 : 1, Math.min(...t.kinds.map((k) => PRIORITY[k]))]
  return config.templates
    .filter((t) => optInsLeft(c, t.name) < config.optInLimit && !(c.rejected[t.name] && c.rejected[t.name] > askAgainFrom))
    .map((t, i) => ({ t, key: [...rank(t), i] }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
    .slice(0, 3)
    .map(({ t }) => t)
}
