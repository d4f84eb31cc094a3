import { stepCampaign } from '../../cloudfunctions/_lib/campaign-send'
import { CAMPAIGN_AUDIENCE, CAMPAIGNS, loadCampaign } from '../../cloudfunctions/_lib/campaigns'
import { deliver } from '../../cloudfunctions/_lib/messaging'
import { groupOf } from '../../shared/marketing/control'
import { campaignMessage, grantConsent, sendLog } from './consent-fixtures'
import { COUPON, messageDraft, openCampaigns, type CampaignWorld, type MemberSpec } from './campaign-fixtures'
import type { Deps } from '../../cloudfunctions/_lib/deps'
import { ADMIN, data, MANAGER, openInsight } from './insight-fixtures'

jest.setTimeout(60_000)

const SHANDONG = ['山东省', '青岛市', '市南区']
const MEMBERS: MemberSpec[] = [
  { id: 'm01', nickname: '王芳', region: SHANDONG, level: 'gold', points: 1200, optIns: 2 },
  { id: 'm02', nickname: '李雷', region: ['北京市', '北京市', '朝阳区'], sms: true },
  { id: 'm03', nickname: null, region: ['山东省', '济南市'], sms: true, optIns: 1 },
  { id: 'm04', nickname: '没授权', region: ['广东省', '深圳市'] },
  { id: 'm05', nickname: '未激活', region: SHANDONG, unclaimed: true, sms: true },
  ...Array.from({ length: 15 }, (_x, i): MemberSpec => ({ id: `m${String(i + 6).padStart(2, '0')}`, region: i % 2 ? SHANDONG : ['江苏省', '南京市'], sms: true })),
]
const CONSENTING = MEMBERS.filter((m) => !m.unclaimed && (m.sms || m.optIns)).map((m) => m.id)

let w: CampaignWorld
beforeEach(async () => {
  w = await openCampaigns(MEMBERS)
})
afterEach(() => w.close())

const admin = (event: object) => w.call(ADMIN, event)
async function draftCampaign(over: object = {}, filter: object = {}): Promise<string> {
  const seg = await w.segment(filter)
  return data(await admin({ action: 'saveCampaign', campaign: messageDraft(seg, over) })).campaignId
}
async function sendCampaign(over: object = {}, filter: object = {}): Promise<string> {
  const id = await draftCampaign(over, filter)
  expect(data(await admin({ action: 'campaignSend', campaignId: id })).status).toBe('sending')
  return id
}
/** The same deps with a database on which moving a campaign's checkpoint fails: the step is "killed" there. */
function diesBeforeCheckpoint(deps: Deps): Deps {
  const db = new Proxy(deps.db, {
    get(target, prop) {
      if (prop === 'collection')
        return (name: string) => {
          const col = target.collection(name)
          if (name !== CAMPAIGNS) return col
          return new Proxy(col, {
            get(c, p) {
              if (p === 'where') return () => ({ update: async () => Promise.reject(new Error('killed')) })
              const v = Reflect.get(c, p)
              return typeof v === 'function' ? v.bind(c) : v
            },
          })
        }
      const v = Reflect.get(target, prop)
      return typeof v === 'function' ? v.bind(target) : v
    },
  }) as Deps['db']
  return { ...deps, db }
}

/** Messages per member in the outbox, for one campaign. */
const perMember = (campaignId: string) => {
  const n = new Map<string, number>()
  for (const m of w.outboxOf(campaignId)) n.set(m.memberId!, (n.get(m.memberId!) ?? 0) + 1)
  return n
}

