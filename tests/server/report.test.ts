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
