import * as z from '../zod'
import type { MessageKind } from './kinds'
import { fieldOf, fieldsOf } from './message-fields'
import { ACCEPTS, formatValue, KEY_TYPE_LABELS, keyTypeOf, WECHAT_KEY, type SourceValue } from './wechat-values'

/**
 * How a template's WeChat keywords are filled (config/messaging `templates[].wechatFields`), e.g.
 * `{ "number1": "points", "date2": "expiresOn", "thing3": "=请在到期前使用" }`. Each value is a
 * message field (message-fields.ts), several as `level|to` (the first the message has), and may
 * end with `=fixed text`, used when the message has none of the fields before it.
 */
export type Source = { field: string } | { literal: string }

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/

/** The alternatives of one keyword's value, or null when it is not written as above. */
export function parseSource(text: string): Source[] | null {
  const sources: Source[] = []
  let rest = text.trim()
  while (rest !== '') {
    if (rest.startsWith('=')) {
      const literal = rest.slice(1).trim()
      if (literal === '') return null
      sources.push({ literal })
      return sources
    }
    const bar = rest.indexOf('|')
    const name = (bar < 0 ? rest : rest.slice(0, bar)).trim()
    if (!FIELD_NAME.test(name)) return null
    sources.push({ field: name })
    rest = bar < 0 ? '' : rest.slice(bar + 1).trim()
    if (bar >= 0 && rest === '') return null
  }
  return sources.length > 0 ? sources : null
}

/** A template has at most 5 keywords on WeChat; 10 leaves room for its changes. */
export const WeChatFields = z
  .record(z.string(), z.string().trim().min(1, '请填写关键词对应的字段').max(100))
  .refine((f) => Object.keys(f).length <= 10, '每个模板最多 10 个关键词')
  .superRefine((f, ctx) => {
    // Checked here rather than as the record's key schema, whose issue would not carry this message.
    for (const key of Object.keys(f)) if (!WECHAT_KEY.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `${key}：微信关键词应为类型加序号，如 thing1、time2、number3` })
  })
export type WeChatFields = z.infer<typeof WeChatFields>

const SOURCE_HINT = '应填字段名；多个字段用 | 分隔，取消息里第一个有的；固定文字以 = 开头，放在最后'

/**
 * What is wrong with a template's keywords given the kinds it carries (for its schema and the
 * console): an unknown field, a field or fixed text its keyword type cannot take.
 */
export function mappingIssues(kinds: readonly MessageKind[], fields: Record<string, string>): Array<{ key: string; problem: string }> {
  const known = fieldsOf(kinds)
  const issues: Array<{ key: string; problem: string }> = []
  for (const [key, text] of Object.entries(fields)) {
    const type = keyTypeOf(key)
    if (!type) continue // the key's own rule names it
    const sources = parseSource(text)
    if (!sources) {
      issues.push({ key, problem: SOURCE_HINT })
      continue
    }
    for (const s of sources) {
      const problem =
        'literal' in s ? literalProblem(key, s.literal) : !known.includes(s.field) ? `此模板承载的消息没有字段 ${s.field}（可用：${known.join('、')}）` : fieldProblem(key, s.field)
      if (problem) {
        issues.push({ key, problem })
        break
      }
    }
  }
  return issues
}

function fieldProblem(key: string, name: string): string | null {
  const type = keyTypeOf(key)!
  const field = fieldOf(name)
  if (ACCEPTS[type].includes(field.type)) return null
  if (type === 'time' || type === 'date') return `${KEY_TYPE_LABELS[type]}类关键词只能填日期或时间字段（如 expiresOn、sentAt），${name} 是${field.label}`
  return `${KEY_TYPE_LABELS[type]}类关键词不能填${field.label}（${name}）`
}

function literalProblem(key: string, literal: string): string | null {
  const type = keyTypeOf(key)!
  if (!ACCEPTS[type].includes('literal')) return `${KEY_TYPE_LABELS[type]}类关键词不能填固定文字`
  const f = formatValue(type, { type: 'literal', raw: literal })
  if (!f.ok) return `固定文字${f.reason}`
  // Fixed text is sent as written: what WeChat would not take is refused here, not shortened.
  return f.value === literal ? null : `固定文字不符合${KEY_TYPE_LABELS[type]}类关键词的要求，发送时会变成「${f.value}」`
}

/** One keyword's value, WeChat's shape. */
export type WeChatData = Record<string, { value: string }>

/**
 * The `data` of WeChat's subscribeMessage.send for one message: each keyword filled from its
 * first field the message has, made to fit its type; or the keyword that cannot be filled and why.
 */
export function wechatData(
  fields: Record<string, string>,
  message: { text: string; data: Record<string, string> },
  now: Date,
): { ok: true; data: WeChatData } | { ok: false; key: string; reason: string } {
  const data: WeChatData = {}
  for (const [key, text] of Object.entries(fields)) {
    const type = keyTypeOf(key)
    const sources = parseSource(text)
    if (!type || !sources) return { ok: false, key, reason: `not a WeChat keyword and field list: ${key} = ${text}` }
    const value = pick(sources, message, now)
    if (!value) return { ok: false, key, reason: `the message has none of ${text}` }
    const f = formatValue(type, value)
    if (!f.ok) return { ok: false, key, reason: f.reason }
    data[key] = { value: f.value }
  }
  return { ok: true, data }
}

function pick(sources: Source[], message: { text: string; data: Record<string, string> }, now: Date): SourceValue | null {
  for (const s of sources) {
    if ('literal' in s) return { type: 'literal', raw: s.literal }
    const raw = s.field === 'text' ? message.text : s.field === 'sentAt' ? now.toISOString() : message.data[s.field]
    if (typeof raw === 'string' && raw.trim() !== '') {
      const field = fieldOf(s.field)
      return { type: field.type, raw, time: field.time }
    }
  }
  return null
}
