import fc from 'fast-check'
import { DEFAULT_TEMPLATES, DefaultMessagingConfig as C, MessagingConfig, resolveTemplate, templateFor } from '../../shared/messaging/config'
import { applyConsent, askFor, choose, emptyContacts, giveBack, sentInWindow, spend, unknownTemplate, type Channel, type MemberContacts } from '../../shared/messaging/contacts'
import { isMarketing, MessageKind, PRIORITY } from '../../shared/messaging/kinds'
import { pendingNeeds } from '../../shared/messaging/needs'

const NOW = new Date('2027-01-31T02:00:00Z')
const DAY_MS = 86_400_000
const at = (ms: number) => new Date(NOW.getTime() + ms)
const withOptIns = (optIns: Record<string, number>, over: Partial<MemberContacts> = {}): MemberContacts => ({ ...emptyContacts('m1'), optIns, ...over })
const smsOn = { on: true, at: NOW.toISOString(), moment: 'profile' as const }
const pick = (c: MemberContacts, kind: MessageKind, opts: { channels?: Channel[]; needs?: MessageKind[]; config?: MessagingConfig; template?: string } = {}) => {
  const config = opts.config ?? C
  return choose({
    contacts: c,
    config,
    kind,
    template: resolveTemplate(config, opts.template ?? templateFor(config, kind), kind),
    channels: opts.channels ?? ['subscribe', 'sms'],
    needs: opts.needs ?? [],
    now: NOW,
  })
}

describe('configuration', () => {
  test('defaults: cap 3 in 7 days, the three templates, SMS fallback on, 5 opt-ins kept per template', () => {
    expect(MessagingConfig.parse({})).toEqual({ cap: { messages: 3, days: 7 }, templates: DEFAULT_TEMPLATES, smsFallback: true, optInLimit: 5, askAgainAfterDays: 30 })
    expect(DEFAULT_TEMPLATES.map((t) => [t.name, t.title])).toEqual([
      ['points-expiry', '积分到期提醒'],
      ['tier-changed', '会员等级变动提醒'],
      ['member-benefit', '会员权益通知'],
    ])
  })

  test('every kind is carried by exactly one default template', () => {
    for (const kind of MessageKind.options) expect(C.templates.filter((t) => t.kinds.includes(kind))).toHaveLength(1)
    expect(templateFor(C, 'tier-at-risk')).toBe('tier-changed')
    expect(templateFor(C, 'birthday')).toBe('member-benefit')
  })

  test('refuses duplicate names, a kind on two templates, unknown keys and bad names', () => {
    const t = (name: string, kinds: string[]) => ({ name, title: '通知', kinds })
    expect(MessagingConfig.safeParse({ templates: [t('a', ['campaign']), t('a', ['welcome'])] }).success).toBe(false)
    expect(MessagingConfig.safeParse({ templates: [t('a', ['campaign']), t('b', ['campaign'])] }).success).toBe(false)
    expect(MessagingConfig.safeParse({ templates: [t('Bad Name', ['campaign'])] }).success).toBe(false)
    expect(MessagingConfig.safeParse({ templates: [t('a', [])] }).success).toBe(false)
    expect(MessagingConfig.safeParse({ capp: 3 }).success).toBe(false)
    expect(MessagingConfig.parse({ templates: [t('a', ['campaign'])] }).templates[0].wechatTemplateId).toBe('')
  })

  test('a message spends the template named, or the one carrying its kind when that name is gone', () => {
    expect(resolveTemplate(C, 'tier-changed', 'tier-at-risk')?.name).toBe('tier-changed')
    expect(resolveTemplate(C, 'tier-at-risk', 'tier-at-risk')?.name).toBe('tier-changed')
    const config = MessagingConfig.parse({ templates: [{ name: 'x', title: '通知', kinds: ['welcome'] }] })
    expect(resolveTemplate(config, 'member-benefit', 'campaign')).toBeNull()
    expect(templateFor(config, 'campaign')).toBe('')
  })
})

