import type { CampaignRecord } from '../../cloudfunctions/_lib/campaigns'
import { campaignMessage } from '../../cloudfunctions/_lib/campaign-message'
import type { CloudBaseApp } from '../../cloudfunctions/_lib/deps'
import { deliver, type OutgoingMessage } from '../../cloudfunctions/_lib/messaging'
import { CONFIG } from '../../cloudfunctions/_lib/settings'
import { cloudSubscribe, SubscribeRefused, type SubscribeMessage } from '../../cloudfunctions/_lib/subscribe'
import { sendCongratulation } from '../../cloudfunctions/_lib/tier-congratulation'
import { definition } from '../../cloudfunctions/points'
import { pointsExpiryWarning } from '../../cloudfunctions/points-expiry-warning/points-expiry-warning'
import { DEFAULT_TEMPLATES } from '../../shared/messaging/config'
import { consentEvents, contactsOf, grantConsent, sendLog } from './consent-fixtures'
import { openHarness, type Harness } from './harness'
import { addMember, credit } from './points-fixtures'

// The cloud sender of subscribe messages (WeChat's subscribeMessage.send through CloudBase's
// open-API call) against a stub of `app.callWxOpenApi`. The harness clock is frozen at
// 2027-01-31 10:00 Shanghai.

type Call = { apiName: string; requestData: Record<string, unknown> }
const OK = { result: { errcode: 0, errmsg: 'ok', msgid: 2845123 }, requestId: 'r1' }

/** A stub of CloudBase's open-API call: records each call and answers the next answer (OK when none is left). */
function stubWeChat(...answers: unknown[]) {
  const calls: Call[] = []
  const app = {
    callWxOpenApi: async (options: Call) => {
      calls.push(options)
      return answers.shift() ?? OK
    },
  } as unknown as Pick<CloudBaseApp, 'callWxOpenApi'>
  return { app, calls }
}

const wechat = stubWeChat()
let h: Harness
let state: string | undefined
beforeEach(() => {
  wechat.calls.length = 0
  state = undefined
  h = openHarness(definition, { subscribe: { send: (m) => cloudSubscribe(wechat.app, { now: () => h.clock.now(), state }).send(m) } })
})
afterEach(() => h.close())

const M = 'm0001'
/** The three default templates with their WeChat ids and keyword mappings as a merchant would set them. */
const MAPPED = {
  'points-expiry': { wechatTemplateId: 'wx-exp', wechatFields: { number1: 'points', date2: 'expiresOn', thing3: '=请在到期前使用' } },
  'tier-changed': { wechatTemplateId: 'wx-tier', wechatFields: { phrase1: 'level|to', thing2: 'text', time3: 'sentAt' } },
  'member-benefit': { wechatTemplateId: 'wx-benefit', wechatFields: { thing1: 'title', thing2: 'text' } },
} as Record<string, { wechatTemplateId: string; wechatFields: Record<string, string> }>
const configure = (over: Record<string, object> = {}) =>
  h.deps.db
    .collection(CONFIG)
    .doc('messaging')
    .set({ templates: DEFAULT_TEMPLATES.map((t) => ({ ...t, ...MAPPED[t.name], ...over[t.name] })) })
const body = (over: Record<string, unknown>) => ({ apiName: '/cgi-bin/message/subscribe/send', requestData: { miniprogram_state: 'formal', lang: 'zh_CN', ...over } })

