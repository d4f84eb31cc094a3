import fc from 'fast-check'
import { adjust, earn, emptyAccount, reverseEarning, spend, type Account, type Change } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { EntrySource } from '../../shared/points/schemas'

// A frozen clock: 2027-01-31 10:00 in Shanghai; `at(d)` is d days later at the same time.
const T0 = new Date('2027-01-31T10:00:00+08:00')
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000)
const staff: EntrySource = { kind: 'staff', id: 'clerk-1', storeId: 'S1' }
const admin: EntrySource = { kind: 'admin', id: 'openid-admin', storeId: null }

const credit = (a: Account, id: string, points: number, expiresOn: string, availableOn: string | null = null) =>
  earn(a, { entryId: id, points, expiresOn, availableOn, orderKey: null, source: staff, reason: '消费积分', now: T0 })

function mustAdjust(a: Account, id: string, points: number, now = T0, expiresOn = '2028-01-31'): Change {
  const r = adjust(a, { entryId: id, points, expiresOn, source: admin, reason: '补录积分', now })
  if ('error' in r) throw new Error(`adjust refused: ${r.error}`)
  return r
}

const sum = (entries: LedgerEntry[]) => entries.reduce((s, e) => s + e.points, 0)

describe('adjust', () => {
  test('positive points make a spendable lot, recorded as one adjust entry with the lot dates', () => {
    const { account, entries } = mustAdjust(emptyAccount('m1'), 'adjust:r1', 300)
    expect(account.balance).toBe(300)
    expect(account.lots).toEqual([{ id: 'adjust:r1', points: 300, remaining: 300, expiresOn: '2028-01-31', availableOn: null, orderKey: null }])
    expect(entries).toEqual([
      expect.objectContaining({ _id: 'adjust:r1', memberId: 'm1', seq: 1, kind: 'adjust', points: 300, source: admin, reason: '补录积分', lot: { expiresOn: '2028-01-31', availableOn: null } }),
    ])
  })

  test('positive points pay an outstanding shortfall first, as an earning would', () => {
    let a = credit(emptyAccount('m1'), 'earn:1', 100, '2028-01-31').account
    a = (spend(a, { entryId: 'spend:1', points: 100, source: admin, reason: '兑换', now: T0 }) as Change).account
    a = reverseEarning(a, { entryId: 'rev:1', lotId: 'earn:1', points: 40, source: staff, reason: '退款', now: T0 }).account
    expect(a.shortfall).toBe(40)
    const c = mustAdjust(a, 'adjust:r2', 100)
    expect(c.account).toMatchObject({ balance: 60, shortfall: 0 })
    expect(c.entries.map((e) => [e._id, e.kind, e.points])).toEqual([
      ['adjust:r2', 'adjust', 100],
      ['settle:adjust:r2:0', 'reverse', -40],
    ])
  })

  test('negative points take the spendable lots that expire soonest first, recording which', () => {
    let a = credit(emptyAccount('m1'), 'late', 100, '2028-12-31').account
    a = credit(a, 'soon', 50, '2027-06-30').account
    a = credit(a, 'pending', 500, '2028-12-31', '2027-02-07').account
    const c = mustAdjust(a, 'adjust:r3', -70)
    expect(c.account.balance).toBe(580)
    expect(c.entries).toEqual([
      expect.objectContaining({
        _id: 'adjust:r3',
        kind: 'adjust',
        points: -70,
        lot: null,
        consumed: [
          { lotId: 'soon', points: 50, expiresOn: '2027-06-30' },
          { lotId: 'late', points: 20, expiresOn: '2028-12-31' },
        ],
      }),
    ])
  })

  test('taking more than is spendable (pending points are not) is refused and changes nothing', () => {
    const a = credit(credit(emptyAccount('m1'), 'e1', 100, '2028-01-31').account, 'e2', 900, '2028-01-31', '2027-02-07').account
    const before = JSON.stringify(a)
    expect(adjust(a, { entryId: 'adjust:r4', points: -101, expiresOn: '2028-01-31', source: admin, reason: '扣减', now: T0 })).toEqual({ error: 'INSUFFICIENT_POINTS', available: 100 })
    expect(JSON.stringify(a)).toBe(before)
    expect(mustAdjust(a, 'adjust:r5', -100).account.balance).toBe(900)
  })

  test('lots past their day expire first, so they are neither spent nor counted', () => {
    const a = credit(emptyAccount('m1'), 'old', 100, '2027-02-01').account
    const later = at(2)
    expect(adjust(a, { entryId: 'adjust:r6', points: -1, expiresOn: '2028-01-31', source: admin, reason: '扣减', now: later })).toEqual({ error: 'INSUFFICIENT_POINTS', available: 0 })
    const c = mustAdjust(a, 'adjust:r7', 10, later)
    expect(c.entries.map((e) => [e._id, e.kind, e.points])).toEqual([
      ['exp:old', 'expire', -100],
      ['adjust:r7', 'adjust', 10],
    ])
  })

  test('zero or fractional points are refused (the input schema stops them first)', () => {
    expect(() => mustAdjust(emptyAccount('m1'), 'a', 0)).toThrow()
    expect(() => mustAdjust(emptyAccount('m1'), 'a', 1.5)).toThrow()
  })
})

describe('adjust among other writes (property)', () => {
  type Op = { kind: 'earn' | 'adjust' | 'spend' | 'reverse'; points: number; day: number }
  const op = fc.record({
    kind: fc.constantFrom<Op['kind']>('earn', 'adjust', 'spend', 'reverse'),
    points: fc.integer({ min: -500, max: 500 }).filter((n) => n !== 0),
    day: fc.integer({ min: 0, max: 3 }),
  })

  test('the balance always equals the sum of the entries and the sum of the lots\u2019 remainders', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let a = emptyAccount('m1')
        const ledger: LedgerEntry[] = []
        let day = 0
        ops.forEach((o, i) => {
          day += o.day
          const now = at(day)
          let c: Change | { error: string } | null = null
          const n = Math.abs(o.points)
          if (o.kind === 'earn') c = earn(a, { entryId: `e${i}`, points: n, expiresOn: '2027-03-15', availableOn: null, orderKey: null, source: staff, reason: 'x', now })
          if (o.kind === 'adjust') c = adjust(a, { entryId: `adjust:${i}`, points: o.points, expiresOn: '2027-04-30', source: admin, reason: 'x', now })
          if (o.kind === 'spend') c = spend(a, { entryId: `s${i}`, points: n, source: admin, reason: 'x', now })
          const lot = a.lots[0]
          if (o.kind === 'reverse' && lot) c = reverseEarning(a, { entryId: `r${i}`, lotId: lot.id, points: n, source: staff, reason: 'x', now })
          if (!c || 'error' in c) return
          a = c.account
          ledger.push(...c.entries)
          expect(a.balance).toBe(sum(ledger))
          expect(a.balance).toBe(a.lots.reduce((s, l) => s + l.remaining, 0))
          expect(a.balance).toBeGreaterThanOrEqual(0)
          expect(a.seq).toBe(ledger.length)
        })
      }),
    )
  })
})
