import { deliver } from '../../cloudfunctions/_lib/messaging'
import { CONFIG } from '../../cloudfunctions/_lib/settings'
import { definition } from '../../cloudfunctions/member'
import { ConsentsView } from '../../shared/messaging/api'
import { openHarness, type Harness } from './harness'
import { addMember, credit, DAY_MS } from './points-fixtures'
import { campaignMessage, consentEvents, contactsOf, sendLog } from './consent-fixtures'

let h: Harness
beforeEach(() => {
  h = openHarness(definition) // clock frozen at 2027-01-31 10:00 Shanghai
})
afterEach(() => h.close())

const M = 'm0001'
const call = (event: object, openid = 'o1') => h.call(openid, event)
const view = async (event: object) => {
  const res = await call(event)
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return ConsentsView.parse(res.data)
}
const asked = (v: ConsentsView) => v.ask.map((a) => a.template)
const remaining = (v: ConsentsView) => Object.fromEntries(v.templates.map((t) => [t.template, t.remaining]))

describe('member.consents', () => {
  test('a new member: no opt-ins, no SMS consent; asked for every template, the reminders first', async () => {
    await addMember(h, 1)
    const v = await view({ action: 'consents' })
    expect(v.templates).toEqual([
      { template: 'points-expiry', title: '积分到期提醒', wechatTemplateId: '', remaining: 0 },
      { template: 'tier-changed', title: '会员等级变动提醒', wechatTemplateId: '', remaining: 0 },
      { template: 'member-benefit', title: '会员权益通知', wechatTemplateId: '', remaining: 0 },
    ])
    expect(v.sms).toEqual({ on: false, at: null })
    expect(asked(v)).toEqual(['points-expiry', 'tier-changed', 'member-benefit'])
  })

  test('a tier at risk puts tier-changed first; the WeChat template ids come from the configuration', async () => {
    await addMember(h, 1)
    await h.deps.db.collection('member_tiers').doc(M).set({ levelId: 'gold', reviewOn: '2027-03-01', warnedFor: '2027-03-01', graceUntil: null })
    await h.deps.db.collection(CONFIG).doc('messaging').set({
      templates: [
        { name: 'points-expiry', title: '积分到期提醒', kinds: ['points-expiry'], wechatTemplateId: 'wx-exp' },
        { name: 'tier-changed', title: '会员等级变动提醒', kinds: ['tier-at-risk', 'tier-changed'], wechatTemplateId: 'wx-tier' },
      ],
    })
    const v = await view({ action: 'consents' })
    expect(v.ask).toEqual([
      { template: 'tier-changed', title: '会员等级变动提醒', wechatTemplateId: 'wx-tier' },
      { template: 'points-expiry', title: '积分到期提醒', wechatTemplateId: 'wx-exp' },
    ])
  })

  test('points about to expire and a tier in grace: both reminders are asked for first, the points before the level', async () => {
    await addMember(h, 1)
    await credit(h, M, 'e1', 10, '2027-02-03')
    await h.deps.db.collection('member_tiers').doc(M).set({ levelId: 'gold', reviewOn: '2027-03-01', warnedFor: null, graceUntil: '2027-02-15' })
    expect(asked(await view({ action: 'consents' }))).toEqual(['points-expiry', 'tier-changed', 'member-benefit'])
  })

  test('not a member: NOT_REGISTERED', async () => {
    expect(await call({ action: 'consents' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
    expect(await call({ action: 'consent', sms: true })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
    expect(await call({ action: 'opened', campaignId: 'c1' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  })
})

describe('member.consent', () => {
  test('each acceptance is one opt-in; a rejection is remembered and not asked for again for 30 days; every answer is logged', async () => {
    await addMember(h, 1)
    const v = await view({
      action: 'consent',
      moment: 'checkin',
      subscribe: [
        { template: 'points-expiry', result: 'accept' },
        { template: 'tier-changed', result: 'accept' },
        { template: 'member-benefit', result: 'reject' },
      ],
    })
    expect(remaining(v)).toEqual({ 'points-expiry': 1, 'tier-changed': 1, 'member-benefit': 0 })
    expect(asked(v)).toEqual(['points-expiry', 'tier-changed'])
    expect(consentEvents(h.store).map((e) => [e.type, e.template, e.moment, e.left])).toEqual([
      ['accepted', 'points-expiry', 'checkin', 1],
      ['accepted', 'tier-changed', 'checkin', 1],
      ['rejected', 'member-benefit', 'checkin', 0],
    ])
    h.advance(30 * DAY_MS + 1)
    expect(asked(await view({ action: 'consents' }))).toEqual(['points-expiry', 'tier-changed', 'member-benefit'])
  })

  test('opt-ins are kept up to the limit (5 by default): more acceptances are logged, not counted, and the template is no longer asked for', async () => {
    await addMember(h, 1)
    for (let i = 0; i < 7; i++) await view({ action: 'consent', moment: 'credit', subscribe: [{ template: 'member-benefit', result: 'accept' }] })
    const v = await view({ action: 'consents' })
    expect(remaining(v)['member-benefit']).toBe(5)
    expect(asked(v)).toEqual(['points-expiry', 'tier-changed'])
    expect(consentEvents(h.store).filter((e) => e.type === 'accepted')).toHaveLength(7)
  })

  test('racing acceptances from two devices are all counted (up to the limit)', async () => {
    await addMember(h, 1)
    await Promise.all(Array.from({ length: 4 }, () => call({ action: 'consent', subscribe: [{ template: 'points-expiry', result: 'accept' }] })))
    expect(contactsOf(h.store, M)!.optIns['points-expiry']).toBe(4)
  })

  test('SMS consent is set and withdrawn, with when and where', async () => {
    await addMember(h, 1)
    const on = await view({ action: 'consent', sms: true, moment: 'profile' })
    expect(on.sms).toEqual({ on: true, at: '2027-01-31T02:00:00.000Z' })
    expect(contactsOf(h.store, M)!.sms).toEqual({ on: true, at: '2027-01-31T02:00:00.000Z', moment: 'profile' })
    h.advance(60_000)
    expect((await view({ action: 'consent', sms: false })).sms).toEqual({ on: false, at: '2027-01-31T02:01:00.000Z' })
    await view({ action: 'consent', sms: false }) // no change: no event
    expect(consentEvents(h.store).map((e) => e.type)).toEqual(['sms-on', 'sms-off'])
  })

  test('an unknown template is refused and nothing is recorded', async () => {
    await addMember(h, 1)
    const before = h.snapshot('member_contacts', 'consent_events')
    expect(await call({ action: 'consent', subscribe: [{ template: 'points-expiry', result: 'accept' }, { template: 'lottery', result: 'accept' }] })).toMatchObject({
      ok: false,
      error: { code: 'CONSENT_TEMPLATE_UNKNOWN', field: 'subscribe' },
    })
    expect(h.snapshot('member_contacts', 'consent_events')).toBe(before)
  })

  test('an answer with nothing in it is INVALID_INPUT', async () => {
    await addMember(h, 1)
    expect(await call({ action: 'consent', moment: 'credit' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await call({ action: 'consent', subscribe: [{ template: 'points-expiry', result: 'maybe' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  test('an opt-in given here is what a message then spends', async () => {
    await addMember(h, 1)
    await view({ action: 'consent', subscribe: [{ template: 'member-benefit', result: 'accept' }] })
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(remaining(await view({ action: 'consents' }))['member-benefit']).toBe(0)
  })
})

describe('member.opened', () => {
  test('marks the first open of a campaign message sent to the caller; later opens keep that time', async () => {
    await addMember(h, 1)
    await view({ action: 'consent', subscribe: [{ template: 'member-benefit', result: 'accept' }] })
    await deliver(h.deps, campaignMessage('c1', M))
    h.advance(3_600_000)
    expect(await call({ action: 'opened', campaignId: 'c1' })).toEqual({ ok: true, data: { opened: true } })
    h.advance(3_600_000)
    expect(await call({ action: 'opened', campaignId: 'c1' })).toEqual({ ok: true, data: { opened: true } })
    expect(sendLog(h.store)[0].openedAt).toEqual(new Date('2027-01-31T03:00:00.000Z'))
  })

  test('no message of that campaign, or one that was not sent: nothing recorded, no error', async () => {
    await addMember(h, 1)
    await addMember(h, 2)
    expect(await call({ action: 'opened', campaignId: 'c9' })).toEqual({ ok: true, data: { opened: false } })
    await deliver(h.deps, campaignMessage('c1', M)) // no consent: skipped
    expect(await call({ action: 'opened', campaignId: 'c1' })).toEqual({ ok: true, data: { opened: false } })
    expect(sendLog(h.store)[0].openedAt).toBeNull()
    // Another member's message is not the caller's to open.
    await view({ action: 'consent', subscribe: [{ template: 'member-benefit', result: 'accept' }] })
    await h.call('o2', { action: 'consent', subscribe: [{ template: 'member-benefit', result: 'accept' }] })
    await deliver(h.deps, campaignMessage('c2', 'm0002'))
    expect(await call({ action: 'opened', campaignId: 'c2' })).toEqual({ ok: true, data: { opened: false } })
  })
})
