import { wechatData } from '../../shared/messaging/wechat-mapping'
import type { CloudBaseApp } from './deps'
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
  /** Which field fills each keyword of that WeChat template (config/messaging, passed by `deliver`). */
  wechatFields?: Record<string, string>
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

/** Which build of the mini-program a message opens (`miniprogram_state`): the released one, a trial or a developer build. */
const STATES: readonly string[] = ['formal', 'trial', 'developer']

export interface CloudSubscribeOptions {
  now: () => Date
  /** `HUIKA_MINIPROGRAM_STATE` of the function's environment; unset means `formal`. */
  state?: string
}

/** What `app.callWxOpenApi` resolves to: WeChat's answer parsed in `result`, or the platform's error. */
type OpenApiAnswer = { code?: string; message?: string; result?: unknown }
type SendAnswer = { errcode?: number; errmsg?: string }

/**
 * The cloud adapter: WeChat's `subscribeMessage.send` (POST /cgi-bin/message/subscribe/send)
 * through CloudBase's open-API call, which needs no access_token; the function's config.json lists
 * `subscribeMessage.send` under permissions.openapi. The template's `wechatFields` fill WeChat's
 * keywords from the message's text and data, each made to fit its type (wechat-values.ts).
 * WeChat's 43101 (no opt-in left) throws SubscribeRefused; anything else thrown is a failed send
 * whose opt-in `deliver` gives back: a template with no WeChat id or keyword mapping, data WeChat
 * refused (47003), a wrong template id (40037).
 */
export function cloudSubscribe(app: Pick<CloudBaseApp, 'callWxOpenApi'>, options: CloudSubscribeOptions): SubscribeSender {
  const state = options.state?.trim() || 'formal'
  return {
    async send(m) {
      const id = m.wechatTemplateId ?? ''
      const name = `subscribe template ${m.template}`
      if (!STATES.includes(state)) throw new Error(`HUIKA_MINIPROGRAM_STATE must be formal, trial or developer, not ${JSON.stringify(state)}`)
      if (id === '') throw new Error(`${name} has no WeChat template id: set it in the console, 设置 → 消息与授权 (config/messaging)`)
      const fields = m.wechatFields ?? {}
      if (Object.keys(fields).length === 0) throw new Error(`${name} (${id}) maps no WeChat keywords to message fields: set them in the console, 设置 → 消息与授权`)
      const filled = wechatData(fields, m, options.now())
      if (!filled.ok) throw new Error(`${name} (${id}), keyword ${filled.key}: ${filled.reason}`)
      const requestData = {
        touser: m.to,
        template_id: id,
        page: m.page.replace(/^\//, ''),
        data: filled.data,
        miniprogram_state: state,
        lang: 'zh_CN',
      }
      const res = (await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData })) as OpenApiAnswer
      if (res.code) throw new Error(`subscribeMessage.send: ${res.code} ${res.message ?? ''}`)
      const answer = (typeof res.result === 'object' && res.result !== null ? res.result : {}) as SendAnswer
      if (answer.errcode === 0) return
      const said = `errcode ${answer.errcode ?? '?'} ${answer.errmsg ?? String(res.result)}`
      if (answer.errcode === 43101) throw new SubscribeRefused(`${name} (${id}): WeChat says the member has no opt-in left (${said})`)
      if (answer.errcode === 47003) throw new Error(`${name} (${id}): WeChat refused the data (${said}); check its keyword mapping: ${JSON.stringify(filled.data)}`)
      if (answer.errcode === 40037) throw new Error(`${name}: WeChat does not know template id ${id} (${said}); check it in the console`)
      throw new Error(`${name} (${id}): subscribeMessage.send failed (${said})`)
    },
  }
}

/**
 * Where there is no WeChat to send through (the local server's production mode): every send is
 * refused with a clear reason (the job logs it and retries on its next run) rather than pretending.
 */
export function unconfiguredSubscribe(): SubscribeSender {
  return {
    async send() {
      throw new Error('subscribe messages cannot be sent here: there is no WeChat open API outside CloudBase (cloudfunctions/_lib/subscribe.ts)')
    },
  }
}
