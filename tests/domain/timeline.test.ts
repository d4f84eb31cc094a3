import fc from 'fast-check'
import {
  changeEvents,
  couponEvents,
  decodeCursor,
  encodeCursor,
  inviteEvents,
  ledgerEvents,
  orderEvents,
  pageEvents,
  registrationEvent,
  signinEvents,
  sourceLimit,
  spinEvents,
  tierEvents,
  type TimedEvent,
} from '../../shared/admin/timeline'
import type { TimelineEvent } from '../../shared/admin/schemas'
import type { CouponRecord } from '../../shared/coupon/coupon'
import type { MallOrderRecord } from '../../shared/mall/order'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { Referral } from '../../shared/share/referral'
import type { MemberTier } from '../../shared/tier/member-tier'

const T0 = Date.parse('2027-01-31T10:00:00+08:00')
const at = (min: number) => new Date(T0 + min * 60_000)

const ev = (min: number, key: string): TimedEvent => ({
  atMs: at(min).getTime(),
  key,
  at: at(min).toISOString(),
  kind: 'points',
  title: key,
  detail: null,
  points: null,
  storeId: null,
  by: null,
})

/** Every page, following the cursors, as `pageEvents` would be asked by the handler. */
function walk(events: TimedEvent[], size: number): TimelineEvent[][] {
  const pages: TimelineEvent[][] = []
  let cursor: string | null = null
  do {
    const c = cursor === null ? null : decodeCursor(cursor)
    // What a handler reads: each source newest first, at or before the cursor, `sourceLimit` of them.
    const read = events
      .filter((e) => c === null || e.atMs <= c.at)
      .sort((a, b) => b.atMs - a.atMs || (a.key < b.key ? 1 : -1))
      .slice(0, sourceLimit(c, size))
    const page = pageEvents(read, c, size)
    pages.push(page.events)
    cursor = page.nextCursor
  } while (cursor !== null && pages.length < 100)
  return pages
}

describe('pageEvents', () => {
  test('newest first; on one instant by key, descending', () => {
    const page = pageEvents([ev(1, 'a'), ev(3, 'b'), ev(2, 'c'), ev(3, 'd')], null)
    expect(page.events.map((e) => e.title)).toEqual(['d', 'b', 'c', 'a'])
    expect(page.nextCursor).toBeNull()
    expect(page.events[0]).not.toHaveProperty('atMs')
  })

  test('pages continue after the cursor, across a run of events on one instant longer than a page', () => {
    const events = [ev(5, 'z'), ...Array.from({ length: 7 }, (_, i) => ev(4, `k${i}`)), ev(1, 'a')]
    const pages = walk(events, 3)
    expect(pages.map((p) => p.map((e) => e.title))).toEqual([
      ['z', 'k6', 'k5'],
      ['k4', 'k3', 'k2'],
      ['k1', 'k0', 'a'],
    ])
  })

  test('any events, any page size: every event exactly once, in order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 80 }), fc.integer({ min: 1, max: 10 }), (mins, size) => {
        const events = mins.map((m, i) => ev(m, `e${String(i).padStart(3, '0')}`))
        const pages = walk(events, size)
        const seen = pages.flat().map((e) => e.title)
        const expected = [...events].sort((a, b) => b.atMs - a.atMs || (a.key < b.key ? 1 : -1)).map((e) => e.title)
        expect(seen).toEqual(expected)
        expect(pages.every((p) => p.length <= size)).toBe(true)
      }),
    )
  })

  test('cursors survive the round trip; anything else is not a cursor', () => {
    const c = { at: T0, key: 'ledger:adjust:form.1', ties: 3 }
    expect(decodeCursor(encodeCursor(c))).toEqual(c)
    for (const bad of ['', 'garbage', 'abc.x.k', `${T0.toString(36)}.1`]) expect(decodeCursor(bad)).toBeNull()
  })

  test('the handler reads a page and one more per source, plus the ties already shown', () => {
    expect(sourceLimit(null)).toBe(31)
    expect(sourceLimit({ at: T0, key: 'k', ties: 4 })).toBe(35)
    expect(sourceLimit({ at: T0, key: 'k', ties: 5000 })).toBe(1000)
  })
})

