import fc from 'fast-check'
import { addDays, shanghaiDay } from '../../shared/day'
import { earn, emptyAccount, expire, refundSpend, reverseEarning, spend, spendableNow, type Account, type Change } from '../../shared/points/account'
import { EntryIds, type Consumed, type LedgerEntry } from '../../shared/points/ledger-entry'
import type { EntrySource } from '../../shared/points/schemas'

// A frozen clock: 2027-01-31 10:00 in Shanghai; `at(d)` is d days later at the same time.
const T0 = new Date('2027-01-31T10:00:00+08:00')
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000)
const staff: EntrySource = { kind: 'staff', id: 'clerk-1', storeId: 'S1' }
const member: EntrySource = { kind: 'member', id: 'openid-1', storeId: null }

const credit = (a: Account, id: string, points: number, expiresOn: string, now = T0, availableOn: string | null = null) =>
  earn(a, { entryId: id, points, expiresOn, availableOn, orderKey: null, source: staff, reason: '消费积分', now })

function redeem(a: Account, code: string, points: number, now = T0): Change {
  const r = spend(a, { entryId: EntryIds.redeem(code), points, source: member, reason: '积分兑换：拿铁', now, orderKey: `mall:${code}` })
  if ('error' in r) throw new Error(`spend refused: ${r.error}`)
  return r
}

const spendOf = (c: Change) => c.entries[c.entries.length - 1]
const giveBack = (a: Account, code: string, consumed: Consumed[], now = T0) =>
  refundSpend(a, { entryId: EntryIds.redeemBack(code), spendId: EntryIds.redeem(code), consumed, source: member, reason: '取消兑换：拿铁', now, orderKey: `mall:${code}` })

describe('refundSpend', () => {
  test('gives each lot back what the spend took from it, with the lot\'s own last day, as one reverse entry voiding the spend', () => {
    let a = credit(emptyAccount('m1'), 'soon', 50, '2027-03-31').account
    a = credit(a, 'late', 100, '2028-12-31').account
    const s = redeem(a, 'ORDER1', 80) // 50 from soon (dropped), 30 from late
    expect(spendOf(s).consumed).toEqual([
      { lotId: 'soon', points: 50, expiresOn: '2027-03-31' },
      { lotId: 'late', points: 30, expiresOn: '2028-12-31' },
    ])
    const r = giveBack(s.account, 'ORDER1', spendOf(s).consumed!, at(1))
    expect(r).toMatchObject({ returned: 80, lapsed: 0 })
    expect(r.entries).toEqual([
      expect.objectContaining({
        _id: 'mall-back:ORDER1',
        kind: 'reverse',
        points: 80,
        voids: 'mall:ORDER1',
        reason: '取消兑换：拿铁',
        orderKey: 'mall:ORDER1',
        shortfall: null,
        seq: 4,
      }),
    ])
    expect(r.account.balance).toBe(150)
    expect(r.account.lots.map((l) => [l.id, l.remaining, l.points, l.expiresOn])).toEqual([
      ['soon', 50, 50, '2027-03-31'],
      ['late', 100, 100, '2028-12-31'],
    ])
    // The points are spendable again at once, and go first again, being soonest to expire.
    expect(spendableNow(r.account, '2027-02-01')).toBe(150)
    expect(spendOf(redeem(r.account, 'ORDER2', 10, at(1))).consumed).toEqual([{ lotId: 'soon', points: 10, expiresOn: '2027-03-31' }])
  })

  test('a shortfall from a till refund is paid first from the points given back, as a new earning would', () => {
    // Earn 100, redeem all 100, then the purchase is refunded by half: 50 cannot be taken back (shortfall).
    let a = credit(emptyAccount('m1'), 'buy', 100, '2028-12-31').account
    const s = redeem(a, 'ORDER2', 100)
    a = reverseEarning(s.account, { entryId: 'rev:buy', lotId: 'buy', points: 50, source: staff, reason: '退款', now: T0 }).account
    expect(a).toMatchObject({ balance: 0, shortfall: 50 })
    const r = giveBack(a, 'ORDER2', spendOf(s).consumed!, at(1))
    expect(r.returned).toBe(100)
    expect(r.account).toMatchObject({ balance: 50, shortfall: 0, owed: [] })
    expect(r.entries.map((e) => [e._id, e.kind, e.points, e.voids, e.shortfall])).toEqual([
      ['mall-back:ORDER2', 'reverse', 100, 'mall:ORDER2', null],
      ['settle:mall-back:ORDER2:0', 'reverse', -50, 'buy', -50],
    ])
  })

  test('points whose lot is past its last day are not given back (they would have expired anyway)', () => {
    let a = credit(emptyAccount('m1'), 'short', 40, '2027-02-05').account
    a = credit(a, 'long', 100, '2028-12-31').account
    const s = redeem(a, 'ORDER1', 60) // 40 from short, 20 from long
    // On the short lot's last day everything comes back …
    expect(giveBack(s.account, 'ORDER1', spendOf(s).consumed!, at(5))).toMatchObject({ returned: 60, lapsed: 0 })
    // … the day after, its 40 points have lapsed.
    const r = giveBack(s.account, 'ORDER1', spendOf(s).consumed!, at(6))
    expect(r).toMatchObject({ returned: 20, lapsed: 40 })
    const own = r.entries[r.entries.length - 1]
    expect(own).toMatchObject({ kind: 'reverse', points: 20, voids: 'mall:ORDER1', consumed: [{ lotId: 'long', points: 20, expiresOn: '2028-12-31' }] })
    expect(own.reason).toBe('取消兑换：拿铁（其中 40 分已过期，不退回）')
    expect(r.account.balance).toBe(100)
    expect(r.account.lots.map((l) => l.id)).toEqual(['long'])
  })

  test('a refund of nothing but lapsed points still writes its entry (0 points), so the order shows it was settled', () => {
    const a = credit(emptyAccount('m1'), 'short', 40, '2027-02-01').account
    const s = redeem(a, 'ORDER1', 40)
    const r = giveBack(s.account, 'ORDER1', spendOf(s).consumed!, at(2))
    expect(r).toMatchObject({ returned: 0, lapsed: 40 })
    expect(r.entries).toEqual([expect.objectContaining({ _id: 'mall-back:ORDER1', points: 0, consumed: [] })])
    expect(r.account.balance).toBe(0)
  })

  test('an old spend without recorded last days falls back on the lot, when the account still has it', () => {
    const a = credit(emptyAccount('m1'), 'lot', 100, '2028-12-31').account
    const s = redeem(a, 'ORDER1', 30)
    const legacy = spendOf(s).consumed!.map(({ lotId, points }) => ({ lotId, points }))
    expect(giveBack(s.account, 'ORDER1', legacy)).toMatchObject({ returned: 30, lapsed: 0, account: { balance: 100 } })
    // A lot that was used up is gone from the account: with no day known, nothing can be given back.
    const all = redeem(a, 'ORDER2', 100)
    const unknown = spendOf(all).consumed!.map(({ lotId, points }) => ({ lotId, points }))
    expect(giveBack(all.account, 'ORDER2', unknown)).toMatchObject({ returned: 0, lapsed: 100 })
  })
})

