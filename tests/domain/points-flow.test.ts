import { column, net, NO_STORE, pointsFlow } from '../../shared/finance/points-flow'
import type { LedgerEntry } from '../../shared/points/ledger-entry'

const at = (iso: string) => new Date(iso)
const e = (kind: LedgerEntry['kind'], points: number, storeId: string | null, createdAt: string) => ({ kind, points, source: { kind: 'staff' as const, id: 'x', storeId }, createdAt: at(createdAt) })

test('every kind of entry falls in one column', () => {
  expect(column({ kind: 'earn', points: 100 })).toEqual(['issued', 100])
  expect(column({ kind: 'spend', points: -60 })).toEqual(['redeemed', 60])
  expect(column({ kind: 'reverse', points: 60 })).toEqual(['redeemed', -60]) // a cancelled redemption
  expect(column({ kind: 'reverse', points: -30 })).toEqual(['reversed', 30]) // a refund
  expect(column({ kind: 'expire', points: -10 })).toEqual(['expired', 10])
  expect(column({ kind: 'adjust', points: -5 })).toEqual(['adjusted', -5])
})

test('months are Asia/Shanghai months; each month opens on the last one’s closing; the last closing is the ledger', () => {
  const entries = [
    e('earn', 100, 'S1', '2027-01-31T15:59:59Z'), // 23:59:59 on Jan 31st in Beijing
    e('earn', 50, 'S1', '2027-01-31T16:00:00Z'), // midnight: February in Beijing, still January in UTC
    e('reverse', -20, 'S1', '2027-02-02T02:00:00Z'),
    e('spend', -80, null, '2027-02-03T02:00:00Z'),
    e('reverse', 30, null, '2027-02-04T02:00:00Z'),
    e('expire', -10, null, '2027-03-01T02:00:00Z'),
    e('adjust', 7, 'S2', '2027-03-02T02:00:00Z'),
  ]
  const flow = pointsFlow()
  for (const x of entries) flow.add(x)
  const r = flow.result()
  expect(r.months.map((m) => [m.month, m.opening, m.closing])).toEqual([
    ['2027-01', 0, 100],
    ['2027-02', 100, 100 + 50 - 20 - 80 + 30],
    ['2027-03', 80, 80 - 10 + 7],
  ])
  expect(r.ledgerSum).toBe(entries.reduce((s, x) => s + x.points, 0))
  const feb = r.months[1]
  expect(feb.total).toEqual({ issued: 50, redeemed: 50, expired: 0, reversed: 20, adjusted: 0 })
  expect(feb.byStore).toEqual([
    { storeId: NO_STORE, issued: 0, redeemed: 50, expired: 0, reversed: 0, adjusted: 0 },
    { storeId: 'S1', issued: 50, redeemed: 0, expired: 0, reversed: 20, adjusted: 0 },
  ])
  for (const m of r.months) expect(m.closing - m.opening).toBe(net(m.total))
  expect(flow.result({ from: '2027-02', to: '2027-02' }).months.map((m) => m.month)).toEqual(['2027-02'])
})
