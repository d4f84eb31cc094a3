import { deliver, type DeliveryOutcome, type OutgoingMessage } from '../../cloudfunctions/_lib/messaging'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { CONFIG } from '../../cloudfunctions/_lib/settings'
import { SubscribeRefused } from '../../cloudfunctions/_lib/subscribe'
import { definition } from '../../cloudfunctions/member'
import type { Deps } from '../../cloudfunctions/_lib/deps'
import { placeholderOpenid } from '../../shared/member/member-record'
import { openHarness, type Harness } from './harness'
import { addMember, credit, DAY_MS } from './points-fixtures'
import { campaignMessage, consentEvents, contactsOf, grantConsent, sendLog } from './consent-fixtures'

// The harness clock is frozen at 2027-01-31 10:00 Shanghai. Default config: cap 3 per 7 days,
// templates points-expiry, tier-changed and member-benefit, SMS fallback on.
let h: Harness
beforeEach(() => {
  h = openHarness(definition)
})
afterEach(() => h.close())

const M = 'm0001'
const setConfig = (value: object) => h.deps.db.collection(CONFIG).doc('messaging').set(value)
const outbox = () => h.outbox.list()
const logOf = (key: string) => sendLog(h.store).find((s) => s._id === key)
const count = (outcomes: DeliveryOutcome[], f: (o: DeliveryOutcome) => boolean) => outcomes.filter(f).length
const expiryMessage = (memberId: string, day: string): OutgoingMessage => ({
  key: `expiry:${memberId}:${day}`,
  memberId,
  kind: 'points-expiry',
  campaignId: null,
  channels: ['subscribe', 'sms'],
  template: 'points-expiry',
  page: 'pages/points/index',
  text: `积分将于 ${day} 后过期`,
  data: { expiresOn: day },
})

describe('deliver: consent and channels', () => {
  test('without an opt-in or SMS consent nothing is sent: skipped no_consent, logged', async () => {
    await addMember(h, 1)
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'skipped', reason: 'no_consent' })
    expect(outbox()).toEqual([])
    expect(logOf(`campaign:c1:${M}`)).toMatchObject({ memberId: M, kind: 'campaign', campaignId: 'c1', status: 'skipped', reason: 'no_consent', channel: null, openedAt: null })
    expect(contactsOf(h.store, M)).toBeUndefined() // a skip writes no contacts
  })

  test('an opt-in of the template is spent on one subscribe message; the outbox entry names member, kind, campaign and key', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 2 })
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(outbox()).toEqual([
      expect.objectContaining({ channel: 'subscribe', to: 'o1', template: 'member-benefit', text: '会员专享：c1', memberId: M, kind: 'campaign', campaignId: 'c1', key: `campaign:c1:${M}` }),
    ])
    expect(outbox()[0].data).toMatchObject({ campaignId: 'c1', page: 'pages/card/index?c=c1' })
    expect(contactsOf(h.store, M)!.optIns['member-benefit']).toBe(1)
    expect(logOf(`campaign:c1:${M}`)).toMatchObject({ status: 'sent', channel: 'subscribe', template: 'member-benefit', text: '会员专享：c1', attempts: 1 })
    expect(consentEvents(h.store)).toEqual([expect.objectContaining({ memberId: M, type: 'spent', template: 'member-benefit', key: `campaign:c1:${M}`, left: 1 })])
  })

  test('the same key again is a duplicate: nothing sent, nothing spent', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 3 })
    await deliver(h.deps, campaignMessage('c1', M))
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'duplicate' })
    expect(outbox()).toHaveLength(1)
    expect(contactsOf(h.store, M)!.optIns['member-benefit']).toBe(2)
  })

  test('falls back to SMS where the member agreed to it, to their phone; not when the fallback is off', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, {}, true)
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'sent', channel: 'sms' })
    expect(outbox()[0]).toMatchObject({ channel: 'sms', to: '13900000001', template: 'member-benefit', campaignId: 'c1', memberId: M })
    await setConfig({ smsFallback: false })
    expect(await deliver(h.deps, campaignMessage('c2', M))).toEqual({ status: 'skipped', reason: 'no_consent' })
    // A message whose first choice is SMS is not a fallback: it goes.
    expect(await deliver(h.deps, campaignMessage('c3', M, { channels: ['sms'] }))).toEqual({ status: 'sent', channel: 'sms' })
  })

  test('an opt-in is never spent on a message that does not allow subscribe; a member who withdrew SMS gets none', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 1 }, false)
    expect(await deliver(h.deps, campaignMessage('c1', M, { channels: ['sms'] }))).toEqual({ status: 'skipped', reason: 'no_consent' })
    expect(contactsOf(h.store, M)!.optIns['member-benefit']).toBe(1)
  })

  test('a template renamed by the operator: the message spends opt-ins of the template carrying its kind', async () => {
    await addMember(h, 1)
    await setConfig({ templates: [{ name: 'promo', title: '优惠通知', kinds: ['campaign'] }] })
    await grantConsent(h.deps, M, { promo: 1 })
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(outbox()[0].template).toBe('promo')
  })

  test('unknown members and imported members nobody opened are skipped', async () => {
    expect(await deliver(h.deps, campaignMessage('c1', 'nobody'))).toEqual({ status: 'skipped', reason: 'no_member' })
    const m = await addMember(h, 2)
    await h.deps.db.collection(MEMBERS).doc(m._id).update({ openid: placeholderOpenid(m._id), imported: true })
    await grantConsent(h.deps, m._id, { 'member-benefit': 1 }, true)
    expect(await deliver(h.deps, campaignMessage('c1', m._id))).toEqual({ status: 'skipped', reason: 'unclaimed' })
    expect(outbox()).toEqual([])
  })
})

