import { Phone } from '../phone'
import { Birthday, Nickname } from './schemas'

/**
 * One row of a member import file (CSV or XLSX), read and checked without touching the database.
 * Cells come as the parsers give them: strings from CSV; strings, numbers, Dates from XLSX.
 */
export type Cell = string | number | boolean | Date | null | undefined

export type ImportField = 'phone' | 'name' | 'birthday' | 'tier' | 'points'

/** A member as the file describes them, normalized. */
export interface ImportRow {
  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  row: number
  phone: string
  nickname: string | null
  birthday: string | null
  /** A level id of the programme in force, or null (the base level). */
  levelId: string | null
  /** The opening balance; 0 for none. */
  points: number
}

export interface RowError {
  row: number
  field: ImportField | null
  message: string
}

export type RowResult = { ok: true; value: ImportRow } | { ok: false; errors: RowError[] }

/** Header names each column is known by, compared without case, spaces, BOM or a note in brackets. */
const ALIASES: Record<ImportField, string[]> = {
  phone: ['手机号', '手机', '手机号码', '电话', 'phone', 'mobile', 'phonenumber'],
  name: ['姓名', '昵称', '名字', 'name', 'nickname'],
  birthday: ['生日', '出生日期', 'birthday', 'birthdate', 'dateofbirth'],
  tier: ['等级', '会员等级', 'tier', 'level'],
  points: ['积分', '期初积分', '积分余额', '开户积分', 'points', 'balance', 'openingbalance'],
}

export const FIELD_LABELS: Record<ImportField, string> = { phone: '手机号', name: '姓名', birthday: '生日', tier: '等级', points: '期初积分' }

/** The largest opening balance accepted: a typo in the thousands of millions is refused, not credited. */
export const MAX_OPENING_POINTS = 100_000_000

const normalizeHeader = (h: Cell): string =>
  String(h ?? '')
    .replace(/^\uFEFF/, '')
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s_*-]+/g, '')
    .toLowerCase()

export type Columns = Partial<Record<ImportField, number>>

/** Which column holds which field; the phone column is required. The first column of a kind wins. */
export function mapHeader(header: Cell[]): { ok: true; columns: Columns } | { ok: false; message: string } {
  const columns: Columns = {}
  header.forEach((h, i) => {
    const name = normalizeHeader(h)
    const field = (Object.keys(ALIASES) as ImportField[]).find((f) => ALIASES[f].includes(name))
    if (field && columns[field] === undefined) columns[field] = i
  })
  if (columns.phone === undefined) return { ok: false, message: '找不到手机号列：表头应包含“手机号”或“phone”' }
  return { ok: true, columns }
}

const text = (c: Cell): string => {
  if (c === null || c === undefined) return ''
  if (c instanceof Date) return c.toISOString()
  return String(c).trim()
}

