import { openReports, type ReportsHarness } from './reports-fixtures'

const [ALICE, BOB] = ['m-alice', 'm-bob']

let h: ReportsHarness
beforeAll(async () => {
  h = openReports()
  await h.shop('T1', 'MALL1')
  await h.shop('T2', 'MALL1')
  await h.staff('clerk-t1', 'T1', 'clerk')
  await h.staff('clerk-t2', 'T2', 'clerk')
  await h.staff('mgr-t1', 'T1', 'manager')
  await h.staff('admin', 'T2', 'admin')
  await h.staff('gone', 'T1', 'manager', { active: false })
  await h.register(ALICE, '13900000001')
  await h.register(BOB, '13900000002')
  await h.accrue('clerk-t1', ALICE, 'P1', 10_000)
  await h.accrue('clerk-t2', BOB, 'P2', 25_000)
})
afterAll(() => h.close())

const report = (as: string, input: object) => h.admin(as, { action: 'report', ...input })
const stores = (data: any) => data.months.flatMap((m: any) => m.byStore.map((s: any) => s.storeId))

test('a manager sees their own store only, and only the reports that have stores', async () => {
  const own = await report('mgr-t1', { name: 'points' })
  expect(own).toMatchObject({ ok: true, data: { name: 'points', csv: null } })
  expect(stores((own as any).data.data)).toEqual(['T1'])
  expect((own as any).data.data.months[0].total.issued).toBe(100)
  expect(await report('mgr-t1', { name: 'points', storeId: 'T1' })).toMatchObject({ ok: true })
  expect(await report('mgr-t1', { name: 'points', storeId: 'T2' })).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
  for (const name of ['liability', 'coupons', 'tiers']) expect(await report('mgr-t1', { name })).toMatchObject({ ok: false, error: { code: 'REPORT_NOT_PER_STORE' } })
  const settlement = (await report('mgr-t1', { name: 'settlement' })) as any
  expect(settlement.data.data.malls[0].tenants.map((t: any) => t.storeId)).toEqual(['T1'])
  expect(settlement.data.data.reconciliation).toBeNull()
})

test('an admin sees every store, or the one asked for', async () => {
  const all = (await report('admin', { name: 'points' })) as any
  expect(stores(all.data.data)).toEqual(['T1', 'T2'])
  const one = (await report('admin', { name: 'cost', storeId: 'T2', format: 'csv' })) as any
  expect(one.data.data.overall).toMatchObject({ salesFen: 25_000, pointsIssued: 250 })
  expect(one.data.filename).toMatch(/^huika-cost-T2-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(one.data.csv).toContain('\r\n2027-01,T2,25000,')
  expect(await report('admin', { name: 'liability', storeId: 'T2' })).toMatchObject({ ok: false, error: { code: 'REPORT_NOT_PER_STORE' } })
  expect(await report('admin', { name: 'liability' })).toMatchObject({ ok: true, data: { data: { outstandingPoints: 350 } } })
})

test('clerks, removed operators and strangers get nothing; bad input is refused', async () => {
  for (const who of ['clerk-t1', 'gone', 'nobody']) expect(await report(who, { name: 'points' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
  expect(await report('admin', { name: 'profit' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'name' } })
  expect(await report('admin', { name: 'points', from: '2027-13' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'from' } })
  expect(await report('admin', { name: 'points', from: '2027-03', to: '2027-01' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'from' } })
})
