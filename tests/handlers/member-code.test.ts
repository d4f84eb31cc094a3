import { definition } from '../../cloudfunctions/member'
import { hmacSigner } from '../../cloudfunctions/_lib/secret'
import { verifyMemberCode } from '../../shared/member/member-code'
import { MemberCodeResult } from '../../shared/member/schemas'
import { lastCode, openHarness, type Harness } from './harness'

let h: Harness
const members: Record<string, string> = {}

async function register(openid: string, phone: string) {
  await h.call(openid, { action: 'sendCode', phone })
  const res = await h.call(openid, { action: 'register', phone, smsCode: lastCode(h, phone) })
  members[openid] = (res as any).data.member.memberNo
}

beforeEach(async () => {
  h = openHarness(definition)
  await register('openid-alice', '13812345678')
  await register('openid-bob', '13912345678')
})
afterEach(() => h.close())

describe('member.code', () => {
  test('issues a digits-only code bound to the member, valid for about a minute', async () => {
    const res = await h.call('openid-alice', { action: 'code' })
    const { code, expiresAt } = MemberCodeResult.parse(res.ok && res.data)
    expect(code).toMatch(/^\d{22}$/)
    const lifetime = new Date(expiresAt).getTime() - h.clock.now().getTime()
    expect(lifetime).toBeGreaterThan(45_000)
    expect(lifetime).toBeLessThanOrEqual(60_000)

    expect(verifyMemberCode(code, h.clock.now(), h.deps.sign)).toEqual({ ok: true, memberNo: members['openid-alice'], expiresAt: new Date(expiresAt) })
  })

  test('expires: after expiresAt the server no longer accepts it', async () => {
    const res = await h.call('openid-alice', { action: 'code' })
    const { code, expiresAt } = (res as any).data
    h.clock.set(new Date(new Date(expiresAt).getTime() - 1), { frozen: true })
    expect(verifyMemberCode(code, h.clock.now(), h.deps.sign).ok).toBe(true)
    h.clock.set(new Date(expiresAt), { frozen: true })
    expect(verifyMemberCode(code, h.clock.now(), h.deps.sign)).toEqual({ ok: false, reason: 'EXPIRED' })
  })

  test('rotates: a later call gives a different code for the same member', async () => {
    const first = (await h.call('openid-alice', { action: 'code' })) as any
    h.advance(30_000)
    const second = (await h.call('openid-alice', { action: 'code' })) as any
    expect(second.data.code).not.toBe(first.data.code)
    expect(verifyMemberCode(second.data.code, h.clock.now(), h.deps.sign)).toMatchObject({ ok: true, memberNo: members['openid-alice'] })
  })

  test("cannot be moved to another member or verified with another server's secret", async () => {
    const { code } = ((await h.call('openid-alice', { action: 'code' })) as any).data
    const moved = members['openid-bob'] + code.slice(10)
    expect(verifyMemberCode(moved, h.clock.now(), h.deps.sign)).toEqual({ ok: false, reason: 'FORGED' })
    expect(verifyMemberCode(code, h.clock.now(), hmacSigner('another-secret-'.repeat(3)))).toEqual({ ok: false, reason: 'FORGED' })
  })

  test('NOT_REGISTERED for a non-member', async () => {
    expect(await h.call('openid-stranger', { action: 'code' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  })
})
