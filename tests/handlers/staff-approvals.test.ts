import { AccrueResult, AnomaliesResult, ApprovalsResult, ApprovalView } from '../../shared/staff/schemas'
import { openTill, type Till } from './till'

const CLERK = 'openid-clerk-a'
const MANAGER = 'openid-manager-a'
const OTHER_MANAGER = 'openid-manager-b'
const ADMIN = 'openid-admin'
const ALICE = 'openid-alice'
const BOB = 'openid-bob'

let t: Till
beforeEach(async () => {
  t = openTill()
  await t.staff(CLERK, 'store-a', 'clerk', { name: '小王' })
  await t.staff(MANAGER, 'store-a', 'manager')
  await t.staff(OTHER_MANAGER, 'store-b', 'manager')
  await t.staff(ADMIN, 'hq', 'admin')
  await t.register(ALICE, '13812345678')
})
afterEach(() => t.close())

async function accrue(orderId: string, amountFen: number, as = CLERK, member = ALICE) {
  t.nextCode()
  const res = await t.call(as, { action: 'accrue', memberCode: await t.code(member), orderId, amountFen })
  return AccrueResult.parse(res.ok ? res.data : res)
}

describe('till limits and approvals', () => {
  test('above the per-order limit a credit waits; a manager approves it and it is credited once', async () => {
    const held = await accrue('POS-BIG', 600_000)
    expect(held).toEqual({ orderId: 'POS-BIG', status: 'pending_approval', points: 0, balance: 0, duplicate: false, approvalId: 'store-a:POS-BIG', upgradedTo: null })
    expect(t.stored(ALICE).entries).toEqual([])

    const list = await t.call(MANAGER, { action: 'approvals' })
    const [approval] = ApprovalsResult.parse(list.ok && list.data).approvals
    expect(approval).toMatchObject({ approvalId: 'store-a:POS-BIG', amountFen: 600_000, points: 6_000, staffOpenid: CLERK, staffName: '小王', reason: 'per_order_limit', status: 'pending' })

    expect(await t.call(CLERK, { action: 'approve', approvalId: approval.approvalId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.call(OTHER_MANAGER, { action: 'approve', approvalId: approval.approvalId })).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    expect(await t.call(OTHER_MANAGER, { action: 'approvals', storeId: 'store-a' })).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    expect(t.stored(ALICE).entries).toEqual([])

    const approvals = await Promise.all(Array.from({ length: 8 }, () => t.call(MANAGER, { action: 'approve', approvalId: approval.approvalId })))
    const results = approvals.map((r) => AccrueResult.parse(r.ok && r.data))
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
    for (const r of results) expect(r).toMatchObject({ status: 'credited', points: 6_000, balance: 6_000 })
    expect(t.stored(ALICE)).toMatchObject({ balance: 6_000, ledgerSum: 6_000 })
    expect(t.stored(ALICE).entries).toHaveLength(1)
    expect(t.store.rawGet('approvals', 'store-a:POS-BIG')).toMatchObject({ status: 'approved', decidedBy: MANAGER })

    // The till retrying the order now sees it credited.
    expect(await t.call(CLERK, { action: 'accrue', memberCode: (t.store.rawGet('orders', 'store-a:POS-BIG') as { codeKey: string }).codeKey, orderId: 'POS-BIG', amountFen: 600_000 })).toMatchObject({
      ok: true,
      data: { status: 'credited', points: 6_000, duplicate: true },
    })
    expect(await t.call(MANAGER, { action: 'reject', approvalId: approval.approvalId, reason: '太晚了' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_DECIDED' } })
  })

  test('the per-staff daily total: the credit that would pass it waits; the next day starts again', async () => {
    expect(await accrue('POS-1', 400_000)).toMatchObject({ status: 'credited' })
    for (let i = 2; i <= 12; i++) expect(await accrue(`POS-${i}`, 400_000)).toMatchObject({ status: 'credited' })
    // 12 × ¥4,000 = ¥48,000 credited; ¥4,000 more would pass ¥50,000.
    expect(await accrue('POS-13', 400_000)).toMatchObject({ status: 'pending_approval', approvalId: 'store-a:POS-13' })
    expect(await accrue('POS-14', 200_000)).toMatchObject({ status: 'credited' })
    expect(t.store.rawGet('approvals', 'store-a:POS-13')).toMatchObject({ reason: 'daily_limit' })
    t.advance(24 * 60 * 60_000)
    expect(await accrue('POS-15', 400_000)).toMatchObject({ status: 'credited' })
  })

  test('a rejected credit earns nothing; nobody approves their own credit; admins decide for every store', async () => {
    await accrue('POS-A', 600_000)
    const rejected = await t.call(MANAGER, { action: 'reject', approvalId: 'store-a:POS-A', reason: '金额可疑' })
    expect(ApprovalView.parse(rejected.ok && rejected.data)).toMatchObject({ status: 'rejected', decidedBy: MANAGER, rejectReason: '金额可疑' })
    expect(await t.call(MANAGER, { action: 'approve', approvalId: 'store-a:POS-A' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_DECIDED' } })
    expect(await t.call(CLERK, { action: 'refund', orderId: 'POS-A', amountFen: 100 })).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_CREDITED' } })
    expect(t.stored(ALICE).entries).toEqual([])

    await accrue('POS-M', 600_000, MANAGER)
    expect(await t.call(MANAGER, { action: 'approve', approvalId: 'store-a:POS-M' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const all = await t.call(ADMIN, { action: 'approvals' })
    expect(ApprovalsResult.parse(all.ok && all.data).approvals.map((a) => a.approvalId)).toEqual(['store-a:POS-M'])
    expect(await t.call(ADMIN, { action: 'approve', approvalId: 'store-a:POS-M' })).toMatchObject({ ok: true, data: { status: 'credited', balance: 6_000 } })
    expect(await t.call(ADMIN, { action: 'approve', approvalId: 'store-a:nothing' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_NOT_FOUND' } })
  })

  test('a manager cannot approve a credit to their own member account', async () => {
    await t.staff(ALICE, 'store-a', 'manager')
    await accrue('POS-A', 600_000)
    expect(await t.call(ALICE, { action: 'approve', approvalId: 'store-a:POS-A' })).toMatchObject({ ok: false, error: { code: 'SELF_CREDIT_FORBIDDEN' } })
  })
})

describe('staff.anomalies', () => {
  test('bursts and credits outside opening hours, for managers of the store only', async () => {
    await t.addStore('store-a', { open: '09:00', close: '22:00' })
    // 10:00 Shanghai: six credits 10 s apart (a burst), each to Alice (a concentration too).
    for (let i = 1; i <= 6; i++) await accrue(`POS-${i}`, 1_000)
    t.clock.set(new Date('2027-01-31T23:30:00+08:00'), { frozen: true })
    await accrue('POS-NIGHT', 1_000)
    // What is usual here: one credit per (clerk, member) pair.
    t.advance(10 * 60_000)
    await t.register(BOB, '13912345678')
    t.clock.set(new Date('2027-01-31T12:00:00+08:00'), { frozen: true })
    await accrue('POS-B1', 1_000, CLERK, BOB)
    await accrue('POS-B2', 1_000, MANAGER, BOB)

    expect(await t.call(CLERK, { action: 'anomalies' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.call(OTHER_MANAGER, { action: 'anomalies', storeId: 'store-a' })).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    const res = await t.call(MANAGER, { action: 'anomalies', days: 1 })
    const { anomalies, from } = AnomaliesResult.parse(res.ok && res.data)
    expect(from).toBe('2027-01-30T16:00:00.000Z')
    const byKind = Object.fromEntries(anomalies.map((a) => [a.kind, a]))
    expect(byKind.burst).toMatchObject({ staffOpenid: CLERK, count: 6, orderIds: ['POS-1', 'POS-2', 'POS-3', 'POS-4', 'POS-5', 'POS-6'] })
    expect(byKind.outside_hours).toMatchObject({ staffOpenid: CLERK, orderIds: ['POS-NIGHT'] })
    expect(byKind.member_concentration).toMatchObject({ staffOpenid: CLERK, memberId: t.memberId(ALICE), count: 7 })
    const otherStore = await t.call(OTHER_MANAGER, { action: 'anomalies' })
    expect(AnomaliesResult.parse(otherStore.ok && otherStore.data).anomalies).toEqual([])
  })
})
