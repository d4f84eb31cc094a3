import fc from 'fast-check'
import { addDays, shanghaiDay } from '../../shared/day'
import { earn, emptyAccount, expire, reverseEarning, spend, summarize, type Account, type Change } from '../../shared/points/account'
import { EntryIds, toEntryView, type LedgerEntry } from '../../shared/points/ledger-entry'
import { LedgerEntryView, PointsSummary, type EntrySource } from '../../shared/points/schemas'

// A frozen clock: 2027-01-31 10:00 in Shanghai; `at(d)` is d days later at the same time.
const T0 = new Date('2027-01-31T10:00:00+08:00')
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000)
const TODAY = '2027-01-31'
const staff: EntrySource = { kind: 'staff', id: 'clerk-1', storeId: 'S1' }
const member: EntrySource = { kind: 'member', id: 'openid-1', storeId: null }

const credit = (a: Account, id: string, points: number, expiresOn: string, opts: { availableOn?: string | null; now?: Date } = {}) =>
  earn(a, { entryId: id, points, expiresOn, availableOn: opts.availableOn ?? null, orderKey: null, source: staff, reason: '消费积分', now: opts.now ?? T0 })

function mustSpend(a: Account, id: string, points: number, now = T0): Change {
  const r = spend(a, { entryId: id, points, source: member, reason: '兑换', now })
  if ('error' in r) throw new Error(`spend refused: ${r.error}`)
  return r
}

const sum = (entries: LedgerEntry[]) => entries.reduce((s, e) => s + e.points, 0)

describe('earn', () => {
  test('creates a lot and an earn entry with the lot dates', () => {
    const { account, entries } = credit(emptyAccount('m1'), 'earn:S1:1', 120, '2028-12-31', { availableOn: '2027-02-07' })
    expect(account.balance).toBe(120)
    expect(account.lots).toEqual([{ id: 'earn:S1:1', points: 120, remaining: 120, expiresOn: '2028-12-31', availableOn: '2027-02-07', orderKey: null }])
    expect(account.nextExpiryOn).toBe('2028-12-31')
    expect(entries).toEqual([
      expect.objectContaining({ _id: 'earn:S1:1', memberId: 'm1', seq: 1, kind: 'earn', points: 120, lot: { expiresOn: '2028-12-31', availableOn: '2027-02-07' }, source: staff }),
    ])
  })

  test('zero points writes nothing', () => {
    const a = emptyAccount('m1')
    expect(credit(a, 'earn:x', 0, '2028-12-31')).toEqual({ account: a, entries: [] })
  })

  test('refuses negative or fractional points (inputs are validated before the domain)', () => {
    expect(() => credit(emptyAccount('m1'), 'e', -1, '2028-12-31')).toThrow()
    expect(() => credit(emptyAccount('m1'), 'e', 1.5, '2028-12-31')).toThrow()
  })

  test('entries are numbered per member in the order written', () => {
    let a = credit(emptyAccount('m1'), 'e1', 10, '2028-12-31').account
    const c = credit(a, 'e2', 10, '2028-12-31')
    a = c.account
    expect(c.entries.map((e) => e.seq)).toEqual([2])
    expect(a.seq).toBe(2)
  })
})

