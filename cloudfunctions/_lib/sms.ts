import { metaFields, type MessageMeta, type Outbox } from './outbox'

export interface SmsMessage {
  to: string
  /** The provider's template name; `data` fills it. `text` is the rendered message. */
  template: string
  text: string
  data: Record<string, string>
  meta?: MessageMeta
}

export interface SmsSender {
  /** Resolves once the provider accepted the message; throws if it did not. */
  send(message: SmsMessage): Promise<void>
}

/** Local mode: the message lands in the outbox instead of on a phone. */
export function outboxSms(outbox: Outbox, now: () => Date): SmsSender {
  return {
    async send(m) {
      outbox.push({ channel: 'sms', to: m.to, template: m.template, text: m.text, data: m.data, at: now().toISOString(), ...metaFields(m.meta) })
    },
  }
}

/**
 * The cloud adapter. No SMS provider is wired up yet, so it refuses every send with a clear
 * reason (logged server-side; the caller gets SMS_SEND_FAILED) rather than pretending to send.
 * A deployment plugs in its provider (e.g. Tencent Cloud SMS) by implementing SmsSender here.
 */
export function unconfiguredSms(): SmsSender {
  return {
    async send() {
      throw new Error('SMS is not configured for this deployment: no SmsSender provider is set up (cloudfunctions/_lib/sms.ts)')
    },
  }
}
