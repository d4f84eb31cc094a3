import { createHmac } from 'node:crypto'
import { issueMemberCode, MEMBER_CODE_LENGTH, verifyMemberCode, type Signer } from '../../shared/member/member-code'

const signer = (secret: string): Signer => (m) => createHmac('sha256', secret).update(m).digest()
const sign = signer('server-secret-for-tests-0123456789')
const NOW = new Date('2027-01-31T10:00:03+08:00')
const later = (ms: number) => new Date(NOW.getTime() + ms)
const ALICE = '3141592653'
const BOB = '2718281828'

describe('member code', () => {
  test('digits only: member number, expiry slot, MAC', () => {
    const { code, expiresAt } = issueMemberCode(ALICE, NOW, sign)
    expect(code).toMatch(new RegExp(`^\\d{${MEMBER_CODE_LENGTH}}$`))
    expect(code.startsWith(ALICE)).toBe(true)
    expect(expiresAt.getTime() - NOW.getTime()).toBeGreaterThan(50_000)
    expect(expiresAt.getTime() - NOW.getTime()).toBeLessThanOrEqual(60_000)
  })

  test('verifies as its member until it expires', () => {
    const { code, expiresAt } = issueMemberCode(ALICE, NOW, sign)
    expect(verifyMemberCode(code, NOW, sign)).toEqual({ ok: true, memberNo: ALICE, expiresAt })
    expect(verifyMemberCode(code, new Date(expiresAt.getTime() - 1), sign)).toMatchObject({ ok: true })
    expect(verifyMemberCode(code, expiresAt, sign)).toEqual({ ok: false, reason: 'EXPIRED' })
    expect(verifyMemberCode(code, later(10 * 60_000), sign)).toEqual({ ok: false, reason: 'EXPIRED' })
  })

  test("another member's number on the same code is forged", () => {
    const { code } = issueMemberCode(ALICE, NOW, sign)
    expect(verifyMemberCode(BOB + code.slice(10), NOW, sign)).toEqual({ ok: false, reason: 'FORGED' })
  })

  test('a changed expiry or MAC digit is forged', () => {
    const { code } = issueMemberCode(ALICE, NOW, sign)
    const bump = (i: number) => code.slice(0, i) + String((Number(code[i]) + 1) % 10) + code.slice(i + 1)
    expect(verifyMemberCode(bump(13), NOW, sign)).toEqual({ ok: false, reason: 'FORGED' }) // expiry slot
    expect(verifyMemberCode(bump(21), NOW, sign)).toEqual({ ok: false, reason: 'FORGED' }) // MAC
  })

  test('made with another secret, it is forged', () => {
    const { code } = issueMemberCode(ALICE, NOW, signer('someone-elses-secret-000000000000'))
    expect(verifyMemberCode(code, NOW, sign)).toEqual({ ok: false, reason: 'FORGED' })
  })

  test('replayed a day later (when the slot digits come round again) it is rejected', () => {
    const { code } = issueMemberCode(ALICE, NOW, sign)
    // 10^4 slots of 10 s later the 4 slot digits repeat.
    expect(verifyMemberCode(code, later(100_000 * 1000), sign).ok).toBe(false)
    expect(verifyMemberCode(code, later(100_000 * 1000 - 30_000), sign).ok).toBe(false)
  })

  test('malformed input', () => {
    for (const bad of ['', 'abc', ALICE, '1'.repeat(MEMBER_CODE_LENGTH + 1), `${'1'.repeat(MEMBER_CODE_LENGTH - 1)}x`]) {
      expect(verifyMemberCode(bad, NOW, sign)).toEqual({ ok: false, reason: 'MALFORMED' })
    }
  })

  test('issuing needs a 10-digit member number', () => {
    expect(() => issueMemberCode('123', NOW, sign)).toThrow()
  })
})
