import { pointsExpiry } from '../../cloudfunctions/points-expiry/points-expiry'
import { SUBSCRIPTIONS_TTL_MS } from '../../cloudfunctions/_lib/events'
import { appendEntries, loadAccount, saveAccount } from '../../cloudfunctions/_lib/ledger'
import { withTransaction } from '../../cloudfunctions/_lib/transaction'
import { ClaimResult } from '../../shared/coupon/schemas'
import { RedeemResult } from '../../shared/mall/schemas'
import { earn } from '../../shared/points/account'
import { openWebhooks, type WebhookHarness } from './webhook-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai.
const ALICE = 'openid-alice'
const CLERK = 'openid-clerk'

let h: WebhookHarness
beforeEach(async () => {
  h = await openWebhooks()
  await h.register(ALICE, '13812345678')
  await h.staff(CLERK, 'S1', 'clerk')
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

async function accrue(orderId: string, amountFen: number) {
  h.nextCode()
  const res = await h.call(CLERK, { action: 'accrue', memberCode: await h.code(ALICE), orderId, amountFen })
  if (!res.ok) throw new Error(`accrue: ${res.error.code}`)
  return res.data
}
async function claim(templateId: string) {
  await h.template({ id: templateId })
  const res = await h.coupon(ALICE, { action: 'claim', templateId })
  if (!res.ok) throw new Error(`claim: ${res.error.code}`)
  return ClaimResult.parse(res.data).coupon.code
}
const ids = () => h.events().map((e) => e._id).sort()
const types = () => h.events().map((e) => e.type).sort()

describe('events from business writes', () => {
  test('nothing is recorded while no webhook subscribes', async () => {
    await h.template({ id: 'silver-welcome' }) // 银杏's coupon pack
    expect(await accrue('POS-1', 250_000)).toMatchObject({ upgradedTo: { id: 'silver' } })
    const code = await claim('cash20')
    expect(await h.call(CLERK, { action: 'writeOff', couponCode: code })).toMatchObject({ ok: true })
    await h.item({ id: 'latte' })
    expect(await h.redeem(ALICE, 'latte')).toMatchObject({ ok: true })
    expect(h.events()).toEqual([])
  })

  test('a till credit: one points.earned, and the level it lifts one tier.changed; a retried credit adds nothing', async () => {
    await h.webhook('https://crm.example.com/huika', ['points', 'tier'])
    await h.template({ id: 'silver-welcome' }) // 银杏's coupon pack
    const first = await accrue('POS-1', 250_000)
    expect(first).toMatchObject({ upgradedTo: { id: 'silver' } })
    const memberId = h.memberId(ALICE)
    expect(ids()).toEqual([`points:earn:S1:POS-1`, `tier:${memberId}:${h.clock.now().getTime()}`])
    expect(h.events().find((e) => e.type === 'tier.changed')).toMatchObject({ status: 'pending', data: { memberId, from: 'basic', to: 'silver', why: 'purchase', orderKey: 'S1:POS-1' } })
    expect(h.events().find((e) => e.type === 'points.earned')).toMatchObject({ day: '2027-01-31', data: { memberId, entryId: 'earn:S1:POS-1', points: 2500, storeId: 'S1' } })

    // The same order again (a retried tap): no credit, no event.
    const again = await h.call(CLERK, { action: 'accrue', memberCode: await h.code(ALICE), orderId: 'POS-1', amountFen: 250_000 })
    expect(again).toMatchObject({ ok: true, data: { duplicate: true } })
    // A credit that keeps the level: points only.
    await accrue('POS-2', 1_000)
    expect(types()).toEqual(['points.earned', 'points.earned', 'tier.changed'])
  })

  test('a coupon issued, written off and given back: one event each', async () => {
    await h.webhook('https://crm.example.com/huika', ['coupon'])
    const code = await claim('cash20')
    expect(await h.call(CLERK, { action: 'writeOff', couponCode: code })).toMatchObject({ ok: true, data: { duplicate: false } })
    // A repeated scan is answered as a duplicate and writes nothing.
    expect(await h.call(CLERK, { action: 'writeOff', couponCode: code })).toMatchObject({ ok: true, data: { duplicate: true } })
    expect(await h.call(CLERK, { action: 'undoWriteOff', couponCode: code, reason: '顾客取消订单' })).toMatchObject({ ok: true })
    expect(await h.call(CLERK, { action: 'writeOff', couponCode: code })).toMatchObject({ ok: true })
    expect(ids()).toEqual([`coupon:${code}:issued`, `coupon:${code}:restored:1`, `coupon:${code}:used:1`, `coupon:${code}:used:2`])
    expect(h.events().find((e) => e._id.endsWith(':restored:1'))).toMatchObject({ type: 'coupon.restored', data: { code, storeId: 'S1', reason: '顾客取消订单' } })
  })

  test('mall orders: created with their points spent, handed over, cancelled with the points back', async () => {
    await h.webhook('https://crm.example.com/huika', ['order', 'points.spent', 'points.reversed'])
    await h.give(ALICE, 1_000)
    await h.item({ id: 'latte', pricePoints: 100 })
    const a = RedeemResult.parse(((await h.redeem(ALICE, 'latte')) as { data: unknown }).data).order.code
    const b = RedeemResult.parse(((await h.redeem(ALICE, 'latte')) as { data: unknown }).data).order.code
    expect(await h.call(CLERK, { action: 'fulfil', orderCode: a })).toMatchObject({ ok: true })
    expect(await h.mall(ALICE, { action: 'cancel', orderCode: b })).toMatchObject({ ok: true })
    // The points given (an earning) are not followed: recorded only for the types subscribed to.
    expect(ids()).toEqual([`order:${a}:created`, `order:${a}:fulfilled`, `order:${b}:cancelled`, `order:${b}:created`, `points:mall-back:${b}`, `points:mall:${a}`, `points:mall:${b}`].sort())
    expect(h.events().find((e) => e._id === `order:${a}:fulfilled`)).toMatchObject({ type: 'order.fulfilled', data: { orderId: a, status: 'completed', storeId: 'S1', points: 100 } })
    expect(h.events().find((e) => e._id === `points:mall-back:${b}`)).toMatchObject({ type: 'points.reversed', data: { points: 100 } })
  })

  test('a level set by hand and points past their day are events too (console and job write paths)', async () => {
    await h.webhook('https://crm.example.com/huika', ['tier', 'points.expired'])
    const memberId = h.memberId(ALICE)
    expect(await h.admin({ action: 'grantTier', memberId, levelId: 'gold', kind: 'floor', reason: '门店开业活动' })).toMatchObject({ ok: true })
    expect(h.events()).toEqual([expect.objectContaining({ type: 'tier.changed', data: expect.objectContaining({ memberId, from: 'basic', to: 'gold', why: 'grant' }) })])
    await h.give(ALICE, 300, '2027-02-01')
    h.advance(2 * 86_400_000)
    expect(await pointsExpiry.run(h.deps, h.clock.now())).toMatchObject({ lots: 1 })
    expect(h.events().filter((e) => e.type === 'points.expired')).toEqual([expect.objectContaining({ data: expect.objectContaining({ memberId, points: -300 }) })])
  })

  test('a refused or rolled-back write leaves no event', async () => {
    await h.webhook('https://crm.example.com/huika', ['points', 'order'])
    await h.item({ id: 'latte', pricePoints: 100 })
    expect(await h.redeem(ALICE, 'latte')).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } })
    const memberId = h.memberId(ALICE)
    await expect(
      withTransaction(h.deps.db, async (tx) => {
        const change = earn(await loadAccount(tx, memberId), { entryId: 'gift-x', points: 5, expiresOn: '2028-01-31', availableOn: null, orderKey: null, source: { kind: 'admin', id: 'x', storeId: null }, reason: 'x', now: h.clock.now() })
        await saveAccount(tx, change.account)
        await appendEntries(tx, change.entries)
        throw new Error('the write fails after its event was added')
      }),
    ).rejects.toThrow('the write fails')
    expect(h.events()).toEqual([])
    expect(h.store.rawFind('ledger')).toEqual([])
  })

  test('a webhook made elsewhere (another function) is seen within the subscriptions cache time, on the writes\' clock', async () => {
    await accrue('POS-1', 1_000) // remembers: nobody subscribes
    const now = h.clock.now()
    await h.deps.db.collection('webhooks').doc('wh_elsewhere').set({ url: 'https://x.test/h', events: ['points'], active: true, description: '', secret: 'whsec_x', createdAt: now, updatedAt: now })
    h.advance(SUBSCRIPTIONS_TTL_MS - 20_000)
    await accrue('POS-2', 1_000)
    expect(h.events()).toEqual([])
    h.advance(20_000)
    await accrue('POS-3', 1_000)
    expect(ids()).toEqual(['points:earn:S1:POS-3'])
  })

  test('a paused webhook subscribes to nothing', async () => {
    await h.webhook('https://crm.example.com/huika', ['points'], { active: false })
    await accrue('POS-1', 1_000)
    expect(h.events()).toEqual([])
  })
})
