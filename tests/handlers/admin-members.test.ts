import { definition as adminDefinition } from '../../cloudfunctions/admin'
import { definition as signinDefinition } from '../../cloudfunctions/signin'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { AdjustPointsResult, IssueCouponResult, MemberDetail, SearchMembersResult, TimelineResult, type TimelineEvent } from '../../shared/admin/schemas'
import { ClaimResult } from '../../shared/coupon/schemas'
import { newMemberRecord } from '../../shared/member/member-record'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai (02:00 UTC).
const MIN = 60_000
const ALICE = 'openid-alice'
const BOB = 'openid-bob'
const CAROL = 'openid-carol'
const MANAGER = 'openid-manager'
const ADMIN = 'openid-admin'
const CLERK = 'openid-clerk'

let h: MallHarness
let admin: (openid: string, event: object) => Promise<Envelope>
let signin: (openid: string, event: object) => Promise<Envelope>
beforeEach(async () => {
  h = openMall()
  const a = adminDefinition.build(h.deps)
  admin = (openid, event) => a(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  const s = signinDefinition.build(h.deps)
  signin = (openid, event) => s(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  await h.addStore('S1', null)
  await h.staff(MANAGER, 'S1', 'manager', { name: '李店长' })
  await h.staff(ADMIN, 'HQ', 'admin', { name: '总部' })
  await h.staff(CLERK, 'S1', 'clerk')
  await h.register(ALICE, '13812345678', { nickname: '小红' })
  h.advance(MIN)
  await h.register(BOB, '13912345678', { nickname: '小明' })
  h.advance(MIN)
  await h.register(CAROL, '13712345678', { nickname: '大.卫' })
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

const id = (openid: string) => h.memberId(openid)
const data = <T>(res: Envelope): T => {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data as T
}
const search = async (q: string, as = MANAGER) => SearchMembersResult.parse(data(await admin(as, { action: 'searchMembers', q })))
const detail = async (openid: string, as = MANAGER) => MemberDetail.parse(data(await admin(as, { action: 'member', memberId: id(openid) })))
let requests = 0
const adjust = (openid: string, points: number, extra: object = {}, as = MANAGER) =>
  admin(as, { action: 'adjustPoints', memberId: id(openid), points, reason: '客诉补偿', requestId: `adj-${String(++requests).padStart(6, '0')}`, ...extra })
const ledger = (openid: string) =>
  (h.store.rawFind('ledger') as unknown as LedgerEntry[]).filter((e) => e.memberId === id(openid)).sort((a, b) => a.seq - b.seq)
const changes = () => h.store.rawFind('operator_changes') as Array<Record<string, any>>

/** Every page of the member's timeline, following the cursors. */
async function wholeTimeline(openid: string): Promise<{ events: TimelineEvent[]; pages: number }> {
  const events: TimelineEvent[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = TimelineResult.parse(data(await admin(MANAGER, { action: 'timeline', memberId: id(openid), ...(cursor ? { cursor } : {}) })))
    expect(page.events.length).toBeLessThanOrEqual(30)
    events.push(...page.events)
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 20)
  return { events, pages }
}

describe('admin.searchMembers', () => {
  test('an 11-digit phone finds that member: masked for a manager, in full for an admin', async () => {
    await h.give(ALICE, 250)
    expect((await search('13812345678')).members).toEqual([
      { memberId: id(ALICE), memberNo: expect.stringMatching(/^\d{10}$/), phone: '138****5678', nickname: '小红', tier: { id: 'basic', name: expect.objectContaining({ zh: expect.any(String) }) }, balance: 250, registeredAt: '2027-01-31T02:00:00.000Z' },
    ])
    expect((await search('13812345678', ADMIN)).members[0].phone).toBe('13812345678')
    expect(await search('13800000000')).toEqual({ members: [], more: false })
  })

  test('a 10-digit member number finds that member exactly', async () => {
    const { memberNo } = (await search('13912345678')).members[0]
    expect((await search(memberNo)).members.map((m) => m.memberId)).toEqual([id(BOB)])
    expect((await search(` ${memberNo} `)).members.map((m) => m.memberId)).toEqual([id(BOB)])
  })

  test('anything else is a nickname prefix, taken literally, in nickname order', async () => {
    await h.register('openid-dan', '13612345678', { nickname: '小红帽' })
    expect((await search('小')).members.map((m) => m.nickname)).toEqual(['小明', '小红', '小红帽'])
    expect((await search('小红')).members.map((m) => m.nickname)).toEqual(['小红', '小红帽'])
    expect((await search('红')).members).toEqual([])
    // A regular-expression character is matched as itself.
    expect((await search('大.')).members.map((m) => m.memberId)).toEqual([id(CAROL)])
    expect((await search('.')).members).toEqual([])
  })

  test('a whole nickname finds its member first, however many newer members share the prefix; the same nickname newest first', async () => {
    for (let i = 0; i < 25; i++) {
      h.advance(MIN)
      await h.register(`openid-fan-${i}`, `135${String(i).padStart(8, '0')}`, { nickname: `小红${String.fromCharCode(0x4e00 + i)}` })
    }
    h.advance(MIN)
    await h.register('openid-twin', '13512340000', { nickname: '小红' })
    const page = await search('小红')
    expect(page.more).toBe(true)
    expect(page.members).toHaveLength(20)
    // Newest first, Alice's 小红 would have been left out behind 26 newer members.
    expect(page.members.slice(0, 2).map((m) => m.memberId)).toEqual([id('openid-twin'), id(ALICE)])
    expect(page.members.slice(2).map((m) => m.nickname)).toEqual(Array.from({ length: 18 }, (_, i) => `小红${String.fromCharCode(0x4e00 + i)}`))
  })

  test('only operators: a clerk and a member get NOT_OPERATOR, an empty query INVALID_INPUT', async () => {
    for (const who of [CLERK, ALICE]) expect(await admin(who, { action: 'searchMembers', q: '小' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    expect(await admin(CLERK, { action: 'member', memberId: id(ALICE) })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    expect(await adjust(ALICE, 10, {}, CLERK)).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    expect(await admin(MANAGER, { action: 'searchMembers', q: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})

describe('admin.member', () => {
  test('profile, level with the ladder, points with lots, coupons and mall orders', async () => {
    await h.give(ALICE, 1000)
    await h.template({ id: 'cash20' })
    data(await h.coupon(ALICE, { action: 'claim', templateId: 'cash20' }))
    await h.item({ id: 'latte' })
    data(await h.redeem(ALICE, 'latte'))
    const d = await detail(ALICE)
    expect(d.member).toMatchObject({ memberId: id(ALICE), phone: '138****5678', nickname: '小红', balance: 900, claimed: true, gender: 'unknown' })
    expect(d.tier).toMatchObject({ levelId: 'basic', reviewOn: null, manual: null })
    expect(d.tier.levels.map((l) => l.id)).toEqual(['basic', 'silver', 'gold', 'black'])
    expect(d.account).toMatchObject({ balance: 900, spendable: 900, pending: 0, shortfall: 0 })
    expect(d.account.lots).toEqual([{ id: 'gift-1', points: 1000, remaining: 900, expiresOn: '2028-01-31', availableOn: null }])
    expect(d.coupons).toEqual([{ code: expect.any(String), title: '满100减20', status: 'usable', validUntil: '2027-03-01' }])
    expect(d.orders).toEqual([{ code: expect.any(String), title: '拿铁咖啡', status: 'awaiting_pickup', points: 100, createdAt: '2027-01-31T02:02:00.000Z' }])
    expect((await detail(ALICE, ADMIN)).member.phone).toBe('13812345678')
  })

  test('an imported member not yet opened in the mini-program is not claimed; an unknown id is MEMBER_NOT_FOUND', async () => {
    const record = newMemberRecord({ id: 'imp-1', openid: 'import:imp-1', unionid: null, phone: '13600000001', phoneSimulated: false, memberNo: '1999999999', profile: {}, now: h.clock.now() })
    await h.deps.db.collection(MEMBERS).add(record)
    const d = MemberDetail.parse(data(await admin(MANAGER, { action: 'member', memberId: 'imp-1' })))
    expect(d.member).toMatchObject({ claimed: false, nickname: null, balance: 0 })
    expect(await admin(MANAGER, { action: 'member', memberId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'MEMBER_NOT_FOUND' } })
  })
})

describe('admin.adjustPoints', () => {
  test('adds a lot valid 365 days and takes points back, as adjust entries recorded as the manager\'s store', async () => {
    const added = AdjustPointsResult.parse(data(await adjust(ALICE, 500, { requestId: 'form-0001' })))
    expect(added).toEqual({ entryId: 'adjust:form-0001', balance: 500, repeated: false })
    const taken = AdjustPointsResult.parse(data(await adjust(ALICE, -120)))
    expect(taken.balance).toBe(380)
    expect(ledger(ALICE).map((e) => [e._id, e.kind, e.points, e.source])).toEqual([
      ['adjust:form-0001', 'adjust', 500, { kind: 'admin', id: MANAGER, storeId: 'S1' }],
      [taken.entryId, 'adjust', -120, { kind: 'admin', id: MANAGER, storeId: 'S1' }],
    ])
    expect(ledger(ALICE)[0].lot).toEqual({ expiresOn: '2028-01-31', availableOn: null })
    expect(changes().map((c) => [c.kind, c.targetId, c.action, c.reason, c.before, c.after, c.by.openid])).toEqual([
      ['member', id(ALICE), 'adjustPoints', '客诉补偿', { balance: 0 }, { balance: 500, points: 500 }, MANAGER],
      ['member', id(ALICE), 'adjustPoints', '客诉补偿', { balance: 500 }, { balance: 380, points: -120 }, MANAGER],
    ])
    data(await adjust(ALICE, 20, {}, ADMIN))
    expect(ledger(ALICE)[2].source).toEqual({ kind: 'admin', id: ADMIN, storeId: null })
    const account = h.store.rawGet('accounts', id(ALICE)) as unknown as { balance: number }
    expect(account.balance).toBe(400)
    expect(ledger(ALICE).reduce((s, e) => s + e.points, 0)).toBe(400)
  })

  test('taking more than is spendable is INSUFFICIENT_POINTS and writes nothing', async () => {
    await h.give(ALICE, 100)
    const before = h.snapshot('accounts', 'ledger', 'operator_changes')
    expect(await adjust(ALICE, -101)).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS', message: expect.stringContaining('100') } })
    expect(h.snapshot('accounts', 'ledger', 'operator_changes')).toBe(before)
  })

  test('a repeated requestId adjusts once; the same requestId for another change is refused', async () => {
    const first = data(await adjust(ALICE, 300, { requestId: 'form-0002' }))
    expect(await adjust(ALICE, 300, { requestId: 'form-0002' })).toEqual({ ok: true, data: { ...(first as object), repeated: true } })
    expect(await adjust(ALICE, 301, { requestId: 'form-0002' })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } })
    expect(await adjust(BOB, 300, { requestId: 'form-0002' })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } })
    expect(ledger(ALICE)).toHaveLength(1)
    expect(ledger(BOB)).toHaveLength(0)
    expect(changes()).toHaveLength(1)
  })

  test('a reason, non-zero whole points and a requestId are required', async () => {
    const base = { action: 'adjustPoints', memberId: id(ALICE), points: 10, reason: '补录', requestId: 'form-0003' }
    const { reason: _r, ...noReason } = base
    expect(await admin(MANAGER, noReason)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'reason' } })
    expect(await admin(MANAGER, { ...base, reason: ' ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'reason' } })
    expect(await admin(MANAGER, { ...base, points: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'points' } })
    expect(await admin(MANAGER, { ...base, points: 1.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'points' } })
    expect(await admin(MANAGER, { ...base, requestId: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'requestId' } })
    expect(await admin(MANAGER, { ...base, memberId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'MEMBER_NOT_FOUND' } })
    expect(ledger(ALICE)).toHaveLength(0)
  })
})

describe('admin.grantTier', () => {
  test('sets the level by hand as the CLI does, recorded with the level before and after', async () => {
    const res = await admin(MANAGER, { action: 'grantTier', memberId: id(ALICE), levelId: 'gold', kind: 'floor', reason: '合作伙伴' })
    expect(res).toEqual({ ok: true, data: { from: 'basic', levelId: 'gold', reviewOn: '2028-01-31' } })
    const d = await detail(ALICE)
    expect(d.tier).toMatchObject({ levelId: 'gold', manual: { levelId: 'gold', kind: 'floor', reason: '合作伙伴' } })
    expect(d.member.tier.id).toBe('gold')
    expect(changes()).toEqual([
      expect.objectContaining({ kind: 'member', targetId: id(ALICE), action: 'grantTier', before: expect.objectContaining({ levelId: 'basic' }), after: expect.objectContaining({ levelId: 'gold' }) }),
    ])
    expect(h.store.rawGet('member_tiers', id(ALICE))).toMatchObject({ manual: { by: MANAGER } })
  })

  test('a level the ladder does not have is LEVEL_NOT_FOUND and writes nothing', async () => {
    const res = await admin(MANAGER, { action: 'grantTier', memberId: id(ALICE), levelId: 'platinum', kind: 'untilReview', reason: '补偿' })
    expect(res).toMatchObject({ ok: false, error: { code: 'LEVEL_NOT_FOUND', field: 'levelId', message: expect.stringContaining('basic、silver、gold、black') } })
    expect(h.store.rawFind('member_tiers')).toEqual([])
    expect(changes()).toEqual([])
  })
})

describe('admin.issueCoupon', () => {
  test('issues once per requestId, as the CLI does, recorded once', async () => {
    await h.template({ id: 'gift', claimable: false })
    const event = { action: 'issueCoupon', memberId: id(ALICE), templateId: 'gift', count: 2, reason: '客诉补偿', requestId: 'form-0004' }
    const first = IssueCouponResult.parse(data(await admin(MANAGER, event)))
    expect(first).toEqual({ codes: [expect.any(String), expect.any(String)], repeated: false })
    expect(await admin(MANAGER, event)).toEqual({ ok: true, data: { codes: first.codes, repeated: true } })
    expect(h.store.rawFind('coupons').map((c) => [c._id, c.memberId, c.channel, c.issueKey])).toEqual(
      expect.arrayContaining(first.codes.map((code) => [code, id(ALICE), 'operator', 'operator:form-0004'])),
    )
    expect(h.store.rawFind('coupons')).toHaveLength(2)
    expect(changes()).toEqual([expect.objectContaining({ action: 'issueCoupon', targetId: id(ALICE), after: expect.objectContaining({ templateId: 'gift', codes: first.codes }) })])
    expect(await admin(MANAGER, { ...event, memberId: id(BOB) })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } })
  })

  test('an unknown or inactive template is refused', async () => {
    await h.template({ id: 'off', active: false })
    const event = { action: 'issueCoupon', memberId: id(ALICE), count: 1, reason: '客诉补偿', requestId: 'form-0005' }
    expect(await admin(MANAGER, { ...event, templateId: 'nope' })).toMatchObject({ ok: false, error: { code: 'TEMPLATE_NOT_FOUND' } })
    expect(await admin(MANAGER, { ...event, templateId: 'off' })).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } })
    expect(h.store.rawFind('coupons')).toEqual([])
  })
})

describe('admin.timeline', () => {
  test('a purchase, a coupon written off, a mall redemption, a sign-in and an adjustment, newest first', async () => {
    h.advance(MIN)
    data(await h.call(CLERK, { action: 'accrue', memberCode: await h.code(ALICE), orderId: 'POS-1', amountFen: 12_345 }))
    h.advance(MIN)
    await h.template({ id: 'cash20' })
    const code = ClaimResult.parse(data(await h.coupon(ALICE, { action: 'claim', templateId: 'cash20' }))).coupon.code
    h.advance(MIN)
    data(await h.call(CLERK, { action: 'writeOff', couponCode: code }))
    h.advance(MIN)
    await h.item({ id: 'latte' })
    data(await h.redeem(ALICE, 'latte'))
    h.advance(MIN)
    data(await signin(ALICE, { action: 'checkIn' }))
    h.advance(MIN)
    data(await adjust(ALICE, -3))

    const { events, pages } = await wholeTimeline(ALICE)
    expect(pages).toBe(1)
    const ats = events.map((e) => e.at)
    expect([...ats].sort().reverse()).toEqual(ats)
    expect(events.map((e) => [e.kind, e.title, e.points])).toEqual([
      ['points', '人工调整积分', -3],
      ['operator', '后台操作：调整积分', null],
      ['signin', '每日签到', null],
      ['points', '获得积分', 5],
      ['order', '积分商城兑换', null],
      ['points', '使用积分', -100],
      ['coupon', '核销优惠券', null],
      ['coupon', '获得优惠券', null],
      ['points', '获得积分', 123],
      ['profile', '注册成为会员', null],
    ])
    expect(events.find((e) => e.title === '核销优惠券')).toMatchObject({ storeId: 'S1', by: CLERK })
    const purchase = events.find((e) => e.kind === 'points' && e.storeId === 'S1' && e.points === 123)
    expect(purchase).toMatchObject({ title: '获得积分', by: CLERK })
    expect(events.find((e) => e.title === '人工调整积分')).toMatchObject({ points: -3, detail: '客诉补偿', storeId: 'S1', by: MANAGER })
  })

  test('pages of 30 cover everything once, also when many events share one instant', async () => {
    // The clock is frozen: 40 adjustments and their 40 change records all happen on one instant.
    for (let i = 0; i < 40; i++) data(await adjust(BOB, 1, { reason: `补偿 ${i}` }))
    const { events, pages } = await wholeTimeline(BOB)
    expect(pages).toBe(3)
    expect(events).toHaveLength(81)
    expect(events.filter((e) => e.title === '人工调整积分')).toHaveLength(40)
    expect(events.filter((e) => e.kind === 'operator')).toHaveLength(40)
    expect(events[events.length - 1].title).toBe('注册成为会员')
    // Each adjustment once, with its change record, none skipped or repeated across the pages.
    const details = (kind: string) => events.filter((e) => e.kind === kind).map((e) => e.detail).sort()
    const expected = Array.from({ length: 40 }, (_, i) => `补偿 ${i}`).sort()
    expect(details('points')).toEqual(expected)
    expect(details('operator')).toEqual(expected)
  })

  test('a grant shows as a tier move at its own instant; a bad cursor is INVALID_INPUT', async () => {
    h.advance(30 * MIN)
    data(await admin(ADMIN, { action: 'grantTier', memberId: id(ALICE), levelId: 'silver', kind: 'untilReview', reason: '会员日活动' }))
    const { events } = await wholeTimeline(ALICE)
    expect(events.find((e) => e.kind === 'tier')).toMatchObject({ title: '手动设定等级', at: '2027-01-31T02:32:00.000Z', by: ADMIN, detail: expect.stringContaining('会员日活动') })
    expect(await admin(MANAGER, { action: 'timeline', memberId: id(ALICE), cursor: 'garbage' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'cursor' } })
  })
})
