import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CONFIG, grantPoints } from '../../cloudfunctions/_lib/ledger'
import { saveItem } from '../../cloudfunctions/_lib/mall'
import { memberByOpenid } from '../../cloudfunctions/_lib/members'
import { addDays, shanghaiDay } from '../../shared/day'
import { MallItem } from '../../shared/mall/schemas'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { openLocalRuntime } from '../../scripts/server/runtime'
import { runCliIn } from './cli-run'

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-report-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/**
 * Every point as the raw ledger has it: each lot is its earning, less what later entries took from
 * it, plus what a cancelled redemption gave back to it. Nothing here reads an account.
 */
function fromLedger(entries: LedgerEntry[], today: string) {
  const lots = new Map<string, { remaining: number; expiresOn: string }>()
  for (const e of entries) if (e.kind === 'earn') lots.set(e._id, { remaining: e.points, expiresOn: e.lot!.expiresOn })
  for (const e of entries) {
    if (e.kind === 'earn' || !e.consumed) continue
    const sign = e.kind === 'reverse' && e.points > 0 ? 1 : -1 // a reverse of a spend gives back; everything else takes
    for (const c of e.consumed) lots.get(c.lotId)!.remaining += sign * c.points
  }
  const live = [...lots.values()].filter((l) => l.expiresOn >= today)
  return { ledgerSum: entries.reduce((s, e) => s + e.points, 0), outstanding: live.reduce((s, l) => s + l.remaining, 0) }
}

test('report liability and report points agree with the raw ledger to the point, and with each other', async () => {
  // Demo members with opening points; then redemptions, a cancellation, and points already past their day.
  expect((await runCliIn(dataDir, 'seed', 'demo', '--json')).status).toBe(0)
  const rt = openLocalRuntime({ dataDir, mode: 'local' })
  try {
    const { db } = rt.deps
    const now = rt.deps.now()
    const today = shanghaiDay(now)
    const mall = rt.functions.get('mall')!
    const as = (openid: string) => ({ identity: { openid, unionid: null } })
    await saveItem(db, MallItem.parse({ id: 'r-pen', title: '中性笔', category: '文具', kind: 'goods', fulfilment: 'pickup', pricePoints: 333, stock: 10 }))
    const a = await mall({ action: 'redeem', itemId: 'r-pen', quantity: 2, requestId: 'report-00001' }, as('demo-member-1'))
    const b = await mall({ action: 'redeem', itemId: 'r-pen', quantity: 1, requestId: 'report-00002' }, as('demo-member-2'))
    expect(a.ok && b.ok).toBe(true)
    const cancelled = await mall({ action: 'cancel', orderCode: (b as { data: { order: { code: string } } }).data.order.code }, as('demo-member-2'))
    expect(cancelled.ok).toBe(true)
    const m1 = (await memberByOpenid(db, 'demo-member-1'))!
    await grantPoints(db, m1._id, { entryId: 'report:lapsed', points: 77, expiresOn: addDays(today, -1), source: { kind: 'admin', id: 'test', storeId: null }, reason: '已过期的积分', now })
    await db.collection(CONFIG).doc('finance').set({ pointValue: { fen: 1, points: 2 } })
  } finally {
    rt.close()
  }

  const res = await runCliIn(dataDir, 'report', 'liability', '--json')
  expect(res.status).toBe(0)
  const report = JSON.parse(res.stdout)
  const store = openLocalRuntime({ dataDir, mode: 'local' })
  try {
    const entries = store.store.rawFind('ledger') as unknown as LedgerEntry[]
    const truth = fromLedger(entries, shanghaiDay(new Date(report.asOf)))
    expect(report.outstandingPoints).toBe(truth.outstanding)
    expect(report.outstandingPoints + report.awaitingExpiry).toBe(truth.ledgerSum)
    expect(report.awaitingExpiry).toBe(77)
    expect(report.outstandingPoints).toBe(10_000 - 666)
    expect(report).toMatchObject({ pointValue: { fen: 1, points: 2 }, pointValueFen: 0.5, liabilityFen: Math.floor((report.outstandingPoints + 1) / 2), members: 2 })

    // The flow report closes on the same ledger sum, and agrees with the liability report.
    const flow = JSON.parse((await runCliIn(dataDir, 'report', 'points', '--json')).stdout)
    const last = flow.months[flow.months.length - 1]
    expect(flow.ledgerSum).toBe(truth.ledgerSum)
    expect(last.closing).toBe(report.outstandingPoints + report.awaitingExpiry)
    const totals = flow.months.reduce(
      (t: Record<string, number>, m: { total: Record<string, number> }) => {
        for (const k of Object.keys(t)) t[k] += m.total[k]
        return t
      },
      { issued: 0, redeemed: 0, expired: 0, reversed: 0, adjusted: 0 },
    )
    expect(totals).toEqual({ issued: 10_000 + 77, redeemed: 666, expired: 0, reversed: 0, adjusted: 0 })
    expect((await runCliIn(dataDir, 'report', 'points', '--from', '2026-13')).status).toBe(1)
  } finally {
    store.close()
  }
})

