import { reportCsv } from '../../shared/finance/csv-layouts'
import { BOM, toCsv } from '../../shared/finance/csv'
import { fraction } from '../../shared/finance/fraction'

/** A minimal RFC 4180 reader, to prove what toCsv writes reads back cell for cell. */
function parse(csv: string): string[][] {
  expect(csv.startsWith(BOM)).toBe(true)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const s = csv.slice(1)
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(cell), (cell = '')
    else if (c === '\r' && s[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++
    else cell += c
  }
  expect(row).toEqual([]) // the last line ends with CRLF too
  return rows
}

test('toCsv quotes commas, quotes and line breaks, writes numbers and nulls plainly, and starts with a BOM', () => {
  const csv = toCsv(['门店', '说明', '积分'], [
    ['静安店', '满100减20, 不同享', 1200],
    ['徐汇"旗舰"店', '第一行\r\n第二行', -5],
    ['空', null, 0],
  ])
  expect(csv).toBe(`${BOM}门店,说明,积分\r\n静安店,"满100减20, 不同享",1200\r\n"徐汇""旗舰""店","第一行\r\n第二行",-5\r\n空,,0\r\n`)
  expect(parse(csv)).toEqual([
    ['门店', '说明', '积分'],
    ['静安店', '满100减20, 不同享', '1200'],
    ['徐汇"旗舰"店', '第一行\r\n第二行', '-5'],
    ['空', '', '0'],
  ])
})

test('text a spreadsheet would run as a formula is neutralised; negative numbers are not', () => {
  expect(parse(toCsv(['a', 'b'], [['=HYPERLINK("x")', -3]]))[1]).toEqual([`'=HYPERLINK("x")`, '-3'])
  expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/row 1/)
  expect(() => toCsv(['a'], [[Number.NaN]])).toThrow()
})

test('each report has its own layout, every row as wide as the header', () => {
  const rates = { issued: 10, redeemed: 4, expired: 2, redeemedOfIssued: fraction(4, 10), redeemedOfUnexpired: fraction(4, 8) }
  const rows = parse(reportCsv('redemption', { months: [{ month: '2027-01', ...rates }], overall: rates }))
  expect(rows[0]).toHaveLength(10)
  expect(rows.slice(1)).toEqual([
    ['2027-01', '10', '4', '2', '4', '10', '40', '4', '8', '50'],
    ['合计', '10', '4', '2', '4', '10', '40', '4', '8', '50'],
  ])
  const liability = parse(reportCsv('liability', { asOf: 'now', outstandingPoints: 9, awaitingExpiry: 1, pendingPoints: 2, members: 3, pointValue: { fen: 1, points: 2 }, pointValueFen: 0.5, liabilityFen: 5 }))
  expect(liability[1]).toEqual(['now', '9', '1', '2', '3', '1', '2', '5'])
})
