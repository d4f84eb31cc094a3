import { shanghaiDay } from '../day'
import type { FieldType } from './message-fields'

/**
 * WeChat's rules for the value of each keyword of a subscribe-message template. A keyword is named
 * by its type and its place in the template (`thing1`, `time2`, `number3`…), and WeChat refuses a
 * send (errcode 47003) whose value breaks its type's rule: a thing is at most 20 characters, a
 * number digits only, a phrase at most 5 Chinese characters, a time or date in WeChat's format.
 * Huika makes each value fit here, shortening text where that keeps its sense, before it is sent.
 */
export const WECHAT_KEY_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'enum',
] as const
export type WeChatKeyType = (typeof WECHAT_KEY_TYPES)[number]

/** `thing1`, `character_string12`: a keyword's type and its number in the template. */
export const WECHAT_KEY = new RegExp(`^(${WECHAT_KEY_TYPES.join('|')})([1-9][0-9]?)$`)

export const keyTypeOf = (key: string): WeChatKeyType | null => (WECHAT_KEY.exec(key)?.[1] as WeChatKeyType | undefined) ?? null

/** The names WeChat's console gives the types (模板详情 shows 「物品名称 {{thing1.DATA}}」). */
export const KEY_TYPE_LABELS: Record<WeChatKeyType, string> = {
  thing: '事物',
  number: '数字',
  letter: '字母',
  symbol: '符号',
  character_string: '字符串',
  time: '时间',
  date: '日期',
  amount: '金额',
  phone_number: '电话',
  car_number: '车牌',
  name: '姓名',
  phrase: '汉字',
  enum: '枚举值',
}

/** A value to put in a keyword: a message field of a known type, or the operator's fixed text. */
export type SourceType = FieldType | 'literal'
export interface SourceValue {
  type: SourceType
  /** Text and numbers as given, a day as YYYY-MM-DD, an instant as an ISO string. */
  raw: string
  /** For a day in a `time` keyword: the time of day it stands for. */
  time?: string
}

/**
 * What each keyword type can be filled from. Huika has no letters, symbols, money, phone or car
 * numbers in its messages: those keywords take the operator's fixed text. A day goes in a time
 * keyword with the time of day its field stands for; WeChat wants a time there.
 */
export const ACCEPTS: Record<WeChatKeyType, readonly SourceType[]> = {
  thing: ['text', 'number', 'day', 'instant', 'literal'],
  number: ['number', 'literal'],
  letter: ['literal'],
  symbol: ['literal'],
  character_string: ['number', 'day', 'literal'],
  time: ['day', 'instant'],
  date: ['day', 'instant'],
  amount: ['literal'],
  phone_number: ['literal'],
  car_number: ['literal'],
  name: ['text', 'literal'],
  phrase: ['text', 'literal'],
  enum: ['literal'],
}

export type Formatted = { ok: true; value: string } | { ok: false; reason: string }
const ok = (value: string): Formatted => ({ ok: true, value })
const no = (reason: string): Formatted => ({ ok: false, reason })

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const HAN = /\p{Script=Han}/u
const chars = (s: string) => Array.from(s)
/** One line: WeChat takes no line breaks or other control characters. */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()
const cut = (s: string, n: number) => chars(s).slice(0, n).join('')

/** 2027年2月5日 (WeChat's date format). */
const chineseDay = (day: string) => {
  const [, y, m, d] = DAY.exec(day)!
  return `${y}年${Number(m)}月${Number(d)}日`
}

/** An ISO instant as an Asia/Shanghai day and HH:mm. */
function shanghaiParts(iso: string): { day: string; time: string } | null {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return null
  const day = shanghaiDay(at)
  const minutes = Math.floor((at.getTime() - Date.parse(`${day}T00:00:00+08:00`)) / 60_000)
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  return { day, time }
}

/** The value as a day and, where it has one, a time of day; null when it is neither. */
function when(v: SourceValue): { day: string; time: string | null } | null {
  if (v.type === 'day') return DAY.test(v.raw) ? { day: v.raw, time: v.time ?? null } : null
  if (v.type === 'instant') return shanghaiParts(v.raw)
  return null
}

/** The text of `v` made to fit the keyword type `type`, or why it cannot be. */
export function formatValue(type: WeChatKeyType, v: SourceValue): Formatted {
  if (!ACCEPTS[type].includes(v.type)) return no(`${KEY_TYPE_LABELS[type]}类关键词不能填这种内容`)
  const w = when(v)
  if ((v.type === 'day' || v.type === 'instant') && !w) return no(`「${v.raw}」不是日期`)
  if (type === 'date') return ok(chineseDay(w!.day))
  if (type === 'time') return w!.time ? ok(`${chineseDay(w!.day)} ${w!.time}`) : no('没有具体时间')
  // A day in a character string stays 2027-02-05 (no Chinese there); elsewhere WeChat's format.
  const s = !w ? oneLine(v.raw) : type === 'character_string' ? w.day : v.type === 'instant' ? `${chineseDay(w.day)} ${w.time}` : chineseDay(w.day)
  if (s === '') return no('内容为空')
  switch (type) {
    case 'thing':
      return ok(chars(s).length > 20 ? `${cut(s, 19)}…` : s)
    case 'number': {
      const n = s.replace(/,/g, '')
      return /^\d+(\.\d+)?$/.test(n) && n.length <= 32 ? ok(n) : no(`「${s}」不是数字（只能是数字，可带小数）`)
    }
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(s) ? ok(s) : no('只能是 32 个以内的字母')
    case 'symbol':
      return /^[^\p{L}\p{N}\s]{1,5}$/u.test(s) ? ok(s) : no('只能是 5 个以内的符号')
    case 'character_string':
      return /^[\x21-\x7e]+$/.test(s) ? ok(cut(s, 32)) : no('只能是数字、字母或符号')
    case 'amount':
      return /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(s) ? ok(s) : no('应为币种符号加 10 位以内的数字，如 ¥128.00')
    case 'phone_number':
      return /^[0-9+\-()]{1,17}$/.test(s) ? ok(s) : no('应为 17 位以内的数字和符号，如 400-123-4567')
    case 'car_number':
      return /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]{0,6}\p{Script=Han}?$/u.test(s) && chars(s).length <= 8 ? ok(s) : no('应为 8 位以内的车牌号')
    case 'name':
      // A name with any Chinese counts as Chinese: at most 10 characters; otherwise 20.
      return ok(cut(s, HAN.test(s) ? 10 : 20))
    case 'phrase': {
      const han = chars(s).filter((c) => HAN.test(c)).join('')
      return han ? ok(cut(han, 5)) : no(`「${s}」没有汉字（只能是 5 个以内的汉字）`)
    }
    case 'enum':
      return ok(s)
  }
}
