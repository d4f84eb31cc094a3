import { appendEntries, loadAccount, saveAccount } from '../../cloudfunctions/_lib/ledger'
import { commit, withTransaction } from '../../cloudfunctions/_lib/transaction'
import { spend } from '../../shared/points/account'
import { RefundResult } from '../../shared/staff/schemas'
import { openTill, TILL_COLLECTIONS, type Till } from './till'

const CLERK = 'openid-clerk-a'
const ALICE = 'openid-alice'

let t: Till
beforeEach(async () => {
  t = openTill()
  await t.staff(CLERK, 'store-a', 'clerk')
  await t.register(ALICE, '13812345678')
  // ¥100.00 at 1:1: 100 points.
  expect(await t.call(CLERK, { action: 'accrue', memberCode: await t.code(ALICE), orderId: 'POS-1', amountFen: 10_000 })).toMatchObject({ ok: true })
})
afterEach(() => t.close())

const refund = (amountFen: unknown, extra: object = {}, as = CLERK) => t.call(as, { action: 'refund', orderId: 'POS-1', amountFen, ...extra })
const data = (res: Awaited<ReturnType<typeof refund>>) => RefundResult.parse(res.ok ? res.data : res)

describe('staff.refund', () => {
  test('partial refunds take back floor(points × refunded / amount) in all: never more than was credited', async () => {
    expect(data(await refund(3_333))).toEqual({ orderId: 'POS-1', refundedFen: 3_333, pointsReversed: 33, shortfall: 0, balance: 67, duplicate: false })
    expect(data(await refund(3_333))).toMatchObject({ refundedFen: 6_666, pointsReversed: 33, balance: 34 })
    expect(data(await refund(3_334))).toMatchObject({ refundedFen: 10_000, pointsReversed: 34, balance: 0 })
    const stored = t.stored(ALICE)
    expect(stored).toMatchObject({ balance: 0, ledgerSum: 0, shortfall: 0 })
    const reversals = Object.fromEntries(stored.entries.filter((e) => e.kind === 'reverse').map((e) => [e._id, e.points]))
    expect(reversals).toEqual({ 'rev:store-a:POS-1:@3333': -33, 'rev:store-a:POS-1:@6666': -33, 'rev:store-a:POS-1:@10000': -34 })
    expect(t.store.rawGet('orders', 'store-a:POS-1')).toMatchObject({ refundedFen: 10_000, reversedPoints: 100 })
  })

  test('never more than the order: REFUND_EXCEEDS_ORDER writes nothing', async () => {
    await refund(9_000)
    const before = t.snapshot(...TILL_COLLECTIONS)
    const res = await refund(1_001)
    expect(res).toMatchObject({ ok: false, error: { code: 'REFUND_EXCEEDS_ORDER' } })
    expect(!res.ok && res.error.message).toContain('¥10.00')
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
  })

  test('idempotent per refundId: a repeat answers the first result; another amount under that id is refused', async () => {
    const first = data(await refund(5_000, { refundId: 'R-1' }))
    expect(first).toMatchObject({ pointsReversed: 50, balance: 50, duplicate: false })
    expect(data(await refund(5_000, { refundId: 'R-1' }))).toEqual({ ...first, duplicate: true })
    expect(await refund(4_000, { refundId: 'R-1' })).toMatchObject({ ok: false, error: { code: 'REFUND_ID_REUSED' } })
    expect(t.stored(ALICE).entries.map((e) => e._id)).toEqual(['earn:store-a:POS-1', 'rev:store-a:POS-1:R-1'])
  })

  test('concurrent identical refunds with one refundId take back once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => refund(2_500, { refundId: 'R-9' })))
    expect(results.map(data).filter((r) => !r.duplicate)).toHaveLength(1)
    expect(t.stored(ALICE)).toMatchObject({ balance: 75, ledgerSum: 75 })
  })

  test('after the points were spent: what cannot be taken back is shortfall, the balance stays at zero', async () => {
    await withTransaction(t.deps.db, async (tx) => {
      const change = spend(await loadAccount(tx, t.memberId(ALICE)), {
        entryId: 'spend:test',
        points: 80,
        source: { kind: 'member', id: ALICE, storeId: null },
        reason: 'test',
        now: t.clock.now(),
      })
      if ('error' in change) throw new Error(change.error)
      await saveAccount(tx, change.account)
      await appendEntries(tx, change.entries)
      return commit(null)
    })
    expect(data(await refund(5_000))).toMatchObject({ pointsReversed: 20, shortfall: 30, balance: 0 })
    expect(t.stored(ALICE)).toMatchObject({ balance: 0, ledgerSum: 0, shortfall: 30 })
    // The next purchase pays the shortfall first.
    t.nextCode()
    await t.call(CLERK, { action: 'accrue', memberCode: await t.code(ALICE), orderId: 'POS-2', amountFen: 5_000 })
    expect(t.stored(ALICE)).toMatchObject({ balance: 20, ledgerSum: 20, shortfall: 0 })
  })

  test('only the order’s own store refunds it; unknown orders are refused', async () => {
    await t.staff('openid-clerk-b', 'store-b', 'clerk')
    const before = t.snapshot(...TILL_COLLECTIONS)
    expect(await refund(1_000, {}, 'openid-clerk-b')).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_FOUND' } })
    expect(await t.call(CLERK, { action: 'refund', orderId: 'POS-404', amountFen: 1_000 })).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_FOUND' } })
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
  })

  test.each([[0], [-5], [0.5], [1e12]])('amount %p is refused and writes nothing', async (amountFen) => {
    const before = t.snapshot(...TILL_COLLECTIONS)
    expect(await refund(amountFen)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'amountFen' } })
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
  })
})
