import { journeys as journeysJob } from '../../cloudfunctions/journeys'
import { JOURNEY_SENDS } from '../../cloudfunctions/_lib/journeys'
import { deliver } from '../../cloudfunctions/_lib/messaging'
import { campaignMessage, sendLog } from './consent-fixtures'
import { COUPON, messageDraft, openCampaigns, type CampaignWorld, type MemberSpec } from './campaign-fixtures'
import { ADMIN, data, MANAGER } from './insight-fixtures'

jest.setTimeout(60_000)

// The clock stands at 2027-01-31 10:00 Beijing.
const MEMBERS: MemberSpec[] = [
  { id: 'new1', nickname: '小新', joinedDaysAgo: 3, visitsDaysAgo: [], sms: true },
  { id: 'new2', joinedDaysAgo: 20, visitsDaysAgo: [], sms: true },
  { id: 'newImported', joinedDaysAgo: 2, visitsDaysAgo: [], imported: true, sms: true },
  { id: 'newUnclaimed', joinedDaysAgo: 2, visitsDaysAgo: [], unclaimed: true },
  { id: 'bday', nickname: '寿星', birthday: '1990-01-15', sms: true },
  { id: 'bday2', birthday: '1985-02-01', sms: true },
  { id: 'sleepy', nickname: '阿眠', visitsDaysAgo: [300, 320], optIns: 1 },
  { id: 'never', visitsDaysAgo: [], sms: true },
  { id: 'active', visitsDaysAgo: [10], sms: true },
]

const CONFIG = {
  welcome: { enabled: true, reward: { couponTemplateId: COUPON.id, points: 100 }, copy: { text: '{姓名}，欢迎！送您{券名}和{赠送积分}积分' } },
  birthday: { enabled: true, reward: { points: 300 }, copy: { text: '{姓名}，生日快乐，送您{赠送积分}积分' } },
  winBack: { enabled: true, reward: { couponTemplateId: COUPON.id }, copy: { text: '{姓名}，好久不见' }, channel: 'sms' },
}

let w: CampaignWorld
beforeEach(async () => {
  w = await openCampaigns(MEMBERS)
})
afterEach(() => w.close())

const run = () => journeysJob.run(w.deps, w.clock.now()) as Promise<any>
const configure = async (value: object) => data(await w.call(ADMIN, { action: 'saveSettings', kind: 'journeys', value }))
const sentTo = (kind: string) =>
  w.outbox
    .list()
    .filter((m) => m.kind === kind)
    .map((m) => m.memberId)
    .sort()
const day = 24 * 3600_000

test('switched off (the default), the job sends nothing', async () => {
  const r = await run()
  expect(r).toMatchObject({ quiet: false, welcome: { enabled: false }, birthday: { enabled: false }, winBack: { enabled: false } })
  expect(w.outbox.list().filter((m) => m.kind)).toHaveLength(0)
})

test('welcome, birthday and win-back each reach the members they are for, once, with their rewards', async () => {
  await configure(CONFIG)
  const first = await run()
  expect(first.welcome).toMatchObject({ done: true, members: 1, sent: 1, rewarded: 1 })
  expect(sentTo('welcome')).toEqual(['new1'])
  expect(w.outbox.list().find((m) => m.kind === 'welcome')!.text).toBe('小新，欢迎！送您满100减20券和100积分')
  expect(sentTo('birthday')).toEqual(['bday'])
  expect(w.outbox.list().find((m) => m.kind === 'birthday')!.text).toBe('寿星，生日快乐，送您300积分')
  // Dormant: no visit for over 180 days, or never; `sleepy` has only a subscribe opt-in and this journey goes by SMS.
  expect(sentTo('win-back')).toEqual(['never'])
  // Keyed by their last visit (320 and 300 days ago: the later one), so once per dormancy.
  expect(sendLog(w.store).find((x) => x.memberId === 'sleepy')).toMatchObject({ key: 'win-back:sleepy:2026-04-06', status: 'skipped', reason: 'no_consent' })

  const issued = w.store.rawFind('coupons').map((c: any) => c.issueKey).sort()
  expect(issued).toEqual(['welcome:new1', 'win-back:never:never', 'win-back:sleepy:2026-04-06'])
  const points = w.store.rawFind('ledger').filter((e: any) => e._id.startsWith('reward:'))
  expect(points.map((e: any) => [e._id, e.points]).sort()).toEqual([
    ['reward:birthday:2027:bday', 300],
    ['reward:welcome:new1', 100],
  ])

  // Run again the same day, and the next: nobody gets anything twice.
  const before = w.outbox.list().length
  expect((await run()).welcome).toMatchObject({ done: true, members: 1 })
  w.advance(day)
  const next = await run()
  expect(next.welcome).toMatchObject({ members: 0, sent: 0 })
  expect(next.winBack).toMatchObject({ members: 0 })
  // February: the February birthday is due now.
  expect(next.birthday).toMatchObject({ members: 1, sent: 1 })
  expect(w.outbox.list().length).toBe(before + 1)
  expect(sentTo('birthday')).toEqual(['bday', 'bday2'])
  expect(w.store.rawFind(JOURNEY_SENDS).map((s: any) => s._id).sort()).toEqual(['birthday:2027:bday', 'birthday:2027:bday2', 'welcome:new1', 'win-back:never:never', 'win-back:sleepy:2026-04-06'])
})