describe('deliver: the frequency cap', () => {
  test('marketing messages stop at the cap within the window and resume as it slides; service reminders neither count nor stop', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 5, 'points-expiry': 5 })
    for (const c of ['c1', 'c2', 'c3']) expect(await deliver(h.deps, campaignMessage(c, M))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(await deliver(h.deps, campaignMessage('c4', M))).toEqual({ status: 'skipped', reason: 'capped' })
    expect(await deliver(h.deps, expiryMessage(M, '2027-02-05'))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(contactsOf(h.store, M)!.optIns).toEqual({ 'member-benefit': 2, 'points-expiry': 4 })
    h.advance(7 * DAY_MS - 1) // the first sends are still within 7 days
    expect(await deliver(h.deps, campaignMessage('c5', M))).toEqual({ status: 'skipped', reason: 'capped' })
    h.advance(1)
    // The capped key may be delivered again once there is room.
    expect(await deliver(h.deps, campaignMessage('c4', M))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(logOf(`campaign:c4:${M}`)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(contactsOf(h.store, M)!.recent.map((r) => r.key)).toEqual([`campaign:c4:${M}`])
  })

  test('the cap is configurable, and counts SMS as well as subscribe messages', async () => {
    await addMember(h, 1)
    await setConfig({ cap: { messages: 1, days: 30 } })
    await grantConsent(h.deps, M, {}, true)
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'sent', channel: 'sms' })
    expect(await deliver(h.deps, campaignMessage('c2', M, { kind: 'birthday' }))).toEqual({ status: 'skipped', reason: 'capped' })
  })
})

