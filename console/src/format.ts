/** Integer fen as yuan for display: 123456 → ¥1,234.56. */
export const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

/** Whole numbers with thousands separators. */
export const num = (n: number) => n.toLocaleString('zh-CN')

/** An ISO instant as Asia/Shanghai wall time (UTC+8 all year), YYYY-MM-DD HH:mm. */
export const at = (iso: string) => {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** A day or an instant, whichever the server sent, as the operator reads it. */
export const dayOrTime = (s: string) => (s.includes('T') ? at(s) : s)

/** The current Asia/Shanghai month, YYYY-MM (the browser's clock: only a default for filters). */
export const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)

/** Any value as short text for a table cell. */
export const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '—'
  // Rates (shared/finance/fraction.ts) read as their percentage.
  if (typeof v === 'object' && 'percent' in v && 'denominator' in v) {
    const f = v as { percent: number | null; numerator: number; denominator: number }
    return f.percent === null ? '—' : `${f.percent}%（${f.numerator}/${f.denominator}）`
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}
