import { randomBytes, randomInt } from 'node:crypto'

/** Random identifiers and codes, behind an interface so tests can force collisions. */
export interface IdSource {
  /** A document id for a new member. */
  memberId(): string
  /** A 10-digit member number (first digit not 0), printed on the card. */
  memberNo(): string
  /** A 6-digit SMS verification code. */
  smsCode(): string
  /** A coupon's or a mall order's code: 12 Crockford base32 characters, 60 random bits. */
  code(): string
  /** A whole number in [0, n), uniformly, from a cryptographic source (game draws). */
  draw(n: number): number
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export const cryptoIds: IdSource = {
  memberId: () => randomBytes(16).toString('hex'),
  memberNo: () => String(randomInt(1_000_000_000, 10_000_000_000)),
  smsCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
  // 12 bytes, one character of 5 bits from each (the top 3 bits of each byte are dropped).
  code: () => Array.from(randomBytes(12), (b) => CROCKFORD[b & 31]).join(''),
  draw: (n) => randomInt(0, n),
}
