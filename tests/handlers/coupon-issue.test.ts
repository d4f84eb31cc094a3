/** Coupons issued outside the claim centre and counted on the card: a level's coupon pack, member.me's couponCount. */
import { openMall, type MallHarness } from './mall-fixtures'

/** The demo ladder gives 银杏 (¥2,000 of spend) the coupon pack ['silver-welcome'] and 金桂 ['gold-welcome']. */
const CLERK = 'openid-clerk'
const ALICE = 'openid-alice'

let h: MallHarness
beforeEach(async () => {
  h = openMall()
  await h.staff(CLERK, 'store-a', 'clerk')
  await h.register(ALICE, '13812345678')
  await h.asMember(ALICE, { action: 'consent', subscribe: [{ template: 'tier-changed', result: 'accept' }] }) // for the congratulation
})
afterEach(() => h.close())

async function accrue(orderId: string, amountFen: number) {
  h.nextCode()
  const res = await h.call(CLERK, { action: 'accrue', memberCode: await h.code(ALICE), orderId, amountFen })
  if (!res.ok) throw new Error(`accrue ${orderId}: ${res.error.code}`)
  return res.data as { upgradedTo: { id: string } | null }
}
const wallet = async () => ((await h.coupon(ALICE, { action: 'list' })) as { data: { coupons: Array<{ templateId: string; channel: string; status: string }> } }).data.coupons

test('reaching a level issues its coupon pack once, into the wallet, with the congratulation', async () => {
  await h.template({ id: 'silver-welcome', title: '银杏会员礼', claimable: false })
  expect((await accrue('POS-1', 199_900)).upgradedTo).toBeNull()
  expect(await wallet()).toEqual([])
  expect((await accrue('POS-2', 100)).upgradedTo).toMatchObject({ id: 'silver' })
  expect(await wallet()).toEqual([expect.objectContaining({ templateId: 'silver-welcome', channel: 'tier', status: 'usable' })])
  expect(h.outbox.list().filter((m) => m.template === 'tier-changed' && m.data.kind === 'upgraded')).toHaveLength(1)

  // A refund that undoes the level and a purchase that reaches it again issue no second pack.
  const refund = await h.call(CLERK, { action: 'refund', orderId: 'POS-2', amountFen: 100 })
  expect(refund.ok).toBe(true)
  expect((await accrue('POS-3', 100)).upgradedTo).toMatchObject({ id: 'silver' })
  expect(await wallet()).toHaveLength(1)
})

test('a missing pack template is logged and skipped: the credit and the upgrade stand', async () => {
  expect((await accrue('POS-1', 200_000)).upgradedTo).toMatchObject({ id: 'silver' })
  expect(await wallet()).toEqual([])
  expect(h.errors.map((e) => e.message)).toEqual([expect.stringContaining('silver-welcome is missing')])
  expect(h.stored(ALICE).balance).toBeGreaterThan(0)
})

test('member.me counts the coupons usable today', async () => {
  await h.template({ id: 'now', title: '今天可用' })
  await h.template({ id: 'later', title: '明天起可用', validity: { kind: 'days', days: 3, afterDays: 1 } })
  expect((await h.coupon(ALICE, { action: 'claim', templateId: 'now' })).ok).toBe(true)
  expect((await h.coupon(ALICE, { action: 'claim', templateId: 'later' })).ok).toBe(true)
  const me = async () => ((await h.asMember(ALICE, { action: 'me' })) as { data: { couponCount: number } }).data.couponCount
  expect(await me()).toBe(1)
  h.advance(24 * 3600_000)
  expect(await me()).toBe(2)
})
