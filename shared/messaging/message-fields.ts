import type { MessageKind } from './kinds'

/**
 * The data fields Huika's messages carry (`OutgoingMessage.data`), by kind: what a subscribe
 * template's WeChat keywords can be filled from (config/messaging `templates[].wechatFields`).
 * The senders of each kind fill these (points-expiry-warning, tier-review/notices.ts,
 * tier-congratulation.ts, journeys.ts, campaign-message.ts); a message may lack some of its kind's
 * fields (a level change carries `level` or `from`/`to`), hence the `a|b` alternatives.
 */
export type FieldType = 'text' | 'number' | 'day' | 'instant'

export interface MessageField {
  label: string
  type: FieldType
  /** A day put in a WeChat `time` keyword gets this time of day (the end of a last day, the start of a review). */
  time?: '00:00' | '23:59'
}

export const MESSAGE_FIELDS: Record<string, MessageField> = {
  text: { label: '消息全文', type: 'text' },
  sentAt: { label: '发送时间', type: 'instant' },
  points: { label: '到期积分', type: 'number' },
  expiresOn: { label: '积分到期日', type: 'day', time: '23:59' },
  level: { label: '会员等级', type: 'text' },
  from: { label: '调整前等级', type: 'text' },
  to: { label: '调整后等级', type: 'text' },
  reviewOn: { label: '等级复核日', type: 'day', time: '00:00' },
  lastDay: { label: '保级最后一天', type: 'day', time: '23:59' },
  graceUntil: { label: '降级生效日', type: 'day', time: '00:00' },
  missing: { label: '保级还差的条件', type: 'text' },
  title: { label: '活动或礼遇名称', type: 'text' },
}

/** Every message has its text and the time it is sent (filled by the sender, not by `data`). */
export const BUILT_IN_FIELDS = ['text', 'sentAt'] as const

const KIND_FIELDS: Record<MessageKind, string[]> = {
  'points-expiry': ['points', 'expiresOn'],
  'tier-at-risk': ['level', 'reviewOn', 'lastDay', 'missing'],
  'tier-changed': ['level', 'from', 'to', 'reviewOn', 'lastDay', 'graceUntil', 'missing'],
  welcome: ['title'],
  birthday: ['title'],
  'win-back': ['title'],
  campaign: ['title'],
}

/** The fields a template carrying `kinds` can use: the built-in ones, then those of its kinds. */
export function fieldsOf(kinds: readonly MessageKind[]): string[] {
  return [...new Set([...BUILT_IN_FIELDS, ...kinds.flatMap((k) => KIND_FIELDS[k])])]
}

/** A field not in the catalogue is read as text. */
export const fieldOf = (name: string): MessageField => MESSAGE_FIELDS[name] ?? { label: name, type: 'text' }