/** 138 1234 5678, 138-1234-5678, +86 13812345678 and a number cell all mean 13812345678. */
function parsePhone(c: Cell): { ok: true; value: string } | { ok: false; message: string } {
  const raw = text(c).replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '')
  if (raw === '') return { ok: false, message: '手机号不能为空' }
  const parsed = Phone.safeParse(raw)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `手机号“${text(c)}”不是有效的 11 位大陆手机号` }
}

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`

/** Day 0 of Excel's 1900 date system, as the spreadsheets count it (it keeps Lotus's 1900-02-29). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/** A birthday as YYYY-MM-DD: from YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, an Excel date cell or serial number. */
export function parseBirthday(c: Cell, today: string): { ok: true; value: string | null } | { ok: false; message: string } {
  let day: string | null = null
  if (c instanceof Date) {
    // exceljs reads date cells as UTC midnights of the calendar day shown.
    if (!Number.isNaN(c.getTime())) day = ymd(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate())
  } else if (typeof c === 'number') {
    if (Number.isInteger(c) && c > 0 && c < 2_958_466) day = new Date(EXCEL_EPOCH + c * 86_400_000).toISOString().slice(0, 10)
  } else {
    const s = text(c)
    if (s === '') return { ok: true, value: null }
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s)
    if (m) day = ymd(Number(m[1]), Number(m[2]), Number(m[3]))
  }
  const parsed = day === null ? null : Birthday.safeParse(day)
  if (!parsed?.success) return { ok: false, message: `生日“${text(c)}”无法识别，请写成 YYYY-MM-DD，例如 1990-05-20` }
  if (parsed.data > today) return { ok: false, message: `生日 ${parsed.data} 晚于今天` }
  return { ok: true, value: parsed.data }
}

/** Non-negative whole points; thousands separators allowed. Empty is 0. */
export function parsePoints(c: Cell): { ok: true; value: number } | { ok: false; message: string } {
  const s = typeof c === 'number' ? String(c) : text(c).replace(/[,，\s]/g, '')
  if (s === '') return { ok: true, value: 0 }
  if (!/^\d+(\.0+)?$/.test(s)) return { ok: false, message: `期初积分“${text(c)}”应为不小于 0 的整数` }
  const n = Number(s)
  if (n > MAX_OPENING_POINTS) return { ok: false, message: `期初积分 ${n} 超过上限 ${MAX_OPENING_POINTS}` }
  return { ok: true, value: n }
}

/** A level of the programme the import matches against. */
export interface LevelName {
  id: string
  name: { zh: string; en?: string }
}

/** The level by id or by name (Chinese or English), ignoring case and spaces. Empty is null. */
export function parseTier(c: Cell, levels: LevelName[]): { ok: true; value: string | null } | { ok: false; message: string } {
  const s = text(c)
  if (s === '') return { ok: true, value: null }
  const key = s.replace(/\s+/g, '').toLowerCase()
  const norm = (x: string | undefined) => (x ?? '').replace(/\s+/g, '').toLowerCase()
  const level = levels.find((l) => norm(l.id) === key || norm(l.name.zh) === key || (l.name.en !== undefined && norm(l.name.en) === key))
  if (level) return { ok: true, value: level.id }
  return { ok: false, message: `没有等级“${s}”，可填：${levels.map((l) => `${l.name.zh}（${l.id}）`).join('、')}` }
}

/** True when every cell is empty: such rows (trailing lines, spacer rows) are not members and not errors. */
export const isBlankRow = (cells: Cell[]): boolean => cells.every((c) => text(c) === '')

/** Reads one data row; every field is checked so the operator sees all of a row's problems at once. */
export function parseRow(cells: Cell[], row: number, columns: Columns, ctx: { levels: LevelName[]; today: string }): RowResult {
  const cell = (f: ImportField) => (columns[f] === undefined ? undefined : cells[columns[f]!])
  const errors: RowError[] = []
  const take = <T>(field: ImportField, r: { ok: true; value: T } | { ok: false; message: string }, fallback: T): T => {
    if (r.ok) return r.value
    errors.push({ row, field, message: r.message })
    return fallback
  }
  const phone = take('phone', parsePhone(cell('phone')), '')
  const rawName = text(cell('name'))
  const name = rawName === '' ? null : Nickname.safeParse(rawName)
  const nickname = name === null ? null : name.success ? name.data : take('name', { ok: false, message: `姓名“${rawName.slice(0, 30)}”超过 20 个字` }, null)
  const birthday = take('birthday', parseBirthday(cell('birthday'), ctx.today), null)
  const levelId = take('tier', parseTier(cell('tier'), ctx.levels), null)
  const points = take('points', parsePoints(cell('points')), 0)
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, value: { row, phone, nickname, birthday, levelId, points } }
}

/** The error for a later row that repeats a phone an earlier row of the same file already has. */
export const repeatedPhone = (row: number, firstRow: number): RowError => ({ row, field: 'phone', message: `手机号与第 ${firstRow} 行重复` })

/** The error for a phone that is already a member's. */
export const phoneIsMember = (row: number): RowError => ({ row, field: 'phone', message: '该手机号已是会员，已跳过' })

/**
 * One CSV line. Text that a spreadsheet would run as a formula (=, +, -, @ first, not a number) is
 * prefixed with ' so a nickname can never become a formula in the operator's Excel.
 */
export function csvLine(cells: Array<string | number | boolean | null | undefined>): string {
  return cells
    .map((c) => {
      if (c === null || c === undefined) return ''
      let s = String(c)
      if (typeof c === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    })
    .join(',')
}

/** One line of the error report (header: 行号,字段,问题). */
export const errorCsvLine = (e: RowError): string => csvLine([e.row, e.field ? FIELD_LABELS[e.field] : '', e.message])
