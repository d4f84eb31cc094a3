import * as z from '../zod'

/**
 * A multiplier as an exact decimal string ('1', '1.5', '2.25', at most 4 decimals). Kept as text and
 * computed in basis points with BigInt (earning-rules.ts), so '1.1' is exactly 11000/10000 and never
 * 1.1000000000000001. Its own module so the mini-program can validate one without the BigInt arithmetic.
 */
export const Multiplier = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, '倍数应为最多 4 位小数的数字，例如 1.5')
export type Multiplier = z.infer<typeof Multiplier>