describe('deliver: the most valuable messages first', () => {
  // One template for everything: the case where kinds compete for the same opt-ins.
  const oneTemplate = { templates: [{ name: 'all', title: '会员通知', kinds: ['points-expiry', 'tier-at-risk', 'tier-changed', 'welcome', 'birthday', 'win-back', 'campaign'] }] }

  test('a campaign may not take the last opt-in while the member has points about to expire; the reminder gets it', async () => {
    await addMember(h, 1)
    await setConfig(oneTemplate)
    await credit(h, M, 'e1', 50, '2027-02-04') // within the 7 warning days
    await grantConsent(h.deps, M, { all: 2 })
    expect(await deliver(h.deps, campaignMessage('c1', M, { template: 'all' }))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(await deliver(h.deps, campaignMessage('c2', M, { template: 'all' }))).toEqual({ status: 'skipped', reason: 'no_consent' })
    expect(logOf(`campaign:c2:${M}`)).toMatchObject({ reserved: true })
    expect(await deliver(h.deps, expiryMessage(M, '2027-02-04'))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(contactsOf(h.store, M)!.optIns.all).toBe(0)
  })

  test('the reserved opt-in is free again once nothing valuable is due; a kept one falls back to SMS meanwhile', async () => {
    await addMember(h, 1)
    await setConfig(oneTemplate)
    await credit(h, M, 'e1', 50, '2027-02-04')
    await grantConsent(h.deps, M, { all: 1 }, true)
    expect(await deliver(h.deps, campaignMessage('c1', M, { template: 'all' }))).toEqual({ status: 'sent', channel: 'sms' })
    h.advance(10 * DAY_MS) // the points are past their day
    expect(await deliver(h.deps, campaignMessage('c2', M, { template: 'all' }))).toEqual({ status: 'sent', channel: 'subscribe' })
  })

  test('a tier at risk (warned for the coming review) keeps the last opt-in from a welcome message', async () => {
    await addMember(h, 1)
    await setConfig(oneTemplate)
    await h.deps.db.collection('member_tiers').doc(M).set({ levelId: 'gold', reviewOn: '2027-03-01', warnedFor: '2027-03-01', graceUntil: null })
    await grantConsent(h.deps, M, { all: 1 })
    expect(await deliver(h.deps, campaignMessage('w', M, { key: `welcome:${M}`, kind: 'welcome', campaignId: null, template: 'all' }))).toEqual({
      status: 'skipped',
      reason: 'no_consent',
    })
    const atRisk = { ...expiryMessage(M, 'x'), key: `tier:${M}:at-risk:2027-03-01`, kind: 'tier-at-risk' as const, template: 'all' }
    expect(await deliver(h.deps, atRisk)).toEqual({ status: 'sent', channel: 'subscribe' })
  })
})

describe('deliver: failures', () => {
  const failing = (err: Error): Deps => ({ ...h.deps, subscribe: { send: () => Promise.reject(err) }, sms: { send: () => Promise.reject(err) } })

  test('a failed send gives the opt-in and the cap slot back and may be retried; a sent key never again', async () => {
    await addMember(h, 1)
    await setConfig({ cap: { messages: 1, days: 7 } })
    await grantConsent(h.deps, M, { 'member-benefit': 1 })
    expect(await deliver(failing(new Error('WeChat down')), campaignMessage('c1', M))).toEqual({ status: 'failed', message: 'WeChat down' })
    expect(contactsOf(h.store, M)).toMatchObject({ optIns: { 'member-benefit': 1 }, recent: [] })
    expect(logOf(`campaign:c1:${M}`)).toMatchObject({ status: 'failed', error: 'WeChat down', channel: 'subscribe' })
    expect(h.errors).toHaveLength(1)
    expect(consentEvents(h.store).map((e) => [e.type, e.left])).toEqual([['spent', 0], ['refunded', 1]])
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(await deliver(h.deps, campaignMessage('c1', M))).toEqual({ status: 'duplicate' })
    expect(outbox()).toHaveLength(1)
  })

  test('when WeChat says the member has no opt-in left, none is counted any more', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 3 })
    expect(await deliver(failing(new SubscribeRefused('43101')), campaignMessage('c1', M))).toMatchObject({ status: 'failed' })
    expect(contactsOf(h.store, M)!.optIns['member-benefit']).toBe(0)
    expect(consentEvents(h.store).map((e) => e.type)).toEqual(['spent', 'refused'])
  })
})

