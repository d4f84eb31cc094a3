import fc from 'fast-check'
import { DEFAULT_TEMPLATES, MessagingConfig } from '../../shared/messaging/config'
import { fieldsOf } from '../../shared/messaging/message-fields'
import { mappingIssues, parseSource, wechatData } from '../../shared/messaging/wechat-mapping'
import { formatValue, keyTypeOf, type SourceValue, type WeChatKeyType } from '../../shared/messaging/wechat-values'

const NOW = new Date('2027-01-31T10:05:00+08:00')
const value = (type: WeChatKeyType, v: SourceValue) => {
  const f = formatValue(type, v)
  return f.ok ? f.value : `ERR ${f.reason}`
}
const text = (raw: string): SourceValue => ({ type: 'text', raw })
const literal = (raw: string): SourceValue => ({ type: 'literal', raw })
const chars = (s: string) => Array.from(s).length

describe('WeChat keyword values', () => {
  test('thing: at most 20 characters, longer text shortened with an ellipsis; one line', () => {
    expect(value('thing', text('新会员礼'))).toBe('新会员礼')
    expect(value('thing', text('一二三四五六七八九十一二三四五六七八九十'))).toBe('一二三四五六七八九十一二三四五六七八九十')
    expect(value('thing', text('您有 120 积分将于 2027-02-05 后过期，请尽快使用'))).toBe('您有 120 积分将于 2027-02…')
    expect(value('thing', text('第一行\n第二行\t  完'))).toBe('第一行 第二行 完')
    expect(value('thing', text(' \n '))).toBe('ERR 内容为空')
  })

  test('thing: any text comes out non-empty, at most 20 characters, without control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const f = formatValue('thing', text(s))
        if (!f.ok) return expect(s.replace(/[\u0000-\u001f\u007f\s]/g, '')).toBe('')
        expect(chars(f.value)).toBeLessThanOrEqual(20)
        expect(f.value).not.toMatch(/[\u0000-\u001f\u007f]/)
        expect(f.value).toBe(f.value.trim())
      }),
    )
  })

  test('number: digits only (a decimal allowed, thousands separators dropped); anything else refused', () => {
    expect(value('number', { type: 'number', raw: '120' })).toBe('120')
    expect(value('number', literal('1,200'))).toBe('1200')
    expect(value('number', literal('12.50'))).toBe('12.50')
    expect(value('number', literal('-3'))).toMatch(/^ERR .*不是数字/)
    expect(value('number', literal('一百'))).toMatch(/^ERR/)
    expect(value('number', literal('1'.repeat(33)))).toMatch(/^ERR/)
  })

  test('phrase: at most 5 Chinese characters, other characters dropped; none at all refused', () => {
    expect(value('phrase', text('金卡会员'))).toBe('金卡会员')
    expect(value('phrase', text('VIP 黑金至尊会员'))).toBe('黑金至尊会')
    expect(value('phrase', text('Gold'))).toMatch(/^ERR .*没有汉字/)
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const f = formatValue('phrase', text(s))
        if (f.ok) expect(f.value).toMatch(/^\p{Script=Han}{1,5}$/u)
      }),
    )
  })

  test('date and time: WeChat format in Asia/Shanghai; a day in a time keyword gets its field’s time of day', () => {
    expect(value('date', { type: 'day', raw: '2027-02-05', time: '23:59' })).toBe('2027年2月5日')
    expect(value('time', { type: 'day', raw: '2027-02-05', time: '23:59' })).toBe('2027年2月5日 23:59')
    expect(value('time', { type: 'day', raw: '2027-02-05' })).toMatch(/^ERR .*没有具体时间/)
    // 2027-01-31 18:30 UTC is 2027-02-01 02:30 in Shanghai.
    expect(value('time', { type: 'instant', raw: '2027-01-31T18:30:00.000Z' })).toBe('2027年2月1日 02:30')
    expect(value('date', { type: 'instant', raw: '2027-01-31T18:30:00.000Z' })).toBe('2027年2月1日')
    expect(value('thing', { type: 'instant', raw: '2027-01-31T18:30:00.000Z' })).toBe('2027年2月1日 02:30')
    expect(value('thing', { type: 'day', raw: '2027-12-25' })).toBe('2027年12月25日')
    expect(value('character_string', { type: 'day', raw: '2027-12-25' })).toBe('2027-12-25')
    expect(value('date', { type: 'day', raw: '下周' })).toMatch(/^ERR .*不是日期/)
    expect(value('time', text('15:00'))).toMatch(/^ERR/) // text never fills a time keyword
  })

  test('the other types: their rules, and what Huika has no data for takes fixed text only', () => {
    expect(value('character_string', literal('HK-2027-0001'))).toBe('HK-2027-0001')
    expect(value('character_string', literal('a'.repeat(40)))).toBe('a'.repeat(32))
    expect(value('character_string', literal('会员卡'))).toMatch(/^ERR/)
    expect(value('name', text('欧阳娜娜娜娜娜娜娜娜娜'))).toBe('欧阳娜娜娜娜娜娜娜娜')
    expect(value('name', text('Alexandra Wellington-Smythe'))).toBe('Alexandra Wellington')
    expect(value('amount', literal('¥128.00'))).toBe('¥128.00')
    expect(value('amount', literal('128元'))).toBe('128元')
    expect(value('amount', literal('一百元'))).toMatch(/^ERR/)
    expect(value('phone_number', literal('400-123-4567'))).toBe('400-123-4567')
    expect(value('letter', literal('VIP'))).toBe('VIP')
    expect(value('symbol', literal('★'))).toBe('★')
    expect(value('car_number', literal('粤A8Z888挂'))).toBe('粤A8Z888挂')
    expect(value('enum', literal('已完成'))).toBe('已完成')
    expect(value('amount', { type: 'number', raw: '120' })).toMatch(/^ERR .*金额类关键词不能填/)
  })

  test('keyword names are a type and a number', () => {
    expect(['thing1', 'character_string12', 'phone_number3', 'date10'].map(keyTypeOf)).toEqual(['thing', 'character_string', 'phone_number', 'date'])
    expect(['thing', 'thing0', 'thing100', 'Thing1', 'keyword1', ' thing1'].map(keyTypeOf)).toEqual([null, null, null, null, null, null])
  })
})

