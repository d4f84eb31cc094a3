import { AccrueResult, TillMemberView } from '../../shared/staff/schemas'
import { openTill, TILL_COLLECTIONS, type Till } from './till'

const CLERK = 'openid-clerk-a'
const ALICE = 'openid-alice'
const BOB = 'openid-bob'

let t: Till
beforeEach(async () => {
  t = openTill()
  await t.staff(CLERK, 'store-a', 'clerk', { name: '小王' })
  await t.register(ALICE, '13812345678', { birthday: '1990-01-15' })
  await t.register(BOB, '13912345678')
})
afterEach(() => t.close())

const accrue = (memberCode: string, orderId: string, amountFen: unknown, as = CLERK) => t.call(as, { action: 'accrue', memberCode, orderId, amountFen })

describe('staff.me and staff.lookup', () => {
  test('only staff reach staff actions; a removed account no longer does', async () => {
    expect(await t.call(ALICE, { action: 'me' })).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
    expect(await t.call(ALICE, { action: 'lookup', memberCode: await t.code(BOB) })).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
    await t.addStore('store-a', null)
    expect(await t.call(CLERK, { action: 'me' })).toEqual({
      ok: true,
      data: { openid: CLERK, role: 'clerk', storeId: 'store-a', storeName: '门店 store-a', name: '小王' },
    })
    await t.staff(CLERK, 'store-a', 'clerk', { active: false })
    expect(await t.call(CLERK, { action: 'me' })).toMatchObject({ ok: false, error: { code: 'NOT_STAFF' } })
  })

  test('lookup shows the member as a till should: masked phone, tier, points, birthday month', async () => {
    await accrue(await t.code(ALICE), 'POS-1', 12_345)
    t.nextCode()
    const res = await t.call(CLERK, { action: 'lookup', memberCode: await t.code(ALICE) })
    expect(res.ok).toBe(true)
    const view = TillMemberView.parse(res.ok && res.data)
    expect(view).toMatchObject({ memberId: t.memberId(ALICE), phone: '138****5678', available: 123, pending: 0, usableCoupons: [], birthdayMonth: true })
    expect(view.tier.id).toBe('basic')
    expect(JSON.stringify(res)).not.toContain('13812345678')
  })

  test('lookup refuses expired, forged and moved codes with their own codes', async () => {
    const code = await t.code(ALICE)
    const bobNo = (await t.call(CLERK, { action: 'lookup', memberCode: await t.code(BOB) })) as { ok: true; data: { memberNo: string } }
    const moved = bobNo.data.memberNo + code.slice(10)
    expect(await t.call(CLERK, { action: 'lookup', memberCode: moved })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_INVALID' } })
    const flipped = code.slice(0, -1) + ((Number(code.slice(-1)) + 1) % 10)
    expect(await t.call(CLERK, { action: 'lookup', memberCode: flipped })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_INVALID' } })
    expect(await t.call(CLERK, { action: 'lookup', memberCode: '1234567890123456' })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_INVALID' } })
    t.advance(61_000)
    expect(await t.call(CLERK, { action: 'lookup', memberCode: code })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } })
  })
})

describe('staff.accrue', () => {
  test('credits floor(yuan) points at 1:1, as one order, one ledger entry and the account, together', async () => {
    const res = await accrue(await t.code(ALICE), 'POS-1', 12_399)
    expect(AccrueResult.parse(res.ok && res.data)).toEqual({ orderId: 'POS-1', status: 'credited', points: 123, balance: 123, duplicate: false, approvalId: null, upgradedTo: null })
    expect(t.store.rawFind('orders')).toEqual([
      expect.objectContaining({ _id: 'store-a:POS-1', storeId: 'store-a', memberId: t.memberId(ALICE), amountFen: 12_399, points: 123, status: 'credited', staffOpenid: CLERK }),
    ])
    const stored = t.stored(ALICE)
    expect(stored.entries).toEqual([expect.objectContaining({ _id: 'earn:store-a:POS-1', kind: 'earn', points: 123, source: { kind: 'staff', id: CLERK, storeId: 'store-a' } })])
    expect(stored.balance).toBe(123)
    expect(stored.ledgerSum).toBe(123)
  })

  test('a burst of concurrent identical accruals credits exactly once', async () => {
    const code = await t.code(ALICE)
    const results = await Promise.all(Array.from({ length: 24 }, () => accrue(code, 'POS-RACE', 50_000)))
    expect(results.every((r) => r.ok)).toBe(true)
    const data = results.map((r) => AccrueResult.parse(r.ok && r.data))
    expect(data.filter((d) => !d.duplicate)).toHaveLength(1)
    for (const d of data) expect(d).toMatchObject({ status: 'credited', points: 500, balance: 500 })
    expect(t.store.rawCount('orders')).toBe(1)
    expect(t.store.rawCount('member_code_uses')).toBe(1)
    const stored = t.stored(ALICE)
    expect(stored.entries).toHaveLength(1)
    expect(stored).toMatchObject({ balance: 500, ledgerSum: 500 })
    expect(t.store.rawGet('staff_daily', `${CLERK}:2027-01-31`)).toMatchObject({ creditedFen: 50_000, credits: 1 })
  })

  test('a retry answers the first result with duplicate:true, even after the code expired', async () => {
    const code = await t.code(ALICE)
    const first = await accrue(code, 'POS-1', 10_000)
    t.advance(5 * 60_000)
    const again = await accrue(code, 'POS-1', 10_000)
    expect(again).toEqual({ ok: true, data: { ...(first as { data: object }).data, duplicate: true } })
    expect(t.stored(ALICE).entries).toHaveLength(1)
  })

  test('a member code credits at most one order', async () => {
    const code = await t.code(ALICE)
    await accrue(code, 'POS-1', 10_000)
    const before = t.snapshot(...TILL_COLLECTIONS)
    expect(await accrue(code, 'POS-2', 10_000)).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_USED' } })
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
    t.nextCode()
    expect(await accrue(await t.code(ALICE), 'POS-2', 10_000)).toMatchObject({ ok: true, data: { points: 100, balance: 200 } })
  })

  test('the same order id with another member or amount is refused and writes nothing', async () => {
    await accrue(await t.code(ALICE), 'POS-1', 10_000)
    const before = t.snapshot(...TILL_COLLECTIONS)
    expect(await accrue(await t.code(BOB), 'POS-1', 10_000)).toMatchObject({ ok: false, error: { code: 'ORDER_MEMBER_MISMATCH' } })
    t.nextCode()
    expect(await accrue(await t.code(ALICE), 'POS-1', 20_000)).toMatchObject({ ok: false, error: { code: 'ORDER_MEMBER_MISMATCH' } })
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
  })

  test('an order number credits once per store: another store may use the same number', async () => {
    await t.staff('openid-clerk-b', 'store-b', 'clerk')
    await accrue(await t.code(ALICE), 'POS-1', 10_000)
    t.nextCode()
    expect(await accrue(await t.code(ALICE), 'POS-1', 10_000, 'openid-clerk-b')).toMatchObject({ ok: true, data: { duplicate: false, balance: 200 } })
    expect(t.store.rawFind('orders').map((o) => o._id).sort()).toEqual(['store-a:POS-1', 'store-b:POS-1'])
  })

  test('expired, forged and unknown codes are refused and write nothing', async () => {
    const code = await t.code(ALICE)
    const before = t.snapshot(...TILL_COLLECTIONS)
    const forged = code.slice(0, -1) + ((Number(code.slice(-1)) + 1) % 10)
    expect(await accrue(forged, 'POS-1', 10_000)).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_INVALID' } })
    expect(await accrue('0000000001' + code.slice(10), 'POS-1', 10_000)).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_INVALID' } })
    t.advance(61_000)
    expect(await accrue(code, 'POS-1', 10_000)).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } })
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
  })

  test.each([[0], [-100], [12.5], [100_000_001], [Number.MAX_SAFE_INTEGER], ['100'], [null], [Infinity]])(
    'amount %p is refused as INVALID_INPUT and writes nothing',
    async (amountFen) => {
      const before = t.snapshot(...TILL_COLLECTIONS)
      const res = await accrue(await t.code(ALICE), 'POS-1', amountFen)
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'amountFen' } })
      expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
    },
  )

  test('a staff account cannot credit its own member account, by openid or by phone', async () => {
    await t.staff(ALICE, 'store-a', 'clerk')
    const before = t.snapshot(...TILL_COLLECTIONS)
    expect(await accrue(await t.code(ALICE), 'POS-1', 10_000, ALICE)).toMatchObject({ ok: false, error: { code: 'SELF_CREDIT_FORBIDDEN' } })
    // A clerk whose own phone is Bob's (Bob is the clerk's second WeChat account).
    await t.staff(CLERK, 'store-a', 'clerk', { phone: '13912345678' })
    expect(await accrue(await t.code(BOB), 'POS-2', 10_000)).toMatchObject({ ok: false, error: { code: 'SELF_CREDIT_FORBIDDEN' } })
    expect(t.snapshot(...TILL_COLLECTIONS)).toBe(before)
    // ALICE (staff) may still credit Bob: only her own account is off limits.
    expect(await accrue(await t.code(BOB), 'POS-3', 10_000, ALICE)).toMatchObject({ ok: true, data: { status: 'credited' } })
  })

  test('every staff call is recorded with who, which store, when and the outcome, refusals included', async () => {
    const code = await t.code(ALICE)
    await accrue(code, 'POS-1', 10_000)
    await accrue(code, 'POS-2', 10_000)
    await accrue(code, 'POS-3', -1)
    await t.call(BOB, { action: 'accrue', memberCode: code, orderId: 'POS-4', amountFen: 100 })
    const actions = t.store.rawFind('staff_actions').map(({ _id, ...a }) => a)
    const at = t.clock.now()
    expect(actions).toEqual([
      { openid: CLERK, storeId: 'store-a', role: 'clerk', action: 'accrue', orderId: 'POS-1', approvalId: null, amountFen: 10_000, couponCode: null, orderCode: null, code: 'OK', at },
      { openid: CLERK, storeId: 'store-a', role: 'clerk', action: 'accrue', orderId: 'POS-2', approvalId: null, amountFen: 10_000, couponCode: null, orderCode: null, code: 'MEMBER_CODE_USED', at },
      { openid: CLERK, storeId: 'store-a', role: 'clerk', action: 'accrue', orderId: 'POS-3', approvalId: null, amountFen: -1, couponCode: null, orderCode: null, code: 'INVALID_INPUT', at },
      { openid: BOB, storeId: null, role: null, action: 'accrue', orderId: 'POS-4', approvalId: null, amountFen: 100, couponCode: null, orderCode: null, code: 'NOT_STAFF', at },
    ])
  })
})
