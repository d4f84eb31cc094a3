import { definition as shareDefinition } from '../../cloudfunctions/share'
import { CONFIG } from '../../cloudfunctions/_lib/ledger'
import { memberByOpenid } from '../../cloudfunctions/_lib/members'
import { attributeInvite } from '../../cloudfunctions/_lib/share'
import { InviteResult, StatsResult } from '../../shared/share/schemas'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

const ALICE = 'openid-alice'
const BOB = 'openid-bob'
const CAROL = 'openid-carol'
const CLERK = 'openid-clerk'

let h: MallHarness
let share: (openid: string, event: object) => Promise<Envelope>
beforeEach(async () => {
  h = openMall()
  const fn = shareDefinition.build(h.deps)
  share = (openid, event) => fn(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  await h.staff(CLERK, 'store-a', 'clerk')
  await h.register(ALICE, '13800000001')
})
afterEach(() => h.close())

const invite = async (openid = ALICE) => InviteResult.parse(((await share(openid, { action: 'invite' })) as { data: unknown }).data)
const stats = async (openid = ALICE) => StatsResult.parse(((await share(openid, { action: 'stats' })) as { data: unknown }).data)
const referrals = () => h.store.rawFind('referrals') as unknown as Array<{ _id: string; status: string; rewardedFor: string | null }>
const accrue = async (openid: string, orderId: string) => {
  h.nextCode()
  const res = await h.call(CLERK, { action: 'accrue', memberCode: await h.code(openid), orderId, amountFen: 10_000 })
  if (!res.ok) throw new Error(`accrue: ${res.error.code}`)
}

test('a member gets one invite code, a path to share and a poster code; racing first calls agree; non-members get none', async () => {
  const all = await Promise.all(Array.from({ length: 5 }, () => invite()))
  expect(new Set(all.map((i) => i.code)).size).toBe(1)
  const mine = all[0]
  expect(mine.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
  expect(mine.path).toBe(`/pages/register/index?invite=${mine.code}&from=invite`)
  expect(mine.image).toMatch(/^data:image\/gif;base64,/)
  expect(mine.rules).toEqual({ inviterPoints: 100, inviteePoints: 50, payOn: 'first_purchase' })
  expect(await share('openid-stranger', { action: 'invite' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
})

test('by default a friend who registers earns both sides nothing until their first purchase, then both are paid once', async () => {
  const { code } = await invite()
  await h.register(BOB, '13800000002', { invite: code.toLowerCase() })
  expect(referrals()).toEqual([expect.objectContaining({ status: 'joined' })])
  expect(h.stored(ALICE).balance).toBe(0)
  expect(await stats()).toMatchObject({ code, joined: 1, rewarded: 0, pending: 1, pointsEarned: 0 })

  await accrue(BOB, 'POS-1')
  await accrue(BOB, 'POS-2')
  expect(referrals()).toEqual([expect.objectContaining({ status: 'rewarded', rewardedFor: 'store-a:POS-1' })])
  expect(h.stored(ALICE)).toMatchObject({ balance: 100, ledgerSum: 100 })
  expect(h.stored(BOB)).toMatchObject({ balance: 200 + 50, ledgerSum: 250 }) // two purchases of ¥100 at 1 point a yuan, and the welcome
  const s = await stats()
  expect(s).toMatchObject({ joined: 1, rewarded: 1, pending: 0, pointsEarned: 100 })
  expect(s.friends).toEqual([expect.objectContaining({ nickname: expect.stringMatching(/^会员\d{4}$/), rewarded: true })])
  expect(h.errors).toEqual([])
})

test('paid at registration when the programme says so; the inviter is paid for at most maxRewardedPerInviter friends', async () => {
  await h.deps.db.collection(CONFIG).doc('share').set({ payOn: 'registration', maxRewardedPerInviter: 1, inviter: { points: 30 }, invitee: { points: 20 } })
  const { code } = await invite()
  await h.register(BOB, '13800000002', { invite: code })
  await h.register(CAROL, '13800000003', { invite: code })
  expect(h.stored(ALICE).balance).toBe(30)
  expect(h.stored(BOB).balance).toBe(20)
  expect(h.stored(CAROL).balance).toBe(0)
  expect(referrals().map((r) => r.status).sort()).toEqual(['over_cap', 'rewarded'])
  expect((await stats()).friends.map((f) => f.status).sort()).toEqual(['over_cap', 'rewarded'])
  expect(await stats()).toMatchObject({ joined: 2, rewarded: 1, pointsEarned: 30 })
})

test('unknown codes, self-invites, the inviter’s own phone and a second attribution record nothing, and never fail a registration', async () => {
  await h.register(BOB, '13800000002', { invite: 'ZZZZZZZZ' })
  expect(referrals()).toEqual([])
  const alice = (await memberByOpenid(h.deps.db, ALICE))!
  const bob = (await memberByOpenid(h.deps.db, BOB))!
  const { code } = await invite()
  expect(await attributeInvite(h.deps, alice, code, h.clock.now())).toBe('self-invite')
  expect(await attributeInvite(h.deps, { ...bob, phone: alice.phone }, code, h.clock.now())).toBe('same phone')
  expect(await attributeInvite(h.deps, bob, code, h.clock.now())).toMatchObject({ status: 'joined' })
  expect(await attributeInvite(h.deps, bob, code, h.clock.now())).toBe('already attributed')
  expect(referrals()).toHaveLength(1)
})
