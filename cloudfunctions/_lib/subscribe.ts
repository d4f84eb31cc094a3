import { metaFields, type MessageMeta, type Outbox } from './outbox'

/** A WeChat subscribe message to one member (a one-time opt-in allows one send). */
export interface SubscribeMessage {
  /** The member's openid. */
  to: string
  /** Huika's template name (e.g. `points-expiry`); a deployment maps it to its WeChat template id. */
  template: string
  /** The mini-program page the message opens. */
  page: string
  text: string
  data: Record<string, string>
  /** The deployment's WeChat template id for `template` (config/messaging); empty locally. */
  wechatTemplateId?: string
  meta?: MessageMeta
}

/**
 * Thrown by a sender when WeChat says the member has no opt-in of the template left (errcode
 * 43101): Huika's count was wrong, so `deliver` sets it to zero instead of giving the opt-in back.
 */
export class SubscribeRefused extends Error {}

export interface SubscribeSender {
  /** Resolves once WeChat accepted the message; throws if it did not (nothing was sent). */
  send(message: SubscribeMessage): Promise<void>
}

/** Local mode: the message lands in the outbox (channel `subscribe`). */
export function outboxSubscribe(outbox: Outbox, now: () => Date): SubscribeSender {
  return {
    async send(m) {
      outbox.push({ channel: 'subscribe', to: m.to, template: m.template, text: m.text, data: { ...m.data, page: m.page }, at: now().toISOString(), ...metaFields(m.meta) })
    },
  }
}

/**
 * The cloud adapter. No template ids are configured yet, so it refuses every send with a clear
 * reason (the job logs it and retries on its next run) rather than pretending to send. A deployment
 * wires WeChat's `subscribeMessage.send` open API here (`app.callWxOpenApi({ apiName:
 * '/cgi-bin/message/subscribe/send', requestData: { touser, template_id, page, data } })`, with
 * `subscribeMessage.send` under permissions.openapi in the function's config.json), taking
 * `wechatTemplateId` as template_id and mapping `data` to its template's fields, and throwing
 * SubscribeRefused on errcode 43101.
 */
export function unconfiguredSubscribe(): SubscribeSender {
  return {
    async send() {
      throw new Error('subscribe messages are not configured for this deployment: no template ids (cloudfunctions/_lib/subscribe.ts)')
    },
  }
}
