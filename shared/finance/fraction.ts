/**
 * A ratio kept exact: the numerator and denominator as counted, and the percentage rounded to two
 * decimals for reading (null when the denominator is not positive: no meaningful ratio).
 */
export interface Fraction {
  numerator: number
  denominator: number
  percent: number | null
}

export function fraction(numerator: number, denominator: number): Fraction {
  // Integer arithmetic up to the last step: round(n × 10000 / d) hundredths of a percent.
  const percent = denominator > 0 ? Math.round((numerator * 10_000) / denominator) / 100 : null
  return { numerator, denominator, percent }
}
