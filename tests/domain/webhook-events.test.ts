import { newCoupon, undoWriteOff, writeOff } from '../../shared/coupon/coupon'
import { CouponTemplate } from '../../shared/coupon/schemas'
import type { MallOrderRecord } from '../../shared/mall/order'
import { earn, emptyAccount, spend } from '../../shared/points/account'
import { DemoTierConfig } from '../../shared/tier/programme'
import { afterPurchase, newMemberTier } from '../../shared/tier/member-tier'
import { couponEvent, orderEvent, pointsEvent, subscribes, tierEvent } from '../../shared/webhooks/events'
import { SaveWebhookInput, webhookUrlProblem } from '../../shared/webhooks/schemas'

const NOW = new Date('2027-01-31T02:00:00Z')
const source = { kind: 'staff' as const, id: 'openid-clerk', storeId: 'S1' }

describe('points events', () => {
  test('one per ledger entry, typed by its kind, with the entry id in the event id and no openid', () => {
    const earned = earn(emptyAccount('m1'), { entryId: 'earn:S1:POS-1', points: 120, expiresOn: '2028-01-31', availableOn: null, orderKey: 'S1:POS-1', source, reason: '消费积分', now: NOW })
    const spent = spend(earned.account, { entryId: 'mall:ABC', points: 20, source: { kind: 'member', id: 'openid-m1', storeId: null }, reason: '兑换', now: NOW })
    if ('error' in spent) throw new Error(spent.error)
    const [e1] = earned.entries.map(pointsEvent)
    const [e2] = spent.entries.map(pointsEvent)
    expect(e1).toEqual({
      id: 'points:earn:S1:POS-1',
      type: 'points.earned',
      occurredAt: NOW,
      data: expect.objectContaining({ entryId: 'earn:S1:POS-1', memberId: 'm1', seq: 1, points: 120, storeId: 'S1', source: 'staff', orderKey: 'S1:POS-1', expiresOn: '2028-01-31' }),
    })
    expect(e2).toMatchObject({ id: 'points:mall:ABC', type: 'points.spent', data: { points: -20, seq: 2 } })
    expect(JSON.stringify([e1, e2])).not.toContain('openid')
  })
})

describe('tier events', () => {
  const config = DemoTierConfig
  const fresh = newMemberTier({ memberId: 'm1', openid: 'o1', today: '2027-01-31', config, now: NOW })

  test('a purchase that lifts the level is one tier.changed from the old level to the new', () => {
    const later = new Date(NOW.getTime() + 60_000)
    const up = afterPurchase(config, fresh, { day: '2027-01-31', amountFen: 250_000, orderKey: 'S1:POS-1', now: later })
    expect(up.upgradedTo).toBe('silver')
    const event = tierEvent(fresh, up.tier)
    expect(event).toEqual({
      id: `tier:m1:${later.getTime()}`,
      type: 'tier.changed',
      occurredAt: later,
      data: { memberId: 'm1', from: 'basic', to: 'silver', why: 'purchase', day: '2027-01-31', orderKey: 'S1:POS-1', reviewOn: '2028-01-31' },
    })
    // The member's first record: the level stood on before is the first move's.
    expect(tierEvent(null, up.tier)).toMatchObject({ data: { from: 'basic', to: 'silver' } })
  })

  test('a write that keeps the level is no event', () => {
    const same = afterPurchase(config, fresh, { day: '2027-01-31', amountFen: 1_000, orderKey: 'S1:POS-2', now: NOW })
    expect(tierEvent(fresh, same.tier)).toBeNull()
    expect(tierEvent(null, same.tier)).toBeNull()
  })
})

