import { closeSync, openSync, writeSync } from 'node:fs'
import { rng } from './rng'

/**
 * A member import file as a merchant would export it from their old system: UTF-8 CSV with BOM,
 * Chinese headers, every phone valid and distinct, names mostly Chinese (some empty, some pinyin),
 * birthdays in two spellings, a few tiers by name or id, opening balances. The same `rows` always
 * give the same file (a fixed-seed generator), so runs compare.
 *
 * Measured on the local store: 100,000 rows (a 4 MB file) import in about 41 s with `member import`
 * (start ~3 s, then steps of up to 8 s, 500 rows a batch); tests/handlers/member-import.test.ts
 * prints the time for 10,000.
 */
export const IMPORT_HEADER = '手机号,姓名,生日,等级,期初积分'

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩然欣怡子轩梓涵'
const PINYIN = ['Wang Wei', 'Li Na', 'Zhang Min', 'Chen Jie', 'Amy', 'Kevin', 'Liu Yang']
const PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '155', '158', '159', '166', '176', '177', '180', '181', '186', '187', '188', '189', '191', '199']
const TIERS = ['', '', '', '', '', '青柚会员', '银杏会员', '银杏会员', 'silver', '金桂会员', 'gold', '墨玉会员']

/** Row i's phone: a prefix and an 8-digit suffix that is a bijection of i (7919 is prime to 10^8), so all distinct. */
export const fixturePhone = (i: number): string => `${PREFIXES[i % PREFIXES.length]}${String((i * 7919 + 4_321) % 100_000_000).padStart(8, '0')}`

function row(i: number, rand: () => number): string {
  const pick = <T>(xs: readonly T[] | string) => xs[Math.floor(rand() * xs.length)]
  const r = rand()
  const name = r < 0.75 ? `${pick(SURNAMES)}${pick(GIVEN)}${rand() < 0.6 ? pick(GIVEN) : ''}` : r < 0.85 ? pick(PINYIN) : ''
  const y = 1950 + Math.floor(rand() * 58)
  const m = 1 + Math.floor(rand() * 12)
  const d = 1 + Math.floor(rand() * 28)
  const b = rand()
  const birthday = b < 0.1 ? '' : b < 0.8 ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : `${y}/${m}/${d}`
  const p = rand()
  const points = p < 0.3 ? '' : p < 0.4 ? '0' : String(Math.floor(rand() * 20_000))
  return [fixturePhone(i), name, birthday, pick(TIERS), points].join(',')
}

/** Writes `rows` members to `path` (streamed, a few thousand lines at a time). */
export function writeImportCsv(path: string, rows: number, seed = 8): void {
  const rand = rng(seed)
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, `\uFEFF${IMPORT_HEADER}\r\n`)
    for (let from = 0; from < rows; from += 5_000) {
      const lines: string[] = []
      for (let i = from; i < Math.min(rows, from + 5_000); i++) lines.push(row(i, rand))
      writeSync(fd, `${lines.join('\r\n')}\r\n`)
    }
  } finally {
    closeSync(fd)
  }
}
