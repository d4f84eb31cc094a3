import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runCliIn } from './cli-run'

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-cli-catalogue-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...argv: string[]) => runCliIn(dataDir, ...argv)
const json = async (...argv: string[]) => {
  const r = await cli(...argv, '--json')
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}
const file = (name: string, content: string) => {
  const p = path.join(dataDir, name)
  writeFileSync(p, content)
  return p
}

describe('seed demo: the catalogue', () => {
  test('loads the store, clerk, templates, a dozen items with one live flash sale and partner codes, and opening points; once', async () => {
    const first = await json('seed', 'demo')
    expect(first.catalogue).toEqual({ store: true, clerk: true, templates: 8, items: 12, vouchers: 100, wheels: 1, campaigns: 1, pointsGiven: 10_000 })
    const again = await json('seed', 'demo')
    expect(again.catalogue).toEqual({ store: false, clerk: false, templates: 0, items: 0, vouchers: 0, wheels: 0, campaigns: 0, pointsGiven: 0 })

    const { items } = await json('mall', 'list')
    expect(items).toHaveLength(12)
    const bear = items.find((i: { id: string }) => i.id === 'bear-flash')
    expect(bear.flash).toMatchObject({ pricePoints: 99, stock: 5, stockLeft: 5, perMemberLimit: 1 })
    expect(new Date(bear.flash.startsAt).getTime()).toBeLessThan(Date.now())
    expect(new Date(bear.flash.endsAt).getTime()).toBeGreaterThan(Date.now())
    expect(items.filter((i: { kind: string }) => i.kind === 'voucher').map((i: { stock: number }) => i.stock)).toEqual([50, 50])
    for (const i of items) expect(i.title).toMatch(/[\u4e00-\u9fff]/)

    const { templates } = await json('coupon', 'list')
    expect(templates.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['welcome-20', 'drink-gift', 'weekend-88', 'mall-cash-30', 'mall-pct-9', 'silver-welcome', 'gold-welcome', 'black-welcome']),
    )
    expect(templates.find((t: { id: string }) => t.id === 'welcome-20').left).toBe(1000)
  })
})

describe('coupon and mall commands', () => {
  test('coupon template validates every entry and names the problems', async () => {
    const bad = file('bad.json', JSON.stringify([{ id: 'x1', title: '满减', kind: 'cash', validity: { kind: 'days', days: 7 } }]))
    const r = await cli('coupon', 'template', '--file', bad)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('template 1: offFen')
  })

  test('coupon issue by an operator issues once per --key', async () => {
    const [member] = (await json('seed', 'demo')).members
    const args = ['coupon', 'issue', '--template', 'drink-gift', '--member', member.memberNo, '--reason', '客诉补偿', '--count', '2', '--key', 'ticket-42']
    const first = await json(...args)
    expect(first).toMatchObject({ issued: 2, repeated: false })
    expect(new Set(first.codes).size).toBe(2)
    for (const code of first.codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/)
    expect(await json(...args)).toMatchObject({ issued: 0, repeated: true, codes: [] })
  })

  test('mall item, restock and vouchers', async () => {
    const items = file('items.json', JSON.stringify({ id: 'pen', title: '中性笔', category: '文具', kind: 'goods', fulfilment: 'pickup', pricePoints: 50, stock: 3 }))
    expect(await json('mall', 'item', '--file', items)).toEqual({ saved: ['pen'] })
    expect(await json('mall', 'restock', '--item', 'pen', '--units', '4')).toMatchObject({ remaining: 7 })
    expect(await json('mall', 'restock', '--item', 'pen', '--units=-10')).toMatchObject({ remaining: 0 })

    const codes = file('codes.txt', 'A1\nA2\n\nA2\nXH20261124-0001\n')
    const before = (await json('mall', 'list')).items.find((i: { id: string }) => i.id === 'movie-ticket').stock
    expect(await json('mall', 'vouchers', '--item', 'movie-ticket', '--file', codes)).toEqual({ itemId: 'movie-ticket', added: 3, skipped: 0, stock: before + 3 })
    expect(await json('mall', 'vouchers', '--item', 'movie-ticket', '--file', codes)).toMatchObject({ added: 0, skipped: 3 })
    const r = await cli('mall', 'vouchers', '--item', 'pen', '--file', codes)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('not a voucher item')
  })
})
