import { fail, ok } from '../../shared/errors'
import type { ConsentsView } from '../../shared/messaging/api'
import type { MessagingConfig } from '../../shared/messaging/config'
import { applyConsent, askFor, optInsLeft, unknownTemplate, type MemberContacts } from '../../shared/messaging/contacts'
import type { MessageKind } from '../../shared/messaging/kinds'
import { docOf, loadContacts, readContacts, readNeeds, saveContacts } from '../_lib/contacts'
import { memberByOpenid } from '../_lib/members'
import { MESSAGE_SENDS } from '../_lib/messaging'
import type { Handler } from '../_lib/router'
import { loadSettings } from '../_lib/settings'
import { commit, withTransaction } from '../_lib/transaction'

function view(config: MessagingConfig, c: MemberContacts, needs: readonly MessageKind[], now: Date): ConsentsView {
  const ref = (t: MessagingConfig['templates'][number]) => ({ template: t.name, title: t.title, wechatTemplateId: t.wechatTemplateId })
  return {
    templates: config.templates.map((t) => ({ ...ref(t), remaining: optInsLeft(c, t.name) })),
    sms: { on: c.sms?.on ?? false, at: c.sms?.at ?? null },
    ask: askFor(config, c, needs, now).map(ref),
  }
}

/** member.consents: the caller's opt-ins left per template, SMS consent, and the templates worth asking for now. */
export const consents: Handler<'member', 'consents'> = async (_input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const [config, contacts, needs] = await Promise.all([loadSettings(deps.db, 'messaging'), readContacts(deps.db, member._id), readNeeds(deps.db, member._id, now)])
  return ok(view(config, contacts, needs, now))
}

/** member.consent {subscribe?, sms?, moment?}: records the caller's answers, in one transaction with their log lines. */
export const consent: Handler<'member', 'consent'> = async (input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const config = await loadSettings(deps.db, 'messaging')
  const unknown = unknownTemplate(config, input)
  if (unknown !== null) return fail('CONSENT_TEMPLATE_UNKNOWN', `没有这个订阅消息模板：${unknown}`, 'subscribe')
  const [contacts, needs] = await Promise.all([
    withTransaction(
      deps.db,
      async (tx) => {
        const { contacts: after, events } = applyConsent(await loadContacts(tx, member._id), input, config, now)
        await saveContacts(tx, after, events)
        return commit(after)
      },
      { attempts: 30 },
    ),
    readNeeds(deps.db, member._id, now),
  ])
  return ok(view(config, contacts, needs, now))
}

/**
 * member.opened {campaignId}: the caller opened a page of that campaign's message. Sets `openedAt`
 * on `message_sends/campaign:<campaignId>:<memberId>` the first time; nothing when no such message.
 */
export const opened: Handler<'member', 'opened'> = async (input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const key = `campaign:${input.campaignId}:${member._id}`
  const res = await deps.db.collection(MESSAGE_SENDS).where({ _id: key, status: 'sent', openedAt: null }).update({ openedAt: now })
  if (res.updated === 1) return ok({ opened: true })
  const existing = docOf<{ openedAt: Date | null }>((await deps.db.collection(MESSAGE_SENDS).doc(key).get()).data)
  return ok({ opened: existing?.openedAt != null })
}

/** The handlers of message consent and campaign opens (spread into the function's definition in index.ts). */
export const consentHandlers = { consents, consent, opened }
