/** Money as Chinese retail writes it. Integer arithmetic only: amounts are integer fen. */

/** 120000 → "1,200", 123456 → "1,234.56": yuan with thousands separators, decimals only when needed. */
export function yuanText(fen: number): string {
  const whole = Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fen % 100 === 0 ? whole : `${whole}.${String(fen % 100).padStart(2, '0')}`
}

/** The share paid, as 折: 95 → "95折", 90 → "9折", 88 → "88折". */
export function zheText(payPercent: number): string {
  return `${payPercent % 10 === 0 ? payPercent / 10 : payPercent}折`
}