describe('spend', () => {
  test('takes the lots that expire soonest first, whatever order they were earned in, and records them', () => {
    let a = credit(emptyAccount('m1'), 'late', 100, '2028-12-31').account
    a = credit(a, 'soon', 50, '2027-06-30').account
    a = credit(a, 'mid', 30, '2027-12-31').account
    const c = mustSpend(a, 'spend:1', 70)
    expect(c.entries[0]).toMatchObject({ kind: 'spend', points: -70, consumed: [{ lotId: 'soon', points: 50 }, { lotId: 'mid', points: 20 }] })
    expect(c.account.lots.map((l) => [l.id, l.remaining])).toEqual([['mid', 10], ['late', 100]])
    expect(c.account.balance).toBe(110)
  })

  test('pending lots cannot be spent; not enough spendable points is an error value and changes nothing', () => {
    let a = credit(emptyAccount('m1'), 'ready', 40, '2028-12-31').account
    a = credit(a, 'pending', 100, '2028-12-31', { availableOn: '2027-02-07' }).account
    const refused = spend(a, { entryId: 's', points: 41, source: member, reason: '兑换', now: T0 })
    expect(refused).toEqual({ error: 'INSUFFICIENT_POINTS', available: 40 })
    // On its available day the pending lot is spendable.
    const later = mustSpend(a, 's', 140, at(7))
    expect(later.account.balance).toBe(0)
  })

  test('a lot is usable through its expiresOn day and not after', () => {
    const a = credit(emptyAccount('m1'), 'e', 10, '2027-02-01').account
    expect('error' in spend(a, { entryId: 's', points: 10, source: member, reason: '兑换', now: at(1) })).toBe(false)
    const after = spend(a, { entryId: 's', points: 10, source: member, reason: '兑换', now: at(2) })
    expect(after).toEqual({ error: 'INSUFFICIENT_POINTS', available: 0 })
  })
})

describe('expire', () => {
  test('expires only what is left of lots past their day, one entry per lot', () => {
    let a = credit(emptyAccount('m1'), 'old', 100, '2027-02-01').account
    a = credit(a, 'new', 50, '2027-12-31').account
    a = mustSpend(a, 's', 30).account
    expect(expire(a, '2027-02-01', at(1)).entries).toEqual([])
    const c = expire(a, '2027-02-02', at(2))
    expect(c.entries).toEqual([expect.objectContaining({ _id: EntryIds.expire('old'), kind: 'expire', points: -70, consumed: [{ lotId: 'old', points: 70 }] })])
    expect(c.account.balance).toBe(50)
    expect(c.account.nextExpiryOn).toBe('2027-12-31')
    // Again: nothing left to expire.
    expect(expire(c.account, '2027-02-02', at(2)).entries).toEqual([])
  })

  test('every ledger write first expires lots past their day', () => {
    const a = credit(emptyAccount('m1'), 'old', 100, '2027-02-01').account
    const c = credit(a, 'new', 10, '2027-12-31', { now: at(5) })
    expect(c.entries.map((e) => e._id)).toEqual(['exp:old', 'new'])
    expect(c.account.balance).toBe(10)
  })
})

describe('reverseEarning and shortfall', () => {
  test('takes back from the refunded lot first, then from the soonest-expiring others', () => {
    let a = credit(emptyAccount('m1'), 'order1', 100, '2028-12-31').account
    a = credit(a, 'order2', 100, '2027-06-30').account
    a = mustSpend(a, 's', 120).account // order2 (soonest) fully, then 20 of order1
    const r = reverseEarning(a, { entryId: 'rev:1', lotId: 'order1', points: 90, source: staff, reason: '退款', now: T0 })
    expect(r.entries[0]).toMatchObject({ kind: 'reverse', points: -80, voids: 'order1', consumed: [{ lotId: 'order1', points: 80 }], shortfall: 10 })
    expect(r).toMatchObject({ taken: 80, shortfall: 10 })
    expect(r.account).toMatchObject({ balance: 0, shortfall: 10, owed: [{ voids: 'order1', points: 10 }] })
  })

  test('the shortfall is paid first from the next earnings, by reversals that void the refunded earning', () => {
    let a = credit(emptyAccount('m1'), 'order1', 100, '2028-12-31').account
    a = mustSpend(a, 's', 100).account
    a = reverseEarning(a, { entryId: 'rev:1', lotId: 'order1', points: 60, source: staff, reason: '退款', now: T0 }).account
    expect(a).toMatchObject({ balance: 0, shortfall: 60 })
    const small = credit(a, 'order2', 25, '2028-12-31')
    expect(small.entries.map((e) => [e._id, e.kind, e.points, e.voids, e.shortfall])).toEqual([
      ['order2', 'earn', 25, null, null],
      ['settle:order2:0', 'reverse', -25, 'order1', -25],
    ])
    expect(small.account).toMatchObject({ balance: 0, shortfall: 35, lots: [] })
    const big = credit(small.account, 'order3', 100, '2028-12-31')
    expect(big.account).toMatchObject({ balance: 65, shortfall: 0, owed: [] })
    expect(big.account.lots).toEqual([expect.objectContaining({ id: 'order3', points: 100, remaining: 65 })])
  })

  test('a reversal also takes pending points, and never takes the balance below zero', () => {
    const a = credit(emptyAccount('m1'), 'order1', 50, '2028-12-31', { availableOn: '2027-02-07' }).account
    const r = reverseEarning(a, { entryId: 'rev', lotId: 'order1', points: 80, source: staff, reason: '退款', now: T0 })
    expect(r.account).toMatchObject({ balance: 0, shortfall: 30 })
  })
})

