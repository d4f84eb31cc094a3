/**
 * The rotating member code shown on the card: digits only, so one string serves the QR code, the
 * Code 128 barcode and typing at a till.
 *
 *   memberNo (10) | expiry slot mod 10^4 (4) | MAC (8)   → 22 digits
 *
 * The MAC is an HMAC of the member number and the full expiry slot under the server secret, so a
 * code cannot be forged, guessed, moved to another member or given a later expiry. The signer is
 * injected (node:crypto on the server) so this file stays free of platform imports.
 */

/** HMAC-SHA256 of `message` under the server secret. */
export type Signer = (message: string) => Uint8Array

const SLOT_MS = 10_000
/** Codes live 50–60 s: until the end of the sixth 10-second slot after the one they were issued in. */
const LIFETIME_SLOTS = 6
const SLOT_DIGITS = 4
const SLOT_MOD = 10 ** SLOT_DIGITS
const MAC_DIGITS = 8
const MEMBER_NO_DIGITS = 10
export const MEMBER_CODE_LENGTH = MEMBER_NO_DIGITS + SLOT_DIGITS + MAC_DIGITS
const CODE_PATTERN = new RegExp(`^\\d{${MEMBER_CODE_LENGTH}}$`)

function macDigits(sign: Signer, memberNo: string, expirySlot: number): string {
  const mac = sign(`member-code/v1|${memberNo}|${expirySlot}`)
  // 48 bits stay exact in a double (no BigInt needed on older mini-program runtimes).
  let n = 0
  for (let i = 0; i < 6; i++) n = n * 256 + mac[i]
  return String(n % 10 ** MAC_DIGITS).padStart(MAC_DIGITS, '0')
}

/** Compares without stopping at the first difference. */
function sameDigits(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

export function issueMemberCode(memberNo: string, now: Date, sign: Signer): { code: string; expiresAt: Date } {
  if (!/^\d{10}$/.test(memberNo)) throw new Error('memberNo must be 10 digits')
  const expirySlot = Math.floor(now.getTime() / SLOT_MS) + LIFETIME_SLOTS
  const slotDigits = String(expirySlot % SLOT_MOD).padStart(SLOT_DIGITS, '0')
  return { code: memberNo + slotDigits + macDigits(sign, memberNo, expirySlot), expiresAt: new Date(expirySlot * SLOT_MS) }
}

export type MemberCodeCheck =
  | { ok: true; memberNo: string; expiresAt: Date }
  | { ok: false; reason: 'MALFORMED' | 'FORGED' | 'EXPIRED' }

/** Checks a scanned or typed code: whose it is, and whether it is genuine and still valid at `now`. */
export function verifyMemberCode(code: string, now: Date, sign: Signer): MemberCodeCheck {
  const digits = code.trim()
  if (!CODE_PATTERN.test(digits)) return { ok: false, reason: 'MALFORMED' }
  const memberNo = digits.slice(0, MEMBER_NO_DIGITS)
  const slotPart = Number(digits.slice(MEMBER_NO_DIGITS, MEMBER_NO_DIGITS + SLOT_DIGITS))
  const mac = digits.slice(MEMBER_NO_DIGITS + SLOT_DIGITS)
  // The code carries its expiry slot modulo 10^4 (about 28 hours): take the full slot nearest to now.
  const nowSlot = Math.floor(now.getTime() / SLOT_MS)
  let expirySlot = nowSlot - (nowSlot % SLOT_MOD) + slotPart
  if (expirySlot - nowSlot > SLOT_MOD / 2) expirySlot -= SLOT_MOD
  else if (nowSlot - expirySlot > SLOT_MOD / 2) expirySlot += SLOT_MOD
  if (!sameDigits(mac, macDigits(sign, memberNo, expirySlot))) return { ok: false, reason: 'FORGED' }
  // A genuine code never expires further ahead than its lifetime (one slot of clock skew allowed).
  if (expirySlot > nowSlot + LIFETIME_SLOTS + 1) return { ok: false, reason: 'FORGED' }
  const expiresAt = new Date(expirySlot * SLOT_MS)
  if (now >= expiresAt) return { ok: false, reason: 'EXPIRED' }
  return { ok: true, memberNo, expiresAt }
}
