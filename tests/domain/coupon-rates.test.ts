import type { WriteOff } from '../../shared/coupon/coupon'
import { couponRates } from '../../shared/finance/coupon-rates'

const undone: WriteOff = { at: new Date('2027-01-05T02:00:00Z'), staffOpenid: 'c', storeId: 'S1', undoneAt: new Date('2027-01-05T02:03:00Z'), undoneBy: 'c', undoReason: '扫错' }
const done: WriteOff = { ...undone, undoneAt: null, undoneBy: null, undoReason: null }
const coupon = (templateId: string, state: 'issued' | 'used', validUntil: string, issuedAt: string, writeOffs: WriteOff[] = []) => ({
  templateId,
  title: `券 ${templateId}`,
  kind: 'cash' as const,
  state,
  validUntil,
  issuedAt: new Date(issuedAt),
  writeOffs,
})

test('per template: issued, used (not undone), expired, open, and the use rate', () => {
  const rates = couponRates('2027-02-10')
  rates.add(coupon('A', 'used', '2027-03-01', '2027-01-01T02:00:00Z', [done]))
  rates.add(coupon('A', 'issued', '2027-03-01', '2027-01-01T02:00:00Z', [undone])) // written off, then undone: not used
  rates.add(coupon('A', 'used', '2027-01-31', '2027-01-01T02:00:00Z', [undone, done])) // undone, then used again: used once
  rates.add(coupon('A', 'issued', '2027-02-09', '2027-01-02T02:00:00Z')) // past its last day
  rates.add(coupon('B', 'issued', '2027-02-10', '2027-02-01T02:00:00Z')) // its last day is today: still open
  const r = rates.result('2027-02-10T02:00:00.000Z')
  expect(r.templates).toEqual([
    { templateId: 'A', title: '券 A', kind: 'cash', issued: 4, used: 2, expired: 1, open: 1, undoneWriteOffs: 2, useRate: { numerator: 2, denominator: 4, percent: 50 } },
    { templateId: 'B', title: '券 B', kind: 'cash', issued: 1, used: 0, expired: 0, open: 1, undoneWriteOffs: 0, useRate: { numerator: 0, denominator: 1, percent: 0 } },
  ])
  expect(r.total).toMatchObject({ issued: 5, used: 2, expired: 1, open: 2, useRate: { percent: 40 } })
})

test('the period selects coupons by the Asia/Shanghai month they were issued in', () => {
  const rates = couponRates('2027-02-10', { from: '2027-02' })
  rates.add(coupon('A', 'used', '2027-03-01', '2027-01-31T15:59:59Z')) // January in Beijing
  rates.add(coupon('A', 'used', '2027-03-01', '2027-01-31T16:00:00Z')) // February in Beijing
  expect(rates.result('x').total.issued).toBe(1)
})