describe('summarize', () => {
  const rules = { expiringSoonDays: 30 }

  test('balance, pending by day, expiring soon, every expiry day', () => {
    let a = credit(emptyAccount('m1'), 'a', 100, '2027-02-20').account
    a = credit(a, 'b', 40, '2027-02-20', { availableOn: '2027-02-03' }).account
    a = credit(a, 'c', 60, '2028-12-31', { availableOn: '2027-02-07' }).account
    a = credit(a, 'd', 5, '2028-12-31', { availableOn: '2027-02-07' }).account
    const s = summarize(a, TODAY, rules)
    expect(PointsSummary.parse(s)).toEqual(s)
    expect(s).toEqual({
      balance: 205,
      available: 100,
      pending: 105,
      pendingLots: [
        { availableOn: '2027-02-03', points: 40 },
        { availableOn: '2027-02-07', points: 65 },
      ],
      expiringSoon: 140,
      expiringSoonDays: 30,
      nextExpiry: { date: '2027-02-20', points: 140 },
      expiries: [
        { date: '2027-02-20', points: 140 },
        { date: '2028-12-31', points: 65 },
      ],
      shortfall: 0,
    })
  })

  test('lots past their day count as expired even before the job wrote their entries', () => {
    const a = credit(emptyAccount('m1'), 'a', 100, '2027-02-01').account
    expect(summarize(a, '2027-02-02', rules)).toMatchObject({ balance: 0, nextExpiry: null, expiries: [] })
  })

  test('an empty account', () => {
    expect(summarize(emptyAccount('m1'), TODAY, rules)).toEqual({
      balance: 0, available: 0, pending: 0, pendingLots: [], expiringSoon: 0, expiringSoonDays: 30, nextExpiry: null, expiries: [], shortfall: 0,
    })
  })
})

test('toEntryView gives what the history page shows', () => {
  const [e] = credit(emptyAccount('m1'), 'earn:S1:1', 10, '2028-12-31').entries
  const view = toEntryView(e)
  expect(LedgerEntryView.parse(view)).toEqual(view)
  expect(view).toEqual({ id: 'earn:S1:1', kind: 'earn', points: 10, reason: '消费积分', storeId: 'S1', createdAt: T0.toISOString(), expiresOn: '2028-12-31', availableOn: null, voids: null })
})

// ---- properties: random histories of earn / spend / reverse / expire over moving days

type Op =
  | { op: 'earn'; points: number; validDays: number; pendingDays: number }
  | { op: 'spend'; points: number }
  | { op: 'reverse'; pick: number; points: number }
  | { op: 'wait'; days: number }
  | { op: 'expire' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('earn' as const), points: fc.integer({ min: 0, max: 500 }), validDays: fc.integer({ min: 0, max: 120 }), pendingDays: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ op: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(), points: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('expire' as const) }),
)