describe('the request WeChat gets, for each Huika template', () => {
  test('points-expiry, from the warning job: points, the day in WeChat’s format, fixed text', async () => {
    await configure()
    await addMember(h, 1)
    await credit(h, M, 'a1', 30, '2027-02-05')
    await grantConsent(h.deps, M, { 'points-expiry': 1 })
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ messages: 1, failed: 0 })
    expect(wechat.calls).toEqual([
      body({
        touser: 'o1',
        template_id: 'wx-exp',
        page: 'pages/points/index',
        data: { number1: { value: '30' }, date2: { value: '2027年2月5日' }, thing3: { value: '请在到期前使用' } },
      }),
    ])
  })

  test('tier-changed, from the congratulation: the level, the text cut to 20 characters, the time it was sent', async () => {
    await configure()
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'tier-changed': 1 })
    expect(await sendCongratulation(h.deps, 'o1', { id: 'gold', name: { zh: '金卡会员', en: 'Gold' } })).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(wechat.calls).toEqual([
      body({
        touser: 'o1',
        template_id: 'wx-tier',
        page: 'pages/tier/index',
        data: { phrase1: { value: '金卡会员' }, thing2: { value: '恭喜您升级为金卡会员！新等级的积分倍数…' }, time3: { value: '2027年1月31日 10:00' } },
      }),
    ])
  })

  test('tier-changed, a step down (tier-review’s notice carries from/to, not level): the second alternative fills the keyword', async () => {
    await configure()
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'tier-changed': 1 })
    const notice: OutgoingMessage = {
      key: `tier:${M}:stepped-down:2027-01-31`,
      memberId: M,
      kind: 'tier-changed',
      campaignId: null,
      channels: ['subscribe'],
      template: 'tier-changed',
      page: 'pages/tier/index',
      text: '已调整为银卡会员。',
      data: { kind: 'stepped-down', from: '金卡会员', to: '银卡会员', reviewOn: '2027-01-31' },
    }
    expect(await deliver(h.deps, notice)).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(wechat.calls[0].requestData.data).toEqual({ phrase1: { value: '银卡会员' }, thing2: { value: '已调整为银卡会员。' }, time3: { value: '2027年1月31日 10:00' } })
  })

  test('member-benefit, a campaign: its name and text, the page with the campaign for open tracking', async () => {
    await configure()
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'member-benefit': 1 })
    const campaign = { _id: 'spring', draft: { name: '春季会员日双倍积分限时活动火热进行中', channel: 'subscribe', page: '/pages/card/index' } } as unknown as CampaignRecord
    expect(await deliver(h.deps, campaignMessage(campaign, M, '会员日全场双倍积分，仅限本周六'))).toEqual({ status: 'sent', channel: 'subscribe' })
    expect(wechat.calls).toEqual([
      body({
        touser: 'o1',
        template_id: 'wx-benefit',
        page: 'pages/card/index?c=spring',
        data: { thing1: { value: '春季会员日双倍积分限时活动火热进行中' }, thing2: { value: '会员日全场双倍积分，仅限本周六' } },
      }),
    ])
  })

  test('HUIKA_MINIPROGRAM_STATE=trial opens the trial version; a value WeChat does not know refuses before calling it', async () => {
    const message: SubscribeMessage = { to: 'o1', template: 'member-benefit', page: 'pages/card/index', text: '生日快乐', data: { title: '生日礼遇' }, ...MAPPED['member-benefit'] }
    await cloudSubscribe(wechat.app, { now: () => h.clock.now(), state: 'trial' }).send(message)
    expect(wechat.calls[0].requestData.miniprogram_state).toBe('trial')
    await expect(cloudSubscribe(wechat.app, { now: () => h.clock.now(), state: 'beta' }).send(message)).rejects.toThrow('HUIKA_MINIPROGRAM_STATE must be formal, trial or developer, not "beta"')
    expect(wechat.calls).toHaveLength(1)
  })
})

describe('what WeChat answers, and what is refused before asking it', () => {
  const message: SubscribeMessage = { to: 'o1', template: 'points-expiry', page: 'pages/points/index', text: '积分将过期', data: { points: '30', expiresOn: '2027-02-05' }, ...MAPPED['points-expiry'] }
  const send = (m: SubscribeMessage, ...answers: unknown[]) => cloudSubscribe(stubWeChat(...answers).app, { now: () => new Date('2027-01-31T02:00:00Z') }).send(m)

  test('errcode 0 is sent; 43101 is SubscribeRefused', async () => {
    await expect(send(message)).resolves.toBeUndefined()
    const refused = send(message, { result: { errcode: 43101, errmsg: 'user refuse to accept the msg rid: 1' } })
    await expect(refused).rejects.toBeInstanceOf(SubscribeRefused)
    await expect(refused).rejects.toThrow('subscribe template points-expiry (wx-exp): WeChat says the member has no opt-in left (errcode 43101 user refuse to accept the msg rid: 1)')
  })

  test('47003 names the template, WeChat’s reason and the data; 40037 the template id; others their errcode', async () => {
    const bad = send(message, { result: { errcode: 47003, errmsg: 'argument invalid! data.number1.value invalid' } })
    await expect(bad).rejects.not.toBeInstanceOf(SubscribeRefused)
    await expect(bad).rejects.toThrow(
      'subscribe template points-expiry (wx-exp): WeChat refused the data (errcode 47003 argument invalid! data.number1.value invalid); check its keyword mapping: {"number1":{"value":"30"},"date2":{"value":"2027年2月5日"},"thing3":{"value":"请在到期前使用"}}',
    )
    await expect(send(message, { result: { errcode: 40037, errmsg: 'invalid template_id' } })).rejects.toThrow(
      'subscribe template points-expiry: WeChat does not know template id wx-exp (errcode 40037 invalid template_id); check it in the console',
    )
    await expect(send(message, { result: { errcode: 43107, errmsg: 'banned' } })).rejects.toThrow('subscribe template points-expiry (wx-exp): subscribeMessage.send failed (errcode 43107 banned)')
    await expect(send(message, { code: 'PERMISSION_DENIED', message: 'no openapi permission' })).rejects.toThrow('subscribeMessage.send: PERMISSION_DENIED no openapi permission')
    await expect(send(message, { result: 'gateway timeout' })).rejects.toThrow('subscribeMessage.send failed (errcode ? gateway timeout)')
  })

  test('no WeChat template id, no keyword mapping, or a keyword the message cannot fill: refused, WeChat not called', async () => {
    const wx = stubWeChat()
    const sender = cloudSubscribe(wx.app, { now: () => new Date() })
    await expect(sender.send({ ...message, wechatTemplateId: '' })).rejects.toThrow('subscribe template points-expiry has no WeChat template id: set it in the console, 设置 → 消息与授权')
    await expect(sender.send({ ...message, wechatFields: {} })).rejects.toThrow('subscribe template points-expiry (wx-exp) maps no WeChat keywords to message fields')
    await expect(sender.send({ ...message, data: { expiresOn: '2027-02-05' } })).rejects.toThrow('subscribe template points-expiry (wx-exp), keyword number1: the message has none of points')
    expect(wx.calls).toEqual([])
  })
})

