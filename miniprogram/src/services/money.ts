import { zheText } from '../../../shared/money'

/**
 * Amounts typed at the till (and in the tier page's "what if I spend" calculator) are yuan with up
 * to two decimals; the server takes integer fen.
 * The decimal string is split and read as two integers, never through a float, so
 * "19.99" is exactly 1999 fen (19.99 * 100 is 1998.9999999999998 in floating point).
 */
export type YuanError = 'empty' | 'format' | 'decimals' | 'zero' | 'tooLarge'

/** The till's ceiling, the same as the server's AmountFen: ¥1,000,000 per order. */
export const MAX_FEN = 100_000_000

export function yuanToFen(input: string): { ok: true; fen: number } | { ok: false; error: YuanError } {
  const s = input.trim().replace(/^[¥￥]\s*/, '').replace(/,/g, '')
  if (!s) return { ok: false, error: 'empty' }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (!m[1] && !m[2])) return { ok: false, error: 'format' }
  const [, whole, frac = ''] = m
  if (frac.length > 2) return { ok: false, error: 'decimals' }
  const digits = whole.replace(/^0+(?=\d)/, '')
  // Anything past nine integer digits is above the ceiling; checking the length first keeps
  // the arithmetic below within exact integers.
  if (digits.length > 9) return { ok: false, error: 'tooLarge' }
  const fen = Number(digits || '0') * 100 + Number(frac.padEnd(2, '0'))
  if (fen === 0) return { ok: false, error: 'zero' }
  if (fen > MAX_FEN) return { ok: false, error: 'tooLarge' }
  return { ok: true, fen }
}

/** 12850 → "128.50", for showing fen as yuan; integer arithmetic only. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A percent off as Chinese retail writes it: 5 → "95折", 10 → "9折". 0 has no 折 form (callers show "no discount"). */
export const zhe = (discountPercent: number): string => zheText(100 - discountPercent)