describe('keyword mapping', () => {
  test('a value is field names separated by |, optionally ending with =fixed text', () => {
    expect(parseSource('points')).toEqual([{ field: 'points' }])
    expect(parseSource(' level | to ')).toEqual([{ field: 'level' }, { field: 'to' }])
    expect(parseSource('missing|=满足保级条件|即可')).toEqual([{ field: 'missing' }, { literal: '满足保级条件|即可' }])
    expect(parseSource('=请尽快使用')).toEqual([{ literal: '请尽快使用' }])
    for (const bad of ['', 'level|', '|level', 'lev el', '=', 'level|=', '积分']) expect(parseSource(bad)).toBeNull()
  })

  test('the fields a template can use are the built-in ones and those of its kinds', () => {
    expect(fieldsOf(['points-expiry'])).toEqual(['text', 'sentAt', 'points', 'expiresOn'])
    expect(fieldsOf(['welcome', 'campaign'])).toEqual(['text', 'sentAt', 'title'])
  })

  test('checked against the kinds the template carries and the keyword types', () => {
    const issues = (kinds: Parameters<typeof mappingIssues>[0], fields: Record<string, string>) => mappingIssues(kinds, fields).map((i) => `${i.key}：${i.problem}`)
    expect(issues(['points-expiry'], { number1: 'points', date2: 'expiresOn', time3: 'expiresOn', thing4: 'text', thing5: '=请尽快使用' })).toEqual([])
    expect(issues(['tier-changed'], { phrase1: 'level|to', thing2: 'missing|=满足保级条件' })).toEqual([])
    expect(issues(['campaign'], { thing1: 'points' })).toEqual(['thing1：此模板承载的消息没有字段 points（可用：text、sentAt、title）'])
    expect(issues(['points-expiry'], { number1: 'expiresOn' })).toEqual(['number1：数字类关键词不能填积分到期日（expiresOn）'])
    expect(issues(['points-expiry'], { time1: 'points' })[0]).toMatch(/^time1：时间类关键词只能填日期或时间字段/)
    expect(issues(['points-expiry'], { date1: '=2027年1月1日' })).toEqual(['date1：日期类关键词不能填固定文字'])
    expect(issues(['points-expiry'], { number1: '=很多' })[0]).toMatch(/^number1：固定文字「很多」不是数字/)
    expect(issues(['points-expiry'], { thing1: '=一二三四五六七八九十一二三四五六七八九十一' })[0]).toMatch(/发送时会变成/)
    expect(issues(['points-expiry'], { thing1: 'points|' })[0]).toMatch(/^thing1：应填字段名/)
  })

  test('in the messaging config: old configs stay valid, defaults map nothing, bad mappings are refused with their path', () => {
    expect(DEFAULT_TEMPLATES.every((t) => Object.keys(t.wechatFields).length === 0)).toBe(true)
    const old = { templates: [{ name: 'points-expiry', title: '积分到期提醒', kinds: ['points-expiry'], wechatTemplateId: 'wx-exp' }] }
    expect(MessagingConfig.parse(old).templates[0]).toEqual({ ...old.templates[0], wechatFields: {} })
    const withFields = (wechatFields: object) => MessagingConfig.safeParse({ templates: [{ ...old.templates[0], wechatFields }] })
    expect(withFields({ number1: 'points', date2: 'expiresOn' }).success).toBe(true)
    const bad = withFields({ number1: 'title' })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]).toMatchObject({ path: ['templates', 0, 'wechatFields', 'number1'], message: '模板 points-expiry 的关键词 number1：此模板承载的消息没有字段 title（可用：text、sentAt、points、expiresOn）' })
    const badKey = withFields({ keyword1: 'points' })
    expect(badKey.error!.issues[0]).toMatchObject({ path: ['templates', 0, 'wechatFields', 'keyword1'], message: 'keyword1：微信关键词应为类型加序号，如 thing1、time2、number3' })
    expect(withFields(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`thing${i + 1}`, 'text']))).success).toBe(false)
  })
})

