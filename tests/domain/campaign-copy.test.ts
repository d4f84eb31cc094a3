import { Copy, CopyText, chooseVariant, renderCopy, renderText, unknownPlaceholders, type CopyFacts } from '../../shared/marketing/copy'
import { JourneysConfig } from '../../shared/marketing/journeys'
import { CampaignDraft } from '../../shared/marketing/schemas'

const member: CopyFacts = {
  nickname: '王芳',
  memberNo: '1234567890',
  tierId: 'gold',
  tierName: '金桂会员',
  region: ['山东省', '青岛市', '市南区'],
  gender: 'female',
  birthday: '1990-06-09',
  points: 1280,
  lifecycle: 'at_risk',
  coupon: '满100减20券',
  bonusPoints: 200,
}

describe('campaign copy: placeholders', () => {
  test('each placeholder, by its Chinese name or English alias, reads the member', () => {
    expect(renderText('{姓名}，您好！{等级}专享：{券名}和{赠送积分}积分；您在{地区}（{省份}），余额{积分}，生日{生日}，会员号{会员号}', member)).toBe(
      '王芳，您好！金桂会员专享：满100减20券和200积分；您在青岛市（山东省），余额1280，生日6月9日，会员号1234567890',
    )
    expect(renderText('{name}/{tier}/{city}/{points}', member)).toBe('王芳/金桂会员/青岛市/1280')
  })

  test('a missing value reads as the stand-in the text gives, else a sensible default', () => {
    const bare: CopyFacts = { ...member, nickname: null, region: [], birthday: null, coupon: null, bonusPoints: null }
    expect(renderText('{姓名}，您好', bare)).toBe('会员，您好')
    expect(renderText('{姓名|亲爱的顾客}，您好', bare)).toBe('亲爱的顾客，您好')
    expect(renderText('{姓名|亲爱的顾客}，您好', member)).toBe('王芳，您好')
    expect(renderText('{地区}的朋友', bare)).toBe('的朋友')
    expect(renderText('{地区|本地}的朋友', bare)).toBe('本地的朋友')
    expect(renderText('{姓名}', { ...member, nickname: '   ' })).toBe('会员')
    // A province-level member (no city) is greeted by the province.
    expect(renderText('{地区}', { ...member, region: ['北京市'] })).toBe('北京市')
  })

  test('an unknown placeholder is refused before saving, with the placeholders that exist', () => {
    expect(unknownPlaceholders('{姓名}{昵称}{ name }{}')).toEqual(['昵称', ''])
    const r = CopyText.safeParse('{昵称}，您好')
    expect(r.success).toBe(false)
    expect(r.error!.issues[0].message).toContain('{昵称}')
    expect(r.error!.issues[0].message).toContain('{姓名}')
    expect(CopyText.safeParse('  ').success).toBe(false)
  })
})

describe('campaign copy: variants', () => {
  const copy = Copy.parse({
    text: '{姓名}，本周会员日全场 9 折',
    variants: [
      { when: { regions: ['北京市'] }, text: '{姓名}，北京的朋友，本周会员日全场 88 折' },
      { when: { regions: ['山东省'], tiers: ['gold'] }, text: '{姓名}，山东金卡专享 85 折' },
      { when: { regions: ['山东省'] }, text: '{姓名}，山东的朋友，本周 9 折' },
      { when: { lifecycle: ['dormant'] }, text: '{姓名}，好久不见' },
    ],
  })

  test('the first variant whose conditions all hold gives the text; none: the default', () => {
    expect(renderCopy(copy, member)).toEqual({ text: '王芳，山东金卡专享 85 折', variant: 1 })
    expect(renderCopy(copy, { ...member, tierId: 'silver' })).toEqual({ text: '王芳，山东的朋友，本周 9 折', variant: 2 })
    expect(renderCopy(copy, { ...member, region: ['北京市', '北京市', '朝阳区'] }).variant).toBe(0)
    expect(renderCopy(copy, { ...member, region: ['广东省'], lifecycle: 'dormant' }).variant).toBe(3)
    expect(renderCopy(copy, { ...member, region: ['广东省'], lifecycle: null })).toEqual({ text: '王芳，本周会员日全场 9 折', variant: null })
  })

  test('conditions on gender and birthday month', () => {
    const c = Copy.parse({ text: 'x', variants: [{ when: { genders: ['male'] }, text: 'm' }, { when: { birthdayMonths: [6, 7] }, text: 'b' }] })
    expect(chooseVariant(c, member)).toBe(1)
    expect(chooseVariant(c, { ...member, gender: 'male' })).toBe(0)
    expect(chooseVariant(c, { ...member, birthday: null })).toBeNull()
  })

  test('a variant needs at least one condition', () => {
    expect(Copy.safeParse({ text: 'x', variants: [{ when: {}, text: 'y' }] }).success).toBe(false)
    expect(Copy.safeParse({ text: 'x', variants: [{ when: { regions: [] }, text: 'y' }] }).success).toBe(false)
  })
})

describe('campaign drafts and journey settings', () => {
  const base = { name: '会员日', segmentId: 'seg1', copy: { text: '{姓名}，您好' } }

  test('a reward campaign needs a coupon or points; a message campaign has none', () => {
    expect(CampaignDraft.safeParse({ ...base, kind: 'message' }).success).toBe(true)
    expect(CampaignDraft.safeParse({ ...base, kind: 'reward' }).success).toBe(false)
    expect(CampaignDraft.safeParse({ ...base, kind: 'reward', reward: { points: 100 } }).success).toBe(true)
    expect(CampaignDraft.safeParse({ ...base, kind: 'message', reward: { couponTemplateId: 'c20' } }).success).toBe(false)
    const d = CampaignDraft.parse({ ...base, kind: 'message' })
    expect(d).toMatchObject({ channel: 'subscribe', page: 'pages/card/index', controlPercent: 0, windowDays: 14, notify: true, copy: { variants: [] } })
    expect(CampaignDraft.safeParse({ ...base, kind: 'message', controlPercent: 51 }).success).toBe(false)
    expect(CampaignDraft.safeParse({ ...base, kind: 'message', page: 'pages/secret/index' }).success).toBe(false)
  })

  test('an absent journeys document reads as all three off, with copy that renders', () => {
    const c = JourneysConfig.parse({})
    expect([c.welcome.enabled, c.birthday.enabled, c.winBack.enabled]).toEqual([false, false, false])
    expect(renderCopy(c.birthday.copy, member).text).toContain('王芳，生日快乐')
    expect(c).toMatchObject({ sendFromHour: 10, sendUntilHour: 21, welcome: { withinDays: 7 } })
    expect(JourneysConfig.safeParse({ sendFromHour: 12, sendUntilHour: 9 }).success).toBe(false)
    expect(JourneysConfig.safeParse({ welcome: { copy: { text: '{坏}' } } }).success).toBe(false)
  })
})