describe('deliver with the cloud sender', () => {
  test('WeChat’s 43101 sets the member’s opt-ins of the template to zero (they are not given back)', async () => {
    await configure()
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'tier-changed': 3 })
    const refusing = { ...h.deps, subscribe: cloudSubscribe(stubWeChat({ result: { errcode: 43101, errmsg: 'user refuse to accept the msg' } }).app, { now: h.clock.now }) }
    const outcome = await sendCongratulation(refusing, 'o1', { id: 'gold', name: { zh: '金卡会员', en: 'Gold' } })
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringContaining('43101') })
    expect(contactsOf(h.store, M)!.optIns['tier-changed']).toBe(0)
    expect(consentEvents(h.store).map((e) => [e.type, e.left])).toEqual([
      ['spent', 2],
      ['refused', 0],
    ])
  })

  test('47003 or a template not mapped yet: the send fails, is logged, and the opt-in is given back for a later try', async () => {
    await configure({ 'member-benefit': { wechatFields: {} } })
    await addMember(h, 1)
    await grantConsent(h.deps, M, { 'points-expiry': 1, 'member-benefit': 1 })
    const bad = { ...h.deps, subscribe: cloudSubscribe(stubWeChat({ result: { errcode: 47003, errmsg: 'argument invalid!' } }).app, { now: h.clock.now }) }
    const expiry: OutgoingMessage = {
      key: `expiry:${M}:2027-02-05`,
      memberId: M,
      kind: 'points-expiry',
      campaignId: null,
      channels: ['subscribe'],
      template: 'points-expiry',
      page: 'pages/points/index',
      text: '积分将过期',
      data: { points: '30', expiresOn: '2027-02-05' },
    }
    expect(await deliver(bad, expiry)).toMatchObject({ status: 'failed', message: expect.stringContaining('subscribe template points-expiry (wx-exp): WeChat refused the data') })
    const campaign = { ...expiry, key: `campaign:c1:${M}`, kind: 'campaign' as const, campaignId: 'c1', template: 'member-benefit', data: { title: '会员日' } }
    expect(await deliver(h.deps, campaign)).toMatchObject({ status: 'failed', message: expect.stringContaining('member-benefit (wx-benefit) maps no WeChat keywords') })
    expect(contactsOf(h.store, M)!.optIns).toEqual({ 'points-expiry': 1, 'member-benefit': 1 })
    expect(sendLog(h.store).map((s) => [s._id, s.status])).toEqual([
      [`campaign:c1:${M}`, 'failed'],
      [`expiry:${M}:2027-02-05`, 'failed'],
    ])
    expect(h.errors.map((e) => e.message)).toEqual([`message expiry:${M}:2027-02-05 not sent`, `message campaign:c1:${M} not sent`])
    expect(consentEvents(h.store).map((e) => e.type)).toEqual(['spent', 'refunded', 'spent', 'refunded'])
  })
})
