import { stepReport } from '../../cloudfunctions/_lib/campaign-report'
import { stepCampaign } from '../../cloudfunctions/_lib/campaign-send'
import { loadCampaign } from '../../cloudfunctions/_lib/campaigns'
import { MESSAGE_SENDS } from '../../cloudfunctions/_lib/messaging'
import { groupOf } from '../../shared/marketing/control'
import { COUPON, messageDraft, openCampaigns, type CampaignWorld, type MemberSpec } from './campaign-fixtures'
import { ADMIN, data, MANAGER } from './insight-fixtures'

jest.setTimeout(60_000)

const MEMBERS: MemberSpec[] = Array.from({ length: 24 }, (_x, i) => ({
  id: `r${String(i).padStart(2, '0')}`,
  region: i % 3 ? ['山东省', '青岛市'] : ['北京市'],
  sms: i % 5 !== 0,
  optIns: i % 4 === 0 ? 1 : 0,
  unclaimed: i === 7,
}))
const DAY = 86_400_000

let w: CampaignWorld
beforeEach(async () => {
  w = await openCampaigns(MEMBERS, { chunkSize: 5 })
})
afterEach(() => w.close())

const admin = (event: object) => w.call(ADMIN, event)

/** Asks for the report until it is counted in full. */
async function report(campaignId: string, refresh = false, as = ADMIN) {
  let r = data(await w.call(as, { action: 'campaignReport', campaignId, refresh }))
  for (let i = 0; !r.complete && i < 100; i++) r = data(await w.call(as, { action: 'campaignReport', campaignId }))
  return r
}

let orderNo = 0
async function order(memberId: string, at: Date, amountFen: number, over: object = {}) {
  const id = `S1:${++orderNo}`
  await w.deps.db
    .collection('orders')
    .doc(id)
    .set({
      storeId: 'S1',
      orderId: String(orderNo),
      memberId,
      memberNo: '1',
      amountFen,
      points: 1,
      staffOpenid: 'clerk',
      status: 'credited',
      refundedFen: 0,
      reversedPoints: 0,
      refunds: [],
      codeKey: `k${orderNo}`,
      approvalId: null,
      createdAt: at,
      creditedAt: at,
      updatedAt: at,
      ...over,
    })
}

/** The report's figures worked out from the raw documents, without its code. */
function bruteForce(campaignId: string, controlPercent: number, audience: string[], window: { from: Date; to: Date }) {
  const sends = new Map(w.store.rawFind(MESSAGE_SENDS).filter((s: any) => s.campaignId === campaignId).map((s: any) => [s.memberId, s]))
  const coupons = w.store.rawFind('coupons').filter((c: any) => c.issueKey?.startsWith(`campaign:${campaignId}:`))
  const orders = w.store.rawFind('orders') as any[]
  const group = (g: 'treated' | 'control') => {
    const members = audience.filter((m) => groupOf(campaignId, m, controlPercent) === g)
    const mine = orders.filter((o) => members.includes(o.memberId) && o.status === 'credited' && new Date(o.creditedAt) >= window.from && new Date(o.creditedAt) < window.to)
    return {
      members: members.length,
      buyers: new Set(mine.map((o) => o.memberId)).size,
      orders: mine.length,
      salesFen: mine.reduce((a, o) => a + o.amountFen - o.refundedFen, 0),
    }
  }
  const treatedSends = audience.filter((m) => groupOf(campaignId, m, controlPercent) === 'treated').map((m) => sends.get(m)).filter(Boolean) as any[]
  return {
    treated: group('treated'),
    control: group('control'),
    sent: treatedSends.filter((s) => s.status === 'sent').length,
    sms: treatedSends.filter((s) => s.status === 'sent' && s.channel === 'sms').length,
    opened: treatedSends.filter((s) => s.status === 'sent' && s.openedAt).length,
    noConsent: treatedSends.filter((s) => s.reason === 'no_consent').length,
    unclaimed: treatedSends.filter((s) => s.reason === 'unclaimed').length,
    couponsIssued: coupons.length,
    couponsUsed: coupons.filter((c: any) => c.state === 'used').length,
  }
}