// ---- property: random histories of earn / spend / refundSpend / expire over moving days

type Op =
  | { op: 'earn'; points: number; validDays: number; pendingDays: number }
  | { op: 'spend'; points: number }
  | { op: 'refund'; pick: number }
  | { op: 'wait'; days: number }
  | { op: 'expire' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('earn' as const), points: fc.integer({ min: 0, max: 300 }), validDays: fc.integer({ min: 0, max: 60 }), pendingDays: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('expire' as const) }),
)

const sum = (entries: LedgerEntry[]) => entries.reduce((s, e) => s + e.points, 0)

function checkInvariants(account: Account, ledger: LedgerEntry[], refunds: Set<string>) {
  expect(account.balance).toBe(sum(ledger))
  expect(account.balance).toBe(account.lots.reduce((s, l) => s + l.remaining, 0))
  expect(account.balance).toBeGreaterThanOrEqual(0)
  for (const lot of account.lots) {
    expect(lot.remaining).toBeGreaterThan(0)
    expect(lot.remaining).toBeLessThanOrEqual(lot.points)
  }
  // Every lot holds what it earned, less what spends and expiries took, plus what refunds gave back.
  for (const e of ledger.filter((x) => x.kind === 'earn')) {
    let left = e.points
    for (const x of ledger)
      for (const c of x.consumed ?? []) if (c.lotId === e._id) left += refunds.has(x._id) ? c.points : -c.points
    expect(left).toBeGreaterThanOrEqual(0)
    expect(account.lots.find((l) => l.id === e._id)?.remaining ?? 0).toBe(left)
  }
  expect(new Set(ledger.map((e) => e._id)).size).toBe(ledger.length)
  expect(ledger.map((e) => e.seq)).toEqual(ledger.map((_, i) => i + 1))
  expect(account.nextExpiryOn).toBe(account.lots.length ? account.lots.map((l) => l.expiresOn).sort()[0] : null)
}

test('property: any history of earnings, redemptions and cancellations keeps the ledger, the lots and the balance in step, and a cancellation gives back exactly what has not lapsed', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      let account = emptyAccount('m1')
      const ledger: LedgerEntry[] = []
      /** Redemptions not yet given back, by order code. */
      const open = new Map<string, LedgerEntry>()
      const refunds = new Set<string>()
      let day = 0
      ops.forEach((o, i) => {
        const now = at(day)
        const today = shanghaiDay(now)
        let change: Change
        if (o.op === 'earn') {
          change = credit(account, `earn:${i}`, o.points, addDays(today, o.validDays), now, o.pendingDays ? addDays(today, o.pendingDays) : null)
        } else if (o.op === 'spend') {
          const r = spend(account, { entryId: EntryIds.redeem(`O${i}`), points: o.points, source: member, reason: '兑换', now })
          if ('error' in r) return
          change = r
          open.set(`O${i}`, spendOf(r))
        } else if (o.op === 'refund') {
          if (open.size === 0) return
          const code = [...open.keys()][o.pick % open.size]
          const spent = open.get(code)!
          open.delete(code)
          const before = account.balance
          const r = refundSpend(account, { entryId: EntryIds.redeemBack(code), spendId: spent._id, consumed: spent.consumed!, source: member, reason: '取消兑换', now })
          // Exactly the spend's points, less those whose lot's last day has passed.
          const lapsed = spent.consumed!.filter((c) => c.expiresOn! < today).reduce((s, c) => s + c.points, 0)
          expect(r.lapsed).toBe(lapsed)
          expect(r.returned).toBe(-spent.points - lapsed)
          const own = r.entries[r.entries.length - 1]
          expect(own).toMatchObject({ _id: EntryIds.redeemBack(code), kind: 'reverse', points: r.returned, voids: spent._id })
          // The balance grows by what came back, less whatever expired in the same write.
          const expiredNow = r.entries.filter((e) => e.kind === 'expire').reduce((s, e) => s - e.points, 0)
          expect(r.account.balance).toBe(before - expiredNow + r.returned)
          refunds.add(own._id)
          change = r
        } else if (o.op === 'wait') {
          day += o.days
          return
        } else {
          change = expire(account, today, now)
        }
        account = change.account
        ledger.push(...change.entries)
        checkInvariants(account, ledger, refunds)
      })
    }),
    { numRuns: 300 },
  )
})