test('the preview shows the exact text each member then receives, once, on the channel it predicted', async () => {
  const id = await draftCampaign()
  const preview = data(await admin({ action: 'campaignPreview', campaignId: id, limit: 20 }))
  expect(preview.samples).toHaveLength(20)
  const byId = new Map<string, any>(preview.samples.map((s: any) => [s.memberId, s]))
  expect(byId.get('m01')).toMatchObject({ group: 'treated', text: '王芳，山东的朋友，青岛市门店本周 88 折', variant: 0, channel: 'subscribe', skip: null })
  expect(byId.get('m02')).toMatchObject({ text: '李雷，本周会员日全场 9 折', variant: null, channel: 'sms' })
  // No nickname: the stand-in reads naturally.
  expect(byId.get('m03')).toMatchObject({ text: '会员，山东的朋友，济南市门店本周 88 折', channel: 'subscribe' })
  expect(byId.get('m04')).toMatchObject({ channel: null, skip: 'no_consent' })
  expect(byId.get('m05')).toMatchObject({ channel: null, skip: 'unclaimed' })

  data(await admin({ action: 'campaignSend', campaignId: id }))
  const done = await w.sendAll(id)
  expect(done!.status).toBe('sent')
  const outbox = w.outboxOf(id)
  expect([...perMember(id).keys()].sort()).toEqual(CONSENTING.sort())
  expect([...perMember(id).values()].every((n) => n === 1)).toBe(true)
  for (const m of outbox) {
    const s = byId.get(m.memberId!)
    expect([m.memberId, m.text, m.channel]).toEqual([s.memberId, s.text, s.channel])
    expect(m.kind).toBe('campaign')
    if (m.channel === 'subscribe') expect(m.data.page).toBe(`pages/coupons/index?c=${id}`)
  }
  // Every send is logged, the members it could not reach with why.
  const log = new Map(sendLog(w.store).filter((s) => s.campaignId === id).map((s) => [s.memberId, s]))
  expect(log.size).toBe(MEMBERS.length)
  expect(log.get('m04')).toMatchObject({ status: 'skipped', reason: 'no_consent' })
  expect(log.get('m05')).toMatchObject({ status: 'skipped', reason: 'unclaimed' })
  expect(done!.counts).toEqual({ members: 20, treated: 20, control: 0, sent: CONSENTING.length, skipped: 2, failed: 0, rewarded: 0 })
  expect(data(await admin({ action: 'campaign', campaignId: id })).progress.percent).toBe(100)

  // A step after it is sent (a retried click) sends nothing more.
  expect(data(await admin({ action: 'campaignStep', campaignId: id })).status).toBe('sent')
  expect(w.outboxOf(id)).toHaveLength(outbox.length)
})

test('racing steps and a step killed half-way still send each member one message, and count each member once', async () => {
  const id = await sendCampaign()
  // A step dies after sending its slice, before its checkpoint moves: the next step does the slice again.
  await expect(stepCampaign(diesBeforeCheckpoint(w.deps), id, { maxSlices: 1 })).rejects.toThrow('killed')
  expect(w.outboxOf(id).length).toBeGreaterThan(0)
  expect((await loadCampaign(w.deps.db, id))!.counts.members).toBe(0)
  for (let i = 0; i < 50; i++) {
    const [a] = await Promise.all([stepCampaign(w.deps, id, { maxSlices: 1 }), stepCampaign(w.deps, id, { maxSlices: 1 }), stepCampaign(w.deps, id, { maxSlices: 1 })])
    if (a!.status !== 'sending') break
  }
  const c = (await loadCampaign(w.deps.db, id))!
  expect(c.status).toBe('sent')
  expect([...perMember(id).keys()].sort()).toEqual(CONSENTING.sort())
  expect([...perMember(id).values()].every((n) => n === 1)).toBe(true)
  expect(c.counts.members).toBe(MEMBERS.length)
  expect(c.counts.treated).toBe(MEMBERS.length)
})

test('messages whose send failed are tried once more before the campaign is marked sent', async () => {
  const id = await sendCampaign({ channel: 'sms' })
  let refusals = 3
  const flaky: Deps = {
    ...w.deps,
    sms: { send: async (m) => (refusals-- > 0 ? Promise.reject(new Error('provider down')) : w.deps.sms.send(m)) },
  }
  let c = await loadCampaign(w.deps.db, id)
  for (let i = 0; i < 50 && c!.status === 'sending'; i++) c = await stepCampaign(flaky, id, { maxSlices: 1 })
  expect(c!.status).toBe('sent')
  const sms = MEMBERS.filter((m) => m.sms && !m.unclaimed).map((m) => m.id)
  expect([...perMember(id).keys()].sort()).toEqual(sms.sort())
  expect([...perMember(id).values()].every((n) => n === 1)).toBe(true)
  expect(c!.counts).toMatchObject({ sent: sms.length, failed: 0 })
  expect(sendLog(w.store).filter((s) => s.campaignId === id && s.attempts === 2)).toHaveLength(3)
})

test('the control group is held back and sent nothing; everyone else is served', async () => {
  const id = await sendCampaign({ controlPercent: 50 })
  const c = (await w.sendAll(id))!
  const held = MEMBERS.filter((m) => groupOf(id, m.id, 50) === 'control').map((m) => m.id)
  expect(held.length).toBeGreaterThan(0)
  expect(c.counts).toMatchObject({ members: 20, control: held.length, treated: 20 - held.length })
  const logged = new Set(sendLog(w.store).filter((s) => s.campaignId === id).map((s) => s.memberId))
  for (const m of held) {
    expect(logged.has(m)).toBe(false)
    expect(perMember(id).has(m)).toBe(false)
  }
  expect(logged.size).toBe(20 - held.length)
  // The audience reached is kept chunk by chunk, so the report can count the control group's sales.
  const audience = w.store.rawFind(CAMPAIGN_AUDIENCE).filter((d: any) => d.campaignId === id).flatMap((d: any) => d.ids)
  expect(audience.sort()).toEqual(MEMBERS.map((m) => m.id).sort())
})

