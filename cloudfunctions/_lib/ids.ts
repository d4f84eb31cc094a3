import { randomBytes, randomInt } from 'node:crypto'

/** Random identifiers and codes, behind an interface so tests can force collisions. */
export interface IdSource {
  /** A document id for a new member. */
  memberId(): string
  /** A 10-digit member number (first digit not 0), printed on the card. */
  memberNo(): string
  /** A 6-digit SMS verification code. */
  smsCode(): string
}

export const cryptoIds: IdSource = {
  memberId: () => randomBytes(16).toString('hex'),
  memberNo: () => String(randomInt(1_000_000_000, 10_000_000_000)),
  smsCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
}
