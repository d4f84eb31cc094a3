import { parse } from 'csv-parse/sync'
import type ExcelJS from 'exceljs'
import type { Cell } from '../../shared/member/import-row'

// exceljs is most of the admin bundle (~85 ms of its cold start) and only XLSX imports use it, so it
// is required when one is read; the bundle ships it as a file of its own (scripts/functions-bundle.ts).
const loadExcelJS = (): typeof ExcelJS => require('exceljs') as typeof ExcelJS

/** A table read from an import file: each row's cells and its number as a spreadsheet shows it. */
export interface Table {
  format: 'csv' | 'xlsx'
  rows: Array<{ line: number; cells: Cell[] }>
}

/** XLSX files are ZIP archives: they start with "PK\3\4". Anything else is read as CSV. */
export const isXlsx = (bytes: Buffer): boolean => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50

/**
 * CSV text: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030, which is what
 * Excel on a Chinese Windows writes for "CSV (逗号分隔)".
 */
export function csvText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

function readCsv(bytes: Buffer): Table {
  const text = csvText(bytes)
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  // Tab-separated exports (copied from a sheet) have tabs and no commas in the header.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  const records = parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][]
  // Record n is sheet row n, also when a quoted cell holds a line break (empty lines are kept, as blank rows).
  return { format: 'csv', rows: records.map((cells, i) => ({ line: i + 1, cells })) }
}

/** A cell as exceljs gives it, as a plain value: rich text joined, a formula's result, a link's text. */
function plain(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v
  if ('richText' in v) return v.richText.map((t) => t.text).join('')
  if ('result' in v) return plain((v.result ?? null) as ExcelJS.CellValue)
  if ('text' in v) return typeof v.text === 'string' ? v.text : plain(v.text as ExcelJS.CellValue)
  if ('error' in v) return null
  return String(v)
}

/** The first worksheet of an XLSX workbook. */
async function readXlsx(bytes: Buffer): Promise<Table> {
  const workbook = new (loadExcelJS().Workbook)()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  const rows: Table['rows'] = []
  sheet?.eachRow({ includeEmpty: false }, (row, line) => {
    const values = row.values as ExcelJS.CellValue[] // 1-based: values[0] is empty
    rows.push({ line, cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => plain(values[i + 1])) })
  })
  return { format: 'xlsx', rows }
}

/** Reads an import file; a file neither parser can read throws (the caller reports it on the job). */
export const readTable = (bytes: Buffer): Promise<Table> => (isXlsx(bytes) ? readXlsx(bytes) : Promise.resolve(readCsv(bytes)))