test('a reward campaign gives each treated member one coupon and its points once, however often a step is repeated', async () => {
  const id = await sendCampaign(
    { kind: 'reward', reward: { couponTemplateId: COUPON.id, points: 200 }, controlPercent: 20, copy: { text: '{姓名}，送您{券名}和{赠送积分}积分' } },
    { regions: ['山东省'] },
  )
  await w.sendAll(id)
  const shandong = MEMBERS.filter((m) => m.region?.[0] === '山东省')
  const served = shandong.filter((m) => !m.unclaimed && groupOf(id, m.id, 20) === 'treated').map((m) => m.id)
  const check = () => {
    const coupons = w.store.rawFind('coupons').filter((c: any) => c.issueKey?.startsWith(`campaign:${id}:`))
    expect(coupons.map((c: any) => c.memberId).sort()).toEqual([...served].sort())
    expect(coupons.every((c: any) => c.issueKey === `campaign:${id}:${c.memberId}` && c.channel === 'campaign' && c.templateId === COUPON.id)).toBe(true)
    const entries = w.store.rawFind('ledger').filter((e: any) => e._id.startsWith(`reward:campaign:${id}:`))
    expect(entries.map((e: any) => e.memberId).sort()).toEqual([...served].sort())
    expect(entries.every((e: any) => e.points === 200 && e.kind === 'earn')).toBe(true)
  }
  check()
  const m01 = w.outboxOf(id).find((m) => m.memberId === 'm01')
  if (served.includes('m01')) expect(m01?.text).toBe('王芳，送您满100减20券和200积分')
  const before = w.outboxOf(id).length
  // The whole audience again, as if every step were retried from the start.
  await w.deps.db.collection(CAMPAIGNS).doc(id).update({ status: 'sending', nextChunk: 0, nextOffset: 0 })
  const again = (await w.sendAll(id))!
  check()
  expect(w.outboxOf(id)).toHaveLength(before)
  expect(again.counts.rewarded).toBe(served.length)
})

test('the per-member frequency cap holds a campaign message back', async () => {
  data(await admin({ action: 'saveSettings', kind: 'messaging', value: { cap: { messages: 1, days: 7 } } }))
  await grantConsent(w.deps, 'm02', {}, true)
  expect(await deliver(w.deps, campaignMessage('earlier', 'm02', { channels: ['sms'] }))).toEqual({ status: 'sent', channel: 'sms' })
  const id = await sendCampaign({}, { regions: ['北京市'] })
  const c = (await w.sendAll(id))!
  expect(c.counts).toMatchObject({ members: 1, sent: 0, skipped: 1 })
  expect(sendLog(w.store).find((s) => s.campaignId === id)).toMatchObject({ memberId: 'm02', status: 'skipped', reason: 'capped' })
  expect(w.outboxOf(id)).toHaveLength(0)
})

test('a sending campaign follows its frozen filter and restarts its walk on a new snapshot without sending twice', async () => {
  const seg = await w.segment({ regions: ['山东省'] })
  const id = data(await admin({ action: 'saveCampaign', campaign: messageDraft(seg) })).campaignId
  data(await admin({ action: 'campaignSend', campaignId: id }))
  // Editing the segment afterwards changes nothing for the campaign.
  data(await admin({ action: 'saveSegment', id: seg, name: '全部', filter: {} }))
  await stepCampaign(w.deps, id, { maxSlices: 1 })
  const early = new Set(w.outboxOf(id).map((m) => m.memberId))
  expect(early.size).toBeGreaterThan(0)
  // The nightly run makes a new snapshot (other chunk numbers); the campaign starts its walk again.
  w.advance(24 * 3600_000)
  await w.job({ chunkSize: 3 })
  const c = (await w.sendAll(id))!
  expect(c.status).toBe('sent')
  expect(c.snapshot!.asOf).toBe('2027-02-01')
  const shandong = MEMBERS.filter((m) => m.region?.[0] === '山东省' && CONSENTING.includes(m.id)).map((m) => m.id)
  expect([...perMember(id).keys()].sort()).toEqual(shandong.sort())
  expect([...perMember(id).values()].every((n) => n === 1)).toBe(true)
  expect(c.counts.members).toBe(MEMBERS.filter((m) => m.region?.[0] === '山东省').length)
})