describe('coupon events', () => {
  const template = CouponTemplate.parse({ id: 'cash20', title: '满100减20', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 } })
  const issued = newCoupon(template, { code: 'CODE1', memberId: 'm1', openid: 'o1', channel: 'claim', issueKey: 'claim:m1:cash20:1', now: NOW })

  test('issued once; each write-off and each undoing has its own id', () => {
    expect(couponEvent(issued, 'issued')).toMatchObject({ id: 'coupon:CODE1:issued', type: 'coupon.issued', data: { code: 'CODE1', memberId: 'm1', validUntil: issued.validUntil } })
    const used = writeOff(issued, { staffOpenid: 'clerk', storeId: 'S1' }, NOW)
    expect(couponEvent(used, 'used')).toMatchObject({ id: 'coupon:CODE1:used:1', type: 'coupon.used', data: { storeId: 'S1' } })
    const undone = undoWriteOff(used, { staffOpenid: 'clerk', storeId: 'S1', reason: '顾客取消' }, new Date(NOW.getTime() + 1000))
    if ('error' in undone) throw new Error(undone.error)
    expect(couponEvent(undone.coupon, 'restored')).toMatchObject({ id: 'coupon:CODE1:restored:1', type: 'coupon.restored', data: { reason: '顾客取消' } })
    const again = writeOff(undone.coupon, { staffOpenid: 'clerk', storeId: 'S1' }, NOW)
    expect(couponEvent(again, 'used').id).toBe('coupon:CODE1:used:2')
    expect(JSON.stringify(couponEvent(again, 'used'))).not.toContain('clerk')
  })
})

describe('order events', () => {
  test('carry the order without its delivery address', () => {
    const order = {
      _id: 'ORDER1',
      memberId: 'm1',
      itemId: 'cake',
      title: '蛋糕',
      kind: 'goods',
      fulfilment: 'delivery',
      quantity: 1,
      points: 500,
      fen: 0,
      status: 'awaiting_delivery',
      address: { name: '张三', phone: '13812345678', region: ['上海市'], detail: '南京西路 1 号' },
      createdAt: NOW,
      fulfilledAt: null,
      fulfilledStoreId: null,
      closedAt: null,
      closeReason: null,
    } as unknown as MallOrderRecord
    const event = orderEvent(order, 'created')
    expect(event).toMatchObject({ id: 'order:ORDER1:created', type: 'order.created', data: { orderId: 'ORDER1', points: 500, status: 'awaiting_delivery' } })
    expect(JSON.stringify(event)).not.toContain('13812345678')
    expect(orderEvent({ ...order, status: 'cancelled', closedAt: NOW, closeReason: '会员取消' }, 'cancelled')).toMatchObject({ id: 'order:ORDER1:cancelled', data: { reason: '会员取消' } })
  })
})

describe('subscriptions and addresses', () => {
  test('a family takes every type of it; a type only itself', () => {
    expect(subscribes(['points'], 'points.expired')).toBe(true)
    expect(subscribes(['coupon.used'], 'coupon.used')).toBe(true)
    expect(subscribes(['coupon.used'], 'coupon.issued')).toBe(false)
    expect(subscribes(['tier', 'order'], 'points.earned')).toBe(false)
  })

  test('only absolute http(s) URLs without credentials', () => {
    expect(webhookUrlProblem('https://crm.example.com/huika')).toBeNull()
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook')).toBeNull()
    for (const bad of ['ftp://example.com/x', 'crm.example.com/huika', 'javascript:alert(1)', 'https://user:pw@example.com/x']) expect(webhookUrlProblem(bad)).not.toBeNull()
  })

  test('the save input knows the families and types, and drops repeats', () => {
    expect(SaveWebhookInput.parse({ url: ' https://x.test/h ', events: ['points', 'points', 'coupon.used'] })).toEqual({
      url: 'https://x.test/h',
      events: ['points', 'coupon.used'],
      active: true,
      description: '',
    })
    expect(SaveWebhookInput.safeParse({ url: 'https://x.test/h', events: ['points.nope'] }).success).toBe(false)
    expect(SaveWebhookInput.safeParse({ url: 'https://x.test/h', events: [] }).success).toBe(false)
  })
})