describe('deliver under concurrent sends', () => {
  test('20 racing campaigns for one member with 3 opt-ins and cap 2: exactly 2 sent, 1 opt-in left, every opt-in accounted for', async () => {
    await addMember(h, 1)
    await setConfig({ cap: { messages: 2, days: 7 } })
    await grantConsent(h.deps, M, { 'member-benefit': 3 })
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(h.deps, campaignMessage(`c${i}`, M))))
    expect(count(outcomes, (o) => o.status === 'sent')).toBe(2)
    expect(count(outcomes, (o) => o.status === 'skipped' && o.reason === 'capped')).toBe(18)
    expect(outbox()).toHaveLength(2)
    const c = contactsOf(h.store, M)!
    expect(c.optIns['member-benefit']).toBe(1)
    expect(c.recent).toHaveLength(2)
    expect(consentEvents(h.store).filter((e) => e.type === 'spent')).toHaveLength(2)
    expect(sendLog(h.store).filter((s) => s.status === 'sent').map((s) => s._id).sort()).toEqual(outbox().map((m) => m.key).sort())
  })

  test('20 racing sends with more room than opt-ins: the 3 opt-ins go to 3 messages, SMS carries the rest up to the cap', async () => {
    await addMember(h, 1)
    await setConfig({ cap: { messages: 10, days: 7 } })
    await grantConsent(h.deps, M, { 'member-benefit': 3 }, true)
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(h.deps, campaignMessage(`c${i}`, M))))
    expect(count(outcomes, (o) => o.status === 'sent' && o.channel === 'subscribe')).toBe(3)
    expect(count(outcomes, (o) => o.status === 'sent' && o.channel === 'sms')).toBe(7)
    expect(count(outcomes, (o) => o.status === 'skipped' && o.reason === 'capped')).toBe(10)
    expect(contactsOf(h.store, M)!.optIns['member-benefit']).toBe(0)
    expect(outbox().filter((m) => m.channel === 'subscribe')).toHaveLength(3)
  })

  test('racing service reminders and campaigns: opt-ins are never overspent, the cap never exceeded', async () => {
    await addMember(h, 1)
    await setConfig({ cap: { messages: 2, days: 7 } })
    await grantConsent(h.deps, M, { 'member-benefit': 4, 'points-expiry': 3 })
    const messages = Array.from({ length: 20 }, (_, i) => (i % 2 ? campaignMessage(`c${i}`, M) : expiryMessage(M, `2027-02-${String(i + 1).padStart(2, '0')}`)))
    const outcomes = await Promise.all(messages.map((m) => deliver(h.deps, m)))
    const sentKinds = outbox().map((m) => m.kind)
    expect(sentKinds.filter((k) => k === 'campaign')).toHaveLength(2)
    expect(sentKinds.filter((k) => k === 'points-expiry')).toHaveLength(3)
    expect(count(outcomes, (o) => o.status === 'sent')).toBe(5)
    expect(contactsOf(h.store, M)!.optIns).toEqual({ 'member-benefit': 2, 'points-expiry': 0 })
  })

  test('racing deliveries of one key send it once', async () => {
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 5 })
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => deliver(h.deps, campaignMessage('c1', M))))
    expect(count(outcomes, (o) => o.status === 'sent')).toBe(1)
    expect(count(outcomes, (o) => o.status === 'duplicate')).toBe(9)
    expect(contactsOf(h.store, M)!.optIns['member-benefit']).toBe(4)
  })

  test('racing sends through a flaky sender: every opt-in is either left, or spent on a message that went out', async () => {
    await addMember(h, 1)
    await setConfig({ cap: { messages: 20, days: 7 } })
    await grantConsent(h.deps, M, { 'member-benefit': 6 })
    let n = 0
    const flaky: Deps = { ...h.deps, subscribe: { send: (m) => (++n % 2 ? Promise.reject(new Error('busy')) : h.deps.subscribe.send(m)) } }
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => deliver(flaky, campaignMessage(`c${i}`, M))))
    const sent = count(outcomes, (o) => o.status === 'sent')
    const c = contactsOf(h.store, M)!
    expect(sent).toBe(outbox().length)
    expect(c.optIns['member-benefit'] + sent).toBe(6)
    expect(c.recent).toHaveLength(sent)
    const events = consentEvents(h.store)
    expect(events.filter((e) => e.type === 'spent').length - events.filter((e) => e.type === 'refunded').length).toBe(sent)
  })
})
