import {
  csvLine,
  errorCsvLine,
  isBlankRow,
  mapHeader,
  parseBirthday,
  parsePoints,
  parseRow,
  parseTier,
  type Columns,
} from '../../shared/member/import-row'

const levels = [
  { id: 'basic', name: { zh: '青柚会员', en: 'Pomelo' } },
  { id: 'silver', name: { zh: '银杏会员', en: 'Ginkgo' } },
  { id: 'gold', name: { zh: '金桂会员', en: 'Osmanthus' } },
]
const ctx = { levels, today: '2027-01-31' }

describe('mapHeader', () => {
  it('knows the columns by their Chinese or English names, in any order, ignoring BOM, case, spaces and notes', () => {
    const r = mapHeader(['\uFEFF等级', ' Phone ', '出生日期', '昵称', '期初积分（分）', '备注'])
    expect(r).toEqual({ ok: true, columns: { tier: 0, phone: 1, birthday: 2, name: 3, points: 4 } })
    expect(mapHeader(['手机号', '姓名', '生日', '等级', '积分'])).toEqual({ ok: true, columns: { phone: 0, name: 1, birthday: 2, tier: 3, points: 4 } })
  })

  it('requires a phone column', () => {
    const r = mapHeader(['姓名', '生日'])
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toContain('手机号')
  })
})

describe('parseBirthday', () => {
  it.each([
    ['1990-05-20', '1990-05-20'],
    ['1990/5/2', '1990-05-02'],
    ['1990.5.2', '1990-05-02'],
    ['1990年5月2日', '1990-05-02'],
    ['1990-05-20 00:00:00', '1990-05-20'],
  ])('reads %s', (input, want) => expect(parseBirthday(input, '2027-01-31')).toEqual({ ok: true, value: want }))

  it('reads Excel dates: a date cell and a serial number', () => {
    expect(parseBirthday(new Date(Date.UTC(1988, 11, 31)), '2027-01-31')).toEqual({ ok: true, value: '1988-12-31' })
    // 32874 is 1990-01-01 in Excel's 1900 system.
    expect(parseBirthday(32874, '2027-01-31')).toEqual({ ok: true, value: '1990-01-01' })
  })

  it('is empty when blank, and refuses what is not a real past day', () => {
    expect(parseBirthday('', '2027-01-31')).toEqual({ ok: true, value: null })
    expect(parseBirthday('1990-02-30', '2027-01-31').ok).toBe(false)
    expect(parseBirthday('20/05/1990', '2027-01-31').ok).toBe(false)
    expect(parseBirthday('2027-02-01', '2027-01-31')).toEqual({ ok: false, message: '生日 2027-02-01 晚于今天' })
  })
})

describe('parsePoints and parseTier', () => {
  it('reads non-negative whole points, with thousands separators; blank is 0', () => {
    expect(parsePoints('1,200')).toEqual({ ok: true, value: 1200 })
    expect(parsePoints(350)).toEqual({ ok: true, value: 350 })
    expect(parsePoints('')).toEqual({ ok: true, value: 0 })
    for (const bad of ['-5', '12.5', 'abc', 1.5, '100000001']) expect(parsePoints(bad).ok).toBe(false)
  })

  it('matches a level by id or by name, Chinese or English', () => {
    expect(parseTier('银杏会员', levels)).toEqual({ ok: true, value: 'silver' })
    expect(parseTier('GOLD', levels)).toEqual({ ok: true, value: 'gold' })
    expect(parseTier('Ginkgo', levels)).toEqual({ ok: true, value: 'silver' })
    expect(parseTier('', levels)).toEqual({ ok: true, value: null })
    const bad = parseTier('钻石会员', levels)
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.message).toContain('金桂会员（gold）')
  })
})

describe('parseRow', () => {
  const columns: Columns = { phone: 0, name: 1, birthday: 2, tier: 3, points: 4 }

  it('normalizes a good row; a phone written with spaces, dashes or +86 is the same phone', () => {
    expect(parseRow(['+86 138-1234-5678', ' 王芳 ', '1990/5/20', '银杏会员', '1,000'], 7, columns, ctx)).toEqual({
      ok: true,
      value: { row: 7, phone: '13812345678', nickname: '王芳', birthday: '1990-05-20', levelId: 'silver', points: 1000 },
    })
    // XLSX gives the phone as a number.
    const fromExcel = parseRow([13812345678, null, null, null, null], 2, columns, ctx)
    expect(fromExcel.ok && fromExcel.value).toMatchObject({ phone: '13812345678', nickname: null, birthday: null, levelId: null, points: 0 })
  })

  it('reports every bad field of a row, each with its field and a Chinese message', () => {
    const r = parseRow(['1234', '名'.repeat(21), '1990-13-01', '钻石', '-1'], 9, columns, ctx)
    expect(r.ok).toBe(false)
    const errors = r.ok ? [] : r.errors
    expect(errors.map((e) => e.field)).toEqual(['phone', 'name', 'birthday', 'tier', 'points'])
    expect(errors.every((e) => e.row === 9 && /[\u4e00-\u9fff]/.test(e.message))).toBe(true)
  })

  it('requires the phone even when only it is missing', () => {
    const r = parseRow(['', '李雷'], 3, columns, ctx)
    expect(r).toEqual({ ok: false, errors: [{ row: 3, field: 'phone', message: '手机号不能为空' }] })
  })
})

describe('CSV helpers', () => {
  it('quotes commas and quotes, and defuses spreadsheet formulas but not negative numbers', () => {
    expect(csvLine(['a,b', 'say "hi"', null, 5])).toBe('"a,b","say ""hi""",,5')
    expect(csvLine(['=HYPERLINK("x")', '-200', -200, '@me'])).toBe(`"'=HYPERLINK(""x"")",-200,-200,'@me`)
    expect(errorCsvLine({ row: 4, field: 'points', message: '期初积分“x”应为不小于 0 的整数' })).toBe('4,期初积分,期初积分“x”应为不小于 0 的整数')
  })

  it('treats rows of empty cells as blank', () => {
    expect(isBlankRow(['', null, undefined, '  '])).toBe(true)
    expect(isBlankRow(['', 0])).toBe(false)
  })
})