test('quiet hours: outside the sending hours the job does nothing', async () => {
  await configure(CONFIG)
  w.clock.set(new Date('2027-01-31T08:30:00+08:00'), { frozen: true })
  expect(await run()).toMatchObject({ quiet: true, hour: 8 })
  expect(w.outbox.list().filter((m) => m.kind)).toHaveLength(0)
  w.clock.set(new Date('2027-01-31T21:00:00+08:00'), { frozen: true })
  expect(await run()).toMatchObject({ quiet: true })
})

test('a welcome held back by the frequency cap is tried again on a later day', async () => {
  await configure({ ...CONFIG, welcome: { ...CONFIG.welcome, withinDays: 30 }, birthday: { enabled: false }, winBack: { enabled: false } })
  data(await w.call(ADMIN, { action: 'saveSettings', kind: 'messaging', value: { cap: { messages: 1, days: 7 } } }))
  expect((await deliver(w.deps, campaignMessage('earlier', 'new1', { channels: ['sms'] }))).status).toBe('sent')
  expect((await run()).welcome).toMatchObject({ members: 2, sent: 1, skipped: 1, rewarded: 2 })
  expect(sentTo('welcome')).toEqual(['new2'])
  w.advance(8 * day)
  expect((await run()).welcome).toMatchObject({ members: 1, sent: 1, rewarded: 0 })
  expect(sentTo('welcome')).toEqual(['new1', 'new2'])
  expect(w.store.rawFind('coupons').filter((c: any) => c.issueKey === 'welcome:new1')).toHaveLength(1)
})

test('win-back: once per dormancy — a member who came back and lapsed again is offered it again', async () => {
  await configure({ winBack: CONFIG.winBack })
  await run()
  expect(sentTo('win-back')).toEqual(['never'])
  // `never` buys today, then stays away for 200 days; the nightly insight sees them dormant again.
  const today = '2027-01-31'
  await w.deps.db.collection('member_tiers').doc('never').update({ growth: { since: '2025-12-27', days: [[today, 5000]] } })
  w.advance(200 * day)
  await w.job({ chunkSize: 4 })
  await run()
  const keys = w.store.rawFind(JOURNEY_SENDS).filter((s: any) => s.memberId === 'never').map((s: any) => s._id).sort()
  expect(keys).toEqual(['win-back:never:2027-01-31', 'win-back:never:never'])
  // (Everyone else has been away 200 days too by now, and is offered it as well.)
  expect(sentTo('win-back').filter((m) => m === 'never')).toHaveLength(2)
  expect(sentTo('win-back')).toContain('active')
})

test('the job goes on with a campaign left sending when the console was closed', async () => {
  const seg = await w.segment({})
  const id = data(await w.call(ADMIN, { action: 'saveCampaign', campaign: messageDraft(seg) })).campaignId
  data(await w.call(ADMIN, { action: 'campaignSend', campaignId: id }))
  const r = await run()
  expect(r.campaigns).toEqual([{ campaignId: id, status: 'sent', sent: expect.any(Number) }])
  expect(data(await w.call(ADMIN, { action: 'campaign', campaignId: id })).status).toBe('sent')
})

test('the 自动旅程 view lists the five journeys with their state and latest messages', async () => {
  await configure(CONFIG)
  await run()
  const view = data(await w.call(ADMIN, { action: 'journeys' }))
  expect(view.journeys.map((j: any) => j.key)).toEqual(['welcome', 'birthday', 'winBack', 'pointsExpiry', 'tierAtRisk'])
  const welcome = view.journeys[0]
  expect(welcome).toMatchObject({ enabled: true, lastRun: { day: '2027-01-31', members: 1, sent: 1, complete: true } })
  expect(welcome.recent).toEqual([expect.objectContaining({ memberId: 'new1', status: 'sent', channel: 'sms', text: '小新，欢迎！送您满100减20券和100积分' })])
  expect(view.journeys[3]).toMatchObject({ enabled: true, lastRun: null, recent: [] })
  expect(await w.call(MANAGER, { action: 'journeys' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
})