test('the report counts sends, opens, redemptions and window sales from the records, treated against control', async () => {
  const seg = await w.segment({})
  const draft = messageDraft(seg, { kind: 'reward', reward: { couponTemplateId: COUPON.id }, controlPercent: 40, windowDays: 7, copy: { text: '{姓名}，送您{券名}' } })
  const id = data(await admin({ action: 'saveCampaign', campaign: draft })).campaignId
  data(await admin({ action: 'campaignSend', campaignId: id }))
  const c = (await w.sendAll(id))!
  expect(c.status).toBe('sent')
  const start = new Date(c.startedAt!)
  const ids = MEMBERS.map((m) => m.id)
  const treated = ids.filter((m) => groupOf(id, m, 40) === 'treated')
  const control = ids.filter((m) => groupOf(id, m, 40) === 'control')
  expect(treated.length).toBeGreaterThan(3)
  expect(control.length).toBeGreaterThan(3)

  // Sales: in the window count (net of refunds); before it, after it, or not credited do not.
  await order(treated[0], new Date(start.getTime() + DAY), 30_000)
  await order(treated[0], new Date(start.getTime() + 2 * DAY), 12_000, { refundedFen: 2_000 })
  await order(treated[1], new Date(start.getTime() + 6 * DAY), 8_000)
  await order(treated[2], new Date(start.getTime() - DAY), 50_000)
  await order(treated[2], new Date(start.getTime() + 7 * DAY + 1000), 50_000)
  await order(treated[3], new Date(start.getTime() + DAY), 9_000, { status: 'pending_approval', creditedAt: null })
  await order(control[0], new Date(start.getTime() + 3 * DAY), 10_000)
  await order('not-in-campaign', new Date(start.getTime() + DAY), 99_000)
  // Two campaign coupons used, one message opened.
  const coupons = w.store.rawFind('coupons').filter((x: any) => x.issueKey?.startsWith(`campaign:${id}:`)) as any[]
  for (const x of coupons.slice(0, 2)) await w.deps.db.collection('coupons').doc(x._id).update({ state: 'used', usedAt: start })
  const opened = w.store.rawFind(MESSAGE_SENDS).find((s: any) => s.campaignId === id && s.status === 'sent') as any
  await w.deps.db.collection(MESSAGE_SENDS).doc(opened._id).update({ openedAt: start })

  const r = await report(id)
  const want = bruteForce(id, 40, ids, { from: start, to: new Date(start.getTime() + 7 * DAY) })
  expect(r.complete).toBe(true)
  expect(want.treated.salesFen).toBe(48_000)
  expect(want.control.salesFen).toBe(10_000)
  expect({ members: r.treated.members, buyers: r.treated.buyers, orders: r.treated.orders, salesFen: r.treated.salesFen }).toEqual(want.treated)
  expect({ members: r.control.members, buyers: r.control.buyers, orders: r.control.orders, salesFen: r.control.salesFen }).toEqual(want.control)
  expect(r.sends).toMatchObject({ sent: want.sent, sms: want.sms, opened: want.opened, failed: 0 })
  expect(r.sends.skipped).toMatchObject({ no_consent: want.noConsent, unclaimed: want.unclaimed })
  expect(r.rewards).toMatchObject({ couponsIssued: want.couponsIssued, couponsUsed: 2 })
  expect(want.opened).toBe(1)
  // Uplift: sales per member of each group, and their difference.
  const tpm = want.treated.salesFen / want.treated.members
  const cpm = want.control.salesFen / want.control.members
  expect(r.treated.perMemberFen).toBe(Math.round(tpm))
  expect(Math.abs(r.uplift.perMemberFen - (tpm - cpm))).toBeLessThanOrEqual(0.5)
  expect(Math.abs(r.uplift.incrementalFen - (want.treated.salesFen - cpm * want.treated.members))).toBeLessThanOrEqual(0.5)
  expect(r.window).toEqual({ from: start.toISOString(), to: new Date(start.getTime() + 7 * DAY).toISOString(), open: true })

  // A finished report is answered as counted until asked to count again; then it sees the new order.
  await order(control[1], new Date(start.getTime() + DAY), 5_000)
  expect((await report(id)).control.salesFen).toBe(10_000)
  expect((await report(id, true)).control.salesFen).toBe(15_000)
  // Managers may read it.
  expect((await report(id, false, MANAGER)).control.salesFen).toBe(15_000)
})

test('counted a chunk a call, racing calls still count each member once; a campaign still sending counts the members reached so far', async () => {
  const seg = await w.segment({})
  const id = data(await admin({ action: 'saveCampaign', campaign: messageDraft(seg, { controlPercent: 20 }) })).campaignId
  data(await admin({ action: 'campaignSend', campaignId: id }))
  await stepCampaign(w.deps, id, { maxSlices: 1 })
  const partway = (await loadCampaign(w.deps.db, id))!
  expect(partway.status).toBe('sending')
  const early = await report(id)
  expect(early.treated.members + (early.control?.members ?? 0)).toBe(partway.counts.members)
  expect(early.treated.members).toBe(partway.counts.treated)

  const c = (await w.sendAll(id))!
  let r = await stepReport(w.deps, c, { budgetMs: 0 })
  expect(r.complete).toBe(false)
  for (let i = 0; i < 50 && !r.complete; i++) [r] = await Promise.all([stepReport(w.deps, c, { budgetMs: 0 }), stepReport(w.deps, c, { budgetMs: 0 })])
  r = await stepReport(w.deps, c, { budgetMs: 0 })
  expect(r.complete).toBe(true)
  expect(r.treated.members + r.control!.members).toBe(MEMBERS.length)
  expect(r.control!.members).toBe(MEMBERS.filter((m) => groupOf(id, m.id, 20) === 'control').length)
  const sent = w.store.rawFind(MESSAGE_SENDS).filter((s: any) => s.campaignId === id && s.status === 'sent').length
  expect(r.sends.sent).toBe(sent)
})