describe('kinds', () => {
  test('expiring points before the level, the level before journeys, journeys before campaigns; only journeys and campaigns are marketing', () => {
    expect(PRIORITY['points-expiry']).toBeLessThan(PRIORITY['tier-at-risk'])
    expect(PRIORITY['tier-at-risk']).toBeLessThan(PRIORITY.welcome)
    expect(PRIORITY['win-back']).toBeLessThan(PRIORITY.campaign)
    expect(MessageKind.options.filter(isMarketing)).toEqual(['welcome', 'birthday', 'win-back', 'campaign'])
  })
})

describe('choosing a channel', () => {
  test('subscribe when an opt-in of the template is left; else SMS with consent; else no_consent', () => {
    expect(pick(withOptIns({ 'member-benefit': 1 }), 'campaign')).toEqual({ channel: 'subscribe' })
    expect(pick(withOptIns({ 'points-expiry': 1 }), 'campaign')).toEqual({ skip: 'no_consent', reserved: false }) // another template's opt-in
    expect(pick(withOptIns({}, { sms: smsOn }), 'campaign')).toEqual({ channel: 'sms' })
    expect(pick(withOptIns({}, { sms: { ...smsOn, on: false } }), 'campaign')).toEqual({ skip: 'no_consent', reserved: false })
  })

  test('the allowed channels and their order are the message\'s; SMS as a fallback only when configured', () => {
    const both = withOptIns({ 'member-benefit': 1 }, { sms: smsOn })
    expect(pick(both, 'campaign', { channels: ['sms', 'subscribe'] })).toEqual({ channel: 'sms' })
    expect(pick(both, 'campaign', { channels: ['subscribe'] })).toEqual({ channel: 'subscribe' })
    const noFallback = MessagingConfig.parse({ smsFallback: false })
    expect(pick(withOptIns({}, { sms: smsOn }), 'campaign', { config: noFallback })).toEqual({ skip: 'no_consent', reserved: false })
    expect(pick(withOptIns({}, { sms: smsOn }), 'campaign', { config: noFallback, channels: ['sms'] })).toEqual({ channel: 'sms' })
  })

  test('the cap stops marketing kinds only, counting the window back from now', () => {
    const recent = [-6, -3, -1].map((d, i) => ({ key: `k${i}`, at: at(d * DAY_MS).toISOString() }))
    const full = withOptIns({ 'member-benefit': 5, 'points-expiry': 5, 'tier-changed': 5 }, { recent })
    for (const kind of ['welcome', 'birthday', 'win-back', 'campaign'] as const) expect(pick(full, kind)).toEqual({ skip: 'capped', reserved: false })
    for (const kind of ['points-expiry', 'tier-at-risk', 'tier-changed'] as const) expect(pick(full, kind)).toEqual({ channel: 'subscribe' })
    const older = withOptIns({ 'member-benefit': 5 }, { recent: [{ key: 'old', at: at(-7 * DAY_MS).toISOString() }, ...recent.slice(1)] })
    expect(sentInWindow(older, C, NOW)).toBe(2)
    expect(pick(older, 'campaign')).toEqual({ channel: 'subscribe' })
  })

  test('a cheaper kind leaves the opt-ins a due, more valuable message needs (one per need the template carries)', () => {
    const config = MessagingConfig.parse({ templates: [{ name: 'all', title: '通知', kinds: MessageKind.options }] })
    const o = { config, template: 'all' }
    expect(pick(withOptIns({ all: 1 }), 'campaign', { ...o, needs: ['points-expiry'] })).toEqual({ skip: 'no_consent', reserved: true })
    expect(pick(withOptIns({ all: 2 }), 'campaign', { ...o, needs: ['points-expiry', 'tier-at-risk'] })).toEqual({ skip: 'no_consent', reserved: true })
    expect(pick(withOptIns({ all: 3 }), 'campaign', { ...o, needs: ['points-expiry', 'tier-at-risk'] })).toEqual({ channel: 'subscribe' })
    expect(pick(withOptIns({ all: 1 }), 'points-expiry', { ...o, needs: ['points-expiry', 'tier-at-risk'] })).toEqual({ channel: 'subscribe' })
    expect(pick(withOptIns({ all: 1 }), 'tier-changed', { ...o, needs: ['tier-at-risk'] })).toEqual({ channel: 'subscribe' }) // same value
    expect(pick(withOptIns({ all: 1 }), 'tier-at-risk', { ...o, needs: ['points-expiry'] })).toEqual({ skip: 'no_consent', reserved: true })
    // With the default templates the kinds never compete: a need on another template reserves nothing.
    expect(pick(withOptIns({ 'member-benefit': 1 }), 'campaign', { needs: ['points-expiry', 'tier-at-risk'] })).toEqual({ channel: 'subscribe' })
  })
})