function checkInvariants(account: Account, ledger: LedgerEntry[]) {
  expect(account.balance).toBe(sum(ledger))
  expect(account.balance).toBe(account.lots.reduce((s, l) => s + l.remaining, 0))
  expect(account.balance).toBeGreaterThanOrEqual(0)
  for (const lot of account.lots) {
    expect(lot.remaining).toBeGreaterThan(0)
    expect(lot.remaining).toBeLessThanOrEqual(lot.points)
  }
  expect(account.shortfall).toBe(account.owed.reduce((s, o) => s + o.points, 0))
  expect(account.shortfall).toBe(ledger.reduce((s, e) => s + (e.shortfall ?? 0), 0))
  expect(account.shortfall).toBeGreaterThanOrEqual(0)
  if (account.shortfall > 0) expect(account.balance).toBe(0)
  // Every lot's remaining is what its earning minus everything that consumed it leaves.
  for (const e of ledger.filter((x) => x.kind === 'earn')) {
    const used = ledger.flatMap((x) => x.consumed ?? []).filter((c) => c.lotId === e._id).reduce((s, c) => s + c.points, 0)
    expect(used).toBeLessThanOrEqual(e.points)
    expect(account.lots.find((l) => l.id === e._id)?.remaining ?? 0).toBe(e.points - used)
  }
  // Ids never collide and seq counts 1, 2, 3 …
  expect(new Set(ledger.map((e) => e._id)).size).toBe(ledger.length)
  expect(ledger.map((e) => e.seq)).toEqual(ledger.map((_, i) => i + 1))
  expect(account.seq).toBe(ledger.length)
  expect(account.nextExpiryOn).toBe(account.lots.length ? account.lots.map((l) => l.expiresOn).sort()[0] : null)
}

test('property: any history keeps balance = sum of the ledger = sum of lots, no lot negative, balance never below 0', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      let account = emptyAccount('m1')
      const ledger: LedgerEntry[] = []
      const earned: string[] = []
      let day = 0
      ops.forEach((o, i) => {
        const now = at(day)
        const today = shanghaiDay(now)
        let change: Change | null = null
        if (o.op === 'earn') {
          change = credit(account, `earn:${i}`, o.points, addDays(today, o.validDays), { availableOn: o.pendingDays ? addDays(today, o.pendingDays) : null, now })
          if (o.points > 0) earned.push(`earn:${i}`)
        } else if (o.op === 'spend') {
          const available = summarize(account, today, { expiringSoonDays: 30 }).available
          const r = spend(account, { entryId: `spend:${i}`, points: o.points, source: member, reason: '兑换', now })
          if ('error' in r) {
            expect(o.points).toBeGreaterThan(available)
            return
          }
          expect(o.points).toBeLessThanOrEqual(available)
          const spent = r.entries[r.entries.length - 1]
          expect(spent.points).toBe(-o.points)
          const lotOf = (id: string) => ledger.find((e) => e._id === id)!.lot!
          const taken = spent.consumed!.map((c) => lotOf(c.lotId))
          // Pending lots are never taken.
          for (const l of taken) expect(l.availableOn === null || l.availableOn <= today).toBe(true)
          // Soonest expiry first: no spendable lot is left that expires before the latest lot taken from.
          const latest = taken.map((l) => l.expiresOn).sort().pop()!
          for (const lot of r.account.lots) if (lot.availableOn === null || lot.availableOn <= today) expect(lot.expiresOn >= latest).toBe(true)
          change = r
        } else if (o.op === 'reverse') {
          if (earned.length === 0) return
          const lotId = earned[o.pick % earned.length]
          const before = account.balance
          const r = reverseEarning(account, { entryId: `rev:${i}`, lotId, points: o.points, source: staff, reason: '退款', now })
          const own = r.entries[r.entries.length - 1]
          if (o.points > 0) {
            expect(own.voids).toBe(lotId)
            expect(-own.points + (own.shortfall ?? 0)).toBe(o.points)
          }
          expect(r.taken).toBeLessThanOrEqual(before)
          change = r
        } else if (o.op === 'wait') {
          day += o.days
          return
        } else {
          change = expire(account, today, now)
          for (const lot of change.account.lots) expect(lot.expiresOn >= today).toBe(true)
        }
        account = change.account
        ledger.push(...change.entries)
        checkInvariants(account, ledger)
      })
    }),
    { numRuns: 300 },
  )
})