describe('every source maps to events with Chinese titles', () => {
  const entry = (kind: LedgerEntry['kind'], points: number): LedgerEntry => ({
    _id: `${kind}:1`,
    memberId: 'm1',
    seq: 1,
    kind,
    points,
    reason: '原因',
    source: { kind: 'staff', id: 'clerk', storeId: 'S1' },
    orderKey: null,
    lot: null,
    consumed: null,
    voids: null,
    shortfall: null,
    createdAt: at(0),
  })

  test('ledger entries, by kind; a reverse that gives points back reads as such', () => {
    const events = ledgerEvents([entry('earn', 10), entry('spend', -5), entry('expire', -1), entry('reverse', -2), entry('reverse', 5), entry('adjust', 7)])
    expect(events.map((e) => e.title)).toEqual(['获得积分', '使用积分', '积分过期', '积分扣回', '积分退回', '人工调整积分'])
    expect(events[0]).toMatchObject({ kind: 'points', points: 10, detail: '原因', storeId: 'S1', by: 'clerk' })
  })

  test('coupons: issued, written off, undone', () => {
    const coupon = {
      _id: 'C1',
      title: '满100减20',
      channel: 'operator',
      issuedAt: at(0),
      writeOffs: [{ at: at(1), staffOpenid: 'clerk', storeId: 'S1', undoneAt: at(2), undoneBy: 'clerk', undoReason: '扫错' }],
    } as unknown as CouponRecord
    expect(couponEvents([coupon]).map((e) => [e.title, e.detail, e.at])).toEqual([
      ['获得优惠券', '满100减20（后台发放）', at(0).toISOString()],
      ['核销优惠券', '满100减20', at(1).toISOString()],
      ['撤销核销', '满100减20：扫错', at(2).toISOString()],
    ])
  })

  test('mall orders: placed, handed over, cancelled or expired', () => {
    const base = { _id: 'O1', title: '拿铁', quantity: 1, points: 100, fen: 500, fulfilment: 'pickup', tracking: null, closeReason: null } as unknown as MallOrderRecord
    const done = { ...base, createdAt: at(0), fulfilledAt: at(1), fulfilledStoreId: 'S1', fulfilledBy: 'clerk', closedAt: null, status: 'completed' } as MallOrderRecord
    const expired = { ...base, _id: 'O2', createdAt: at(0), fulfilledAt: null, closedAt: at(3), status: 'expired' } as MallOrderRecord
    const cancelled = { ...expired, _id: 'O3', status: 'cancelled' } as MallOrderRecord
    expect(orderEvents([done, expired, cancelled]).map((e) => e.title)).toEqual(['积分商城兑换', '兑换商品已提货', '积分商城兑换', '兑换订单过期未取', '积分商城兑换', '取消兑换'])
    expect(orderEvents([done])[0].detail).toBe('拿铁 ×1（100 积分 + 5.00 元）')
  })

  test('tier moves at the start of their day; the latest grant at its instant', () => {
    const tier = {
      moves: [
        { day: '2027-01-20', from: 'basic', to: 'silver', why: 'purchase' },
        { day: '2027-01-31', from: 'silver', to: 'gold', why: 'grant' },
        { day: '2027-01-31', from: 'gold', to: 'silver', why: 'review' },
      ],
      manual: { levelId: 'gold', kind: 'floor', by: 'admin', reason: '合作伙伴', at: at(5) },
    } as unknown as MemberTier
    const events = tierEvents(tier, { basic: '普通', silver: '银杏', gold: '金桂' })
    expect(events.map((e) => [e.title, e.at, e.detail])).toEqual([
      ['消费升级', '2027-01-19T16:00:00.000Z', '普通 → 银杏'],
      ['手动设定等级', at(5).toISOString(), '银杏 → 金桂：合作伙伴'],
      ['等级复核降级', '2027-01-30T16:00:00.000Z', '金桂 → 银杏'],
    ])
    expect(tierEvents(null, {})).toEqual([])
  })

  test('sign-ins, spins, invitations, registration, operator changes', () => {
    expect(signinEvents([{ _id: 's', day: '2027-01-31', streak: 3, points: 5, bonusPoints: 10, at: at(0) }])[0]).toMatchObject({ kind: 'signin', title: '每日签到', detail: '连续签到 3 天，获得 15 积分' })
    expect(spinEvents([{ _id: 'g', wheelId: 'w', free: false, costPoints: 20, wonPoints: 50, couponCodes: [], orderCode: null, at: at(0) }])[0]).toMatchObject({ kind: 'game', title: '幸运转盘', detail: '花费 20 积分，50 积分（w）' })
    const referral: Referral = { _id: 'm2', inviterId: 'm1', inviteeId: 'm2', code: 'c', status: 'rewarded', joinedAt: at(0), rewardedAt: at(1), rewardedFor: 'registration' }
    expect(inviteEvents('m1', [referral]).map((e) => e.title)).toEqual(['邀请好友注册', '邀请奖励到账'])
    expect(inviteEvents('m2', [referral]).map((e) => e.title)).toEqual(['受好友邀请注册', '邀请奖励到账'])
    expect(registrationEvent({ _id: 'm1', registeredAt: at(0), imported: false }).title).toBe('注册成为会员')
    expect(registrationEvent({ _id: 'm1', registeredAt: at(0), imported: true }).title).toBe('导入会员资料')
    const change = { _id: 'x', at: at(0), by: { openid: 'o', name: '李店长', storeId: 'S1' }, action: 'grantTier', reason: '补偿' }
    expect(changeEvents([change])[0]).toMatchObject({ kind: 'operator', title: '后台操作：设定等级', detail: '补偿', by: '李店长', storeId: 'S1' })
  })
})