describe('spending and giving back', () => {
  test('a subscribe send spends one opt-in; a marketing send takes a cap slot; old slots drop out', () => {
    const c = withOptIns({ 'member-benefit': 2 }, { recent: [{ key: 'old', at: at(-8 * DAY_MS).toISOString() }] })
    const after = spend(c, { channel: 'subscribe', template: 'member-benefit', key: 'k1', kind: 'campaign' }, C, NOW)
    expect(after.optIns['member-benefit']).toBe(1)
    expect(after.recent).toEqual([{ key: 'k1', at: NOW.toISOString() }])
    const service = spend(c, { channel: 'sms', template: null, key: 'k2', kind: 'points-expiry' }, C, NOW)
    expect(service.optIns['member-benefit']).toBe(2)
    expect(service.recent).toEqual([])
    expect(giveBack(after, { channel: 'subscribe', template: 'member-benefit', key: 'k1', refused: false }, NOW)).toMatchObject({ optIns: { 'member-benefit': 2 }, recent: [] })
    expect(giveBack(after, { channel: 'subscribe', template: 'member-benefit', key: 'k1', refused: true }, NOW).optIns['member-benefit']).toBe(0)
  })

  test('property: any run of sends and failures never overspends, never passes the cap, and accounts for every opt-in', () => {
    const step = fc.record({ kind: fc.constantFrom(...MessageKind.options), fails: fc.boolean(), refused: fc.boolean(), gapMs: fc.integer({ min: 0, max: 3 * DAY_MS }) })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.array(step, { maxLength: 40 }), (optIns, capMessages, sms, steps) => {
        const config = MessagingConfig.parse({ cap: { messages: capMessages, days: 7 }, templates: [{ name: 'all', title: '通知', kinds: MessageKind.options }] })
        let c = withOptIns({ all: optIns }, { sms: sms ? smsOn : null })
        let t = NOW.getTime()
        let spentNet = 0
        let zeroed = false
        const marketingSent: number[] = []
        steps.forEach((s, i) => {
          t += s.gapMs
          const now = new Date(t)
          const choice = choose({ contacts: c, config, kind: s.kind, template: config.templates[0], channels: ['subscribe', 'sms'], needs: [], now })
          if (!('channel' in choice)) return
          if (choice.channel === 'subscribe') expect(c.optIns.all).toBeGreaterThan(0)
          c = spend(c, { channel: choice.channel, template: 'all', key: `k${i}`, kind: s.kind }, config, now)
          if (choice.channel === 'subscribe') spentNet++
          if (s.fails) {
            c = giveBack(c, { channel: choice.channel, template: 'all', key: `k${i}`, refused: s.refused && choice.channel === 'subscribe' }, now)
            if (choice.channel === 'subscribe') spentNet--
            if (s.refused && choice.channel === 'subscribe') zeroed = true
          } else if (isMarketing(s.kind)) marketingSent.push(t)
          expect(c.optIns.all).toBeGreaterThanOrEqual(0)
          expect(marketingSent.filter((x) => x > t - 7 * DAY_MS).length).toBeLessThanOrEqual(capMessages)
          if (!zeroed) expect(c.optIns.all + spentNet).toBe(optIns)
        })
      }),
    )
  })
})

