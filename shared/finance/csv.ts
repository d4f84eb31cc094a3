/** A cell: text, a number (written as is), or null (an empty cell). */
export type Cell = string | number | null

/** Excel reads a UTF-8 file as the local code page unless it starts with a byte-order mark. */
export const BOM = '\uFEFF'

/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return in
 * front) gets a leading apostrophe: names come from operators and members. Numbers are never touched.
 */
const neutralised = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled. */
function field(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new Error(`not a finite number: ${cell}`)
    return String(cell)
  }
  const s = neutralised(cell)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A CSV document: the BOM, the header, then the rows, lines ended by CRLF (RFC 4180), the last one too. */
export function toCsv(header: string[], rows: Cell[][]): string {
  for (const [i, row] of rows.entries())
    if (row.length !== header.length) throw new Error(`row ${i + 1} has ${row.length} cells, the header ${header.length}`)
  return BOM + [header, ...rows].map((r) => r.map(field).join(',') + '\r\n').join('')
}
