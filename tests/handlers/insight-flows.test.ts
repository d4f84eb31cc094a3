import { definition as shareDefinition } from '../../cloudfunctions/share'
import { definition as signinDefinition } from '../../cloudfunctions/signin'
import { runMemberInsight } from '../../cloudfunctions/_lib/insight-job'
import { MemberInsightResult, SegmentPreviewResult } from '../../shared/insight/api'
import type { Envelope } from './harness'
import { openReports, type ReportsHarness } from './reports-fixtures'

/**
 * The nightly insight over what the real functions write: purchases at the till in two stores, a
 * refund, an invitation paid on the friend's first purchase, a coupon written off, a mall redemption
 * and daily check-ins.
 */
const DAY = 86_400_000
const [ALICE, BOB, CAROL] = ['m-alice', 'm-bob', 'm-carol']
const CLERK = { A: 'clerk-a', B: 'clerk-b' }
const ADMIN = 'op-admin'

let h: ReportsHarness
let as: (fn: 'share' | 'signin', openid: string, event: object) => Promise<Envelope>
beforeAll(async () => {
  h = openReports()
  const fns = { share: shareDefinition.build(h.deps), signin: signinDefinition.build(h.deps) }
  as = (fn, openid, event) => fns[fn](event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  await h.shop('A', null)
  await h.shop('B', null)
  await h.staff(CLERK.A, 'A', 'clerk')
  await h.staff(CLERK.B, 'B', 'clerk')
  await h.staff(ADMIN, 'A', 'admin')
  await h.register(ALICE, '13900000001', { nickname: '小红', region: ['山东省', '青岛市'] })
  const code = (await h.ok(as('share', ALICE, { action: 'invite' }))).code
  await h.register(BOB, '13900000002', { invite: code })
  await h.register(CAROL, '13900000003')
  await h.item({ id: 'cup', pricePoints: 100, stock: 20, storeIds: null })
  await h.template({ id: 'c20', kind: 'cash', offFen: 2000, thresholdFen: 10_000 })

  await h.accrue(CLERK.A, ALICE, 'POS-1', 30_000)
  await h.accrue(CLERK.B, BOB, 'POS-2', 10_000) // Bob's first purchase pays Alice's invitation
  await h.ok(h.call(CLERK.A, { action: 'writeOff', couponCode: await h.claim(ALICE, 'c20') }))
  await h.ok(as('signin', CAROL, { action: 'checkIn' }))
  h.advance(DAY)
  await h.accrue(CLERK.B, ALICE, 'POS-3', 50_000)
  await h.ok(as('signin', CAROL, { action: 'checkIn' }))
  h.advance(DAY)
  await h.accrue(CLERK.A, ALICE, 'POS-4', 20_000)
  await h.refund(CLERK.A, 'POS-4', 5_000)
  await h.ok(as('signin', CAROL, { action: 'checkIn' }))
  await h.accrue(CLERK.A, CAROL, 'POS-5', 1_000)
  await h.give(CAROL, 200)
  await h.order(CAROL, 'cup')
  h.advance(DAY)
  expect(await runMemberInsight(h.deps, h.clock.now())).toMatchObject({ status: 'done', members: 3 })
})
afterAll(() => h.close())

const insightOf = async (openid: string) => MemberInsightResult.parse(await h.ok(h.admin(ADMIN, { action: 'memberInsight', memberId: h.memberId(openid) }))).insight!

test('visits and spend come from the purchase days after refunds; the store from the till purchases', async () => {
  expect(await insightOf(ALICE)).toMatchObject({
    visits: 3,
    spendFen: 30_000 + 50_000 + 15_000,
    lastVisit: '2027-02-02',
    daysSinceVisit: 1,
    preferredStore: { id: 'A', name: '门店 A' },
    preferredChannel: 'till',
    channels: { till: 3, mall: 0, invite: 1 },
    convertedInvites: 1,
    couponsUsed: 1,
    mallOrders: 0,
    lifecycle: 'new',
    topSpender: true,
    unclaimed: false,
  })
  expect(await insightOf(BOB)).toMatchObject({ visits: 1, spendFen: 10_000, convertedInvites: 0, preferredStore: { id: 'B' }, channels: { till: 1, invite: 1 }, topSpender: false })
})

test('check-ins and a redemption make play the preferred channel; a segment finds the sharer and the mall user', async () => {
  expect(await insightOf(CAROL)).toMatchObject({ preferredChannel: 'play', channels: { play: 3, till: 1, mall: 1 }, mallOrders: 1, couponsUsed: 0, preferredStore: { id: 'A' } })
  const sharers = SegmentPreviewResult.parse(await h.ok(h.admin(ADMIN, { action: 'segmentPreview', filter: { convertedInvites: { min: 1 } } })))
  expect(sharers.sample.map((m) => m.nickname)).toEqual(['小红'])
  const mall = SegmentPreviewResult.parse(await h.ok(h.admin(ADMIN, { action: 'segmentPreview', filter: { mallOrders: { min: 1 }, regions: ['青岛市'] } })))
  expect(mall.count).toBe(0)
  const qingdao = SegmentPreviewResult.parse(await h.ok(h.admin(ADMIN, { action: 'segmentPreview', filter: { regions: ['青岛市'], couponsUsed: { min: 1 } } })))
  expect(qingdao).toMatchObject({ count: 1, members: 3, sample: [{ phone: '13900000001', region: ['山东省', '青岛市'] }] })
})