test('store add --mall makes a tenant; every report runs with --json, --csv and as a table', async () => {
  // DEMO01 (seeded above) becomes a tenant of mall M1; a credit at its till funds points.
  const added = await runCliIn(dataDir, 'store', 'add', '--id', 'DEMO01', '--name', '示范店', '--mall', 'M1', '--json')
  expect(JSON.parse(added.stdout)).toMatchObject({ store: { id: 'DEMO01', mallId: 'M1' }, created: false })
  const rt = openLocalRuntime({ dataDir, mode: 'local' })
  try {
    const as = (openid: string) => ({ identity: { openid, unionid: null } })
    const code = await rt.functions.get('member')!({ action: 'code' }, as('demo-member-1'))
    const credit = await rt.functions.get('staff')!({ action: 'accrue', memberCode: (code as any).data.code, orderId: 'CLI-1', amountFen: 12_300 }, as('demo-clerk'))
    expect(credit).toMatchObject({ ok: true, data: { points: 123 } })
  } finally {
    rt.close()
  }

  const settlement = JSON.parse((await runCliIn(dataDir, 'report', 'settlement', '--json')).stdout)
  expect(settlement.malls).toEqual([expect.objectContaining({ mallId: 'M1', tenants: [expect.objectContaining({ storeId: 'DEMO01', total: expect.objectContaining({ fundedPoints: 123 }) })] })])
  const points = JSON.parse((await runCliIn(dataDir, 'report', 'points', '--json')).stdout)
  const issued = points.months.reduce((s: number, m: any) => s + m.total.issued - m.total.reversed, 0)
  expect(settlement.reconciliation.fundedPoints + settlement.reconciliation.issuedElsewherePoints).toBe(issued)
  expect(JSON.parse((await runCliIn(dataDir, 'report', 'settlement', '--mall', 'OTHER', '--json')).stdout).malls).toEqual([])

  for (const name of ['liability', 'points', 'redemption', 'cost', 'coupons', 'tiers', 'settlement']) {
    const csv = await runCliIn(dataDir, 'report', name, '--csv')
    expect([name, csv.status]).toEqual([name, 0])
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true)
    expect(csv.stdout.endsWith('\n')).toBe(true)
    const json = await runCliIn(dataDir, 'report', name, '--json')
    expect(() => JSON.parse(json.stdout)).not.toThrow()
    expect((await runCliIn(dataDir, 'report', name)).stdout.length).toBeGreaterThan(0)
  }
  const cost = await runCliIn(dataDir, 'report', 'cost', '--store', 'DEMO01', '--csv')
  const rows = cost.stdout.slice(1).trimEnd().split('\r\n')
  expect(rows[0].split(',').slice(0, 3)).toEqual(['月份', '门店', '销售额(分)'])
  expect(rows.filter((r) => r.split(',')[1] === 'DEMO01').map((r) => r.split(',')[2])).toEqual(['12300'])
  const table = (await runCliIn(dataDir, 'report', 'redemption')).stdout
  expect(table.split('\n')[0]).toMatch(/^月份\s+发放\s+兑换\s+过期/)

  expect(await runCliIn(dataDir, 'report', 'cost', '--json', '--csv')).toMatchObject({ status: 1, stderr: expect.stringMatching(/not both/) })
  expect(await runCliIn(dataDir, 'report', 'liability', '--store', 'DEMO01')).toMatchObject({ status: 1 })
  expect(await runCliIn(dataDir, 'report', 'tiers', '--from', '2027-1')).toMatchObject({ status: 1, stderr: expect.stringMatching(/YYYY-MM/) })
  expect(await runCliIn(dataDir, 'report', 'points', '--from', '2027-03', '--to', '2027-01')).toMatchObject({ status: 1, stderr: expect.stringMatching(/from is after to/) })
  // --mall '' makes the store stand-alone again; without --mall it stays as it is.
  await runCliIn(dataDir, 'store', 'add', '--id', 'DEMO01', '--name', '示范店')
  expect(JSON.parse((await runCliIn(dataDir, 'report', 'settlement', '--json')).stdout).malls).toHaveLength(1)
  await runCliIn(dataDir, 'store', 'add', '--id', 'DEMO01', '--name', '示范店', '--mall', '')
  expect(JSON.parse((await runCliIn(dataDir, 'report', 'settlement', '--json')).stdout).malls).toEqual([])
})