describe('the data of one message', () => {
  const expiry = { text: '您有 120 积分将于 2027-02-05 后过期，请尽快使用', data: { points: '120', expiresOn: '2027-02-05' } }

  test('each keyword from its field, formatted; built-in text and send time; fixed text', () => {
    expect(wechatData({ number1: 'points', date2: 'expiresOn', time3: 'sentAt', thing4: 'text', thing5: '=请在到期前使用' }, expiry, NOW)).toEqual({
      ok: true,
      data: {
        number1: { value: '120' },
        date2: { value: '2027年2月5日' },
        time3: { value: '2027年1月31日 10:05' },
        thing4: { value: '您有 120 积分将于 2027-02…' },
        thing5: { value: '请在到期前使用' },
      },
    })
  })

  test('the first alternative the message has; fixed text when it has none', () => {
    const stepped = { text: '已调整为银卡会员。', data: { kind: 'stepped-down', from: '金卡会员', to: '银卡会员', reviewOn: '2027-01-31' } }
    const upgraded = { text: '恭喜您升级为金卡会员！', data: { kind: 'upgraded', level: '金卡会员', levelId: 'gold' } }
    const fields = { phrase1: 'level|to', thing2: 'missing|=请查看会员权益' }
    expect(wechatData(fields, stepped, NOW)).toEqual({ ok: true, data: { phrase1: { value: '银卡会员' }, thing2: { value: '请查看会员权益' } } })
    expect(wechatData(fields, upgraded, NOW)).toEqual({ ok: true, data: { phrase1: { value: '金卡会员' }, thing2: { value: '请查看会员权益' } } })
  })

  test('a keyword the message cannot fill is named with the reason', () => {
    expect(wechatData({ number1: 'points', thing2: 'title' }, expiry, NOW)).toEqual({ ok: false, key: 'thing2', reason: 'the message has none of title' })
    expect(wechatData({ number1: 'points' }, { text: '', data: { points: '很多' } }, NOW)).toEqual({ ok: false, key: 'number1', reason: '「很多」不是数字（只能是数字，可带小数）' })
  })
})