describe('refusals', () => {
  test('who may do what', async () => {
    const seg = await w.segment({})
    const forbidden = await w.call(MANAGER, { action: 'saveCampaign', campaign: messageDraft(seg) })
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const id = data(await admin({ action: 'saveCampaign', campaign: messageDraft(seg) })).campaignId
    expect((await w.call(MANAGER, { action: 'campaignPreview', campaignId: id })).ok).toBe(true)
    expect((await w.call(MANAGER, { action: 'campaigns' })).ok).toBe(true)
    expect(await w.call(MANAGER, { action: 'campaignSend', campaignId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.call('openid-m01', { action: 'campaigns' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
  })

  test('a started campaign is no longer editable; drafts are not stepped; a sent one cannot be cancelled', async () => {
    const id = await draftCampaign()
    expect(await admin({ action: 'campaignStep', campaignId: id })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_SENDING' } })
    expect(await admin({ action: 'campaignReport', campaignId: id })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_SENDING' } })
    data(await admin({ action: 'campaignSend', campaignId: id }))
    // Sending again is answered with the campaign as it is.
    expect(data(await admin({ action: 'campaignSend', campaignId: id })).status).toBe('sending')
    const edit = await admin({ action: 'saveCampaign', campaignId: id, campaign: messageDraft('x') })
    expect(edit).toMatchObject({ ok: false, error: { code: 'SEGMENT_NOT_FOUND' } })
    const seg = (await loadCampaign(w.deps.db, id))!.draft.segmentId
    expect(await admin({ action: 'saveCampaign', campaignId: id, campaign: messageDraft(seg) })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_EDITABLE' } })
    await w.sendAll(id)
    expect(await admin({ action: 'campaignCancel', campaignId: id })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_SENDING' } })
    expect(await admin({ action: 'campaign', campaignId: 'nope' })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_FOUND' } })
  })

  test('a cancelled campaign stops sending and cannot be sent again; the change is recorded', async () => {
    const id = await sendCampaign()
    await stepCampaign(w.deps, id, { maxSlices: 1 })
    const sent = w.outboxOf(id).length
    expect(data(await admin({ action: 'campaignCancel', campaignId: id })).status).toBe('cancelled')
    expect(data(await admin({ action: 'campaignStep', campaignId: id })).status).toBe('cancelled')
    expect(w.outboxOf(id)).toHaveLength(sent)
    expect(await admin({ action: 'campaignSend', campaignId: id })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_EDITABLE' } })
    const changes = w.store.rawFind('operator_changes').filter((c: any) => c.targetId === id).map((c: any) => c.action)
    expect(changes.sort()).toEqual(['cancel', 'save', 'send'])
  })

  test('a coupon that no longer exists, an unknown placeholder, a segment gone', async () => {
    const seg = await w.segment({})
    const bad = await admin({ action: 'saveCampaign', campaign: messageDraft(seg, { kind: 'reward', reward: { couponTemplateId: 'gone' } }) })
    expect(bad).toMatchObject({ ok: false, error: { code: 'TEMPLATE_NOT_FOUND', field: 'campaign.reward.couponTemplateId' } })
    const placeholder = await admin({ action: 'saveCampaign', campaign: messageDraft(seg, { copy: { text: '{昵称}' } }) })
    expect(placeholder).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'campaign.copy.text' } })
    const id = data(await admin({ action: 'saveCampaign', campaign: messageDraft(seg) })).campaignId
    data(await admin({ action: 'deleteSegment', id: seg }))
    expect(await admin({ action: 'campaignSend', campaignId: id })).toMatchObject({ ok: false, error: { code: 'SEGMENT_NOT_FOUND' } })
  })

  test('before the first insight run there is no audience to preview or send to', async () => {
    const fresh = await openInsight()
    try {
      const seg = data(await fresh.call(ADMIN, { action: 'saveSegment', name: '全部', filter: {} })).id
      const id = data(await fresh.call(ADMIN, { action: 'saveCampaign', campaign: messageDraft(seg) })).campaignId
      expect(await fresh.call(ADMIN, { action: 'campaignPreview', campaignId: id })).toMatchObject({ ok: false, error: { code: 'INSIGHT_NOT_READY' } })
      expect(await fresh.call(ADMIN, { action: 'campaignSend', campaignId: id })).toMatchObject({ ok: false, error: { code: 'INSIGHT_NOT_READY' } })
      expect(data(await fresh.call(ADMIN, { action: 'campaign', campaignId: id })).status).toBe('draft')
    } finally {
      fresh.close()
    }
  })
})