describe('recording answers', () => {
  test('acceptances add opt-ins up to the limit; rejections are remembered; SMS changes are logged with the moment', () => {
    const config = MessagingConfig.parse({ optInLimit: 2 })
    const answer = {
      moment: 'credit' as const,
      subscribe: [
        { template: 'member-benefit', result: 'accept' as const },
        { template: 'member-benefit', result: 'accept' as const },
        { template: 'member-benefit', result: 'accept' as const },
        { template: 'tier-changed', result: 'reject' as const },
      ],
      sms: true,
    }
    const { contacts, events } = applyConsent(emptyContacts('m1'), answer, config, NOW)
    expect(contacts.optIns).toEqual({ 'member-benefit': 2 })
    expect(contacts.rejected).toEqual({ 'tier-changed': NOW.toISOString() })
    expect(contacts.sms).toEqual({ on: true, at: NOW.toISOString(), moment: 'credit' })
    expect(events.map((e) => [e.type, e.template, e.left, e.moment])).toEqual([
      ['accepted', 'member-benefit', 1, 'credit'],
      ['accepted', 'member-benefit', 2, 'credit'],
      ['accepted', 'member-benefit', 2, 'credit'],
      ['rejected', 'tier-changed', 0, 'credit'],
      ['sms-on', null, null, 'credit'],
    ])
    expect(applyConsent(contacts, { sms: true }, config, NOW).events).toEqual([]) // unchanged
  })

  test('unknown templates are named', () => {
    expect(unknownTemplate(C, { subscribe: [{ template: 'points-expiry', result: 'accept' }, { template: 'lottery', result: 'accept' }] })).toBe('lottery')
    expect(unknownTemplate(C, { sms: true })).toBeNull()
  })
})

describe('what to ask for', () => {
  const names = (ts: Array<{ name: string }>) => ts.map((t) => t.name)

  test('most valuable first; templates carrying a due message before the rest; at most 3', () => {
    expect(names(askFor(C, emptyContacts('m1'), [], NOW))).toEqual(['points-expiry', 'tier-changed', 'member-benefit'])
    expect(names(askFor(C, emptyContacts('m1'), ['tier-at-risk'], NOW))).toEqual(['tier-changed', 'points-expiry', 'member-benefit'])
    const four = MessagingConfig.parse({ templates: [...DEFAULT_TEMPLATES.map((t) => ({ ...t, kinds: t.kinds.filter((k) => k !== 'campaign') })), { name: 'promo', title: '优惠', kinds: ['campaign'] }] })
    expect(names(askFor(four, emptyContacts('m1'), [], NOW))).toEqual(['points-expiry', 'tier-changed', 'member-benefit'])
  })

  test('not a template the member holds enough of, nor one they turned down within askAgainAfterDays', () => {
    const c = withOptIns({ 'points-expiry': 5 }, { rejected: { 'member-benefit': at(-29 * DAY_MS).toISOString() } })
    expect(names(askFor(C, c, ['points-expiry'], NOW))).toEqual(['tier-changed'])
    expect(names(askFor(C, c, [], at(2 * DAY_MS)))).toEqual(['tier-changed', 'member-benefit'])
  })
})

describe('needs', () => {
  const base = { today: '2027-01-31', warningDays: 7, nextExpiryOn: null, tier: null }
  test('points expiring within the warning window, today to the last day', () => {
    expect(pendingNeeds({ ...base, nextExpiryOn: '2027-01-31' })).toEqual(['points-expiry'])
    expect(pendingNeeds({ ...base, nextExpiryOn: '2027-02-07' })).toEqual(['points-expiry'])
    expect(pendingNeeds({ ...base, nextExpiryOn: '2027-02-08' })).toEqual([])
    expect(pendingNeeds({ ...base, nextExpiryOn: '2027-01-30' })).toEqual([]) // past: expiring now, too late to warn
  })

  test('a tier warned for its coming review, or in grace', () => {
    const tier = { reviewOn: '2027-03-01', graceUntil: null, warnedFor: null }
    expect(pendingNeeds({ ...base, tier })).toEqual([])
    expect(pendingNeeds({ ...base, tier: { ...tier, warnedFor: '2027-03-01' } })).toEqual(['tier-at-risk'])
    expect(pendingNeeds({ ...base, tier: { ...tier, warnedFor: '2026-03-01' } })).toEqual([]) // last year's warning
    expect(pendingNeeds({ ...base, tier: { ...tier, reviewOn: '2027-01-15', graceUntil: '2027-02-01' } })).toEqual(['tier-at-risk'])
    expect(pendingNeeds({ ...base, nextExpiryOn: '2027-02-01', tier: { ...tier, graceUntil: '2027-01-31' } })).toEqual(['points-expiry'])
  })
})
