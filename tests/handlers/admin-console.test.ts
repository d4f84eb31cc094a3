import { definition } from '../../cloudfunctions/admin'
import { CONSOLE_LOGINS, login, sessionIdentity, setLogin } from '../../cloudfunctions/_lib/console-auth'
import { loadEarningRules } from '../../cloudfunctions/_lib/ledger'
import { saveStaff, saveStore } from '../../cloudfunctions/_lib/staff-records'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { DemoTierConfig } from '../../shared/tier/programme'
import { openHarness, type Harness } from './harness'

let h: Harness

async function staff(openid: string, role: StaffRecord['role'], storeId: string) {
  const now = h.deps.now()
  await saveStaff(h.deps.db, { _id: openid, openid, role, storeId, name: openid, phone: null, active: true, createdAt: now, updatedAt: now })
}

beforeEach(async () => {
  h = openHarness(definition)
  const now = h.deps.now()
  await saveStore(h.deps.db, { _id: 'S1', name: '一号店', hours: null, createdAt: now, updatedAt: now })
  await saveStore(h.deps.db, { _id: 'S2', name: '二号店', hours: null, createdAt: now, updatedAt: now })
  await staff('boss', 'admin', 'S1')
  await staff('mgr2', 'manager', 'S2')
  await staff('clerk1', 'clerk', 'S1')
})
afterEach(() => h.close())

describe('console sign-in', () => {
  test('a password login opens a session that stands for the staff record; logout ends it', async () => {
    await setLogin(h.deps.db, 'Boss', 'boss', 'correct horse', h.deps.now())
    expect(JSON.stringify(h.store.rawFind(CONSOLE_LOGINS))).not.toContain('correct horse')
    const r = await h.call(null, { action: 'login', username: 'boss', password: 'correct horse' })
    expect(r).toMatchObject({ ok: true, data: { operator: { openid: 'boss', role: 'admin', allStores: true } } })
    const token = r.ok ? (r.data.token as string) : ''
    const identity = await sessionIdentity(h.deps.db, token, h.deps.now())
    expect(identity?.openid).toBe('boss')
    expect(await h.call(null, { action: 'me' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const me = await definition.build(h.deps)({ action: 'me' }, { identity })
    expect(me).toMatchObject({ ok: true, data: { stores: [{ id: 'S1' }, { id: 'S2' }] } })
    await definition.build(h.deps)({ action: 'logout' }, { identity })
    expect(await sessionIdentity(h.deps.db, token, h.deps.now())).toBeNull()
  })

  test('sessions expire after 12 hours', async () => {
    await setLogin(h.deps.db, 'boss', 'boss', 'correct horse', h.deps.now())
    const r = await login(h.deps.db, 'boss', 'correct horse', h.deps.now())
    if (!r.ok) throw new Error('login failed')
    h.advance(12 * 3600_000 - 1000)
    expect(await sessionIdentity(h.deps.db, r.token, h.deps.now())).not.toBeNull()
    h.advance(2000)
    expect(await sessionIdentity(h.deps.db, r.token, h.deps.now())).toBeNull()
    expect(await sessionIdentity(h.deps.db, 'not-a-token-at-all-but-long', h.deps.now())).toBeNull()
  })

  test('a wrong password fails; five lock the login for 15 minutes, even with the right one', async () => {
    await setLogin(h.deps.db, 'boss', 'boss', 'correct horse', h.deps.now())
    expect(await h.call(null, { action: 'login', username: 'nobody', password: 'x' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } })
    for (let i = 0; i < 4; i++) expect(await h.call(null, { action: 'login', username: 'boss', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } })
    expect(await h.call(null, { action: 'login', username: 'boss', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'LOGIN_LOCKED' } })
    expect(await h.call(null, { action: 'login', username: 'boss', password: 'correct horse' })).toMatchObject({ ok: false, error: { code: 'LOGIN_LOCKED' } })
    h.advance(15 * 60_000 + 1000)
    expect(await h.call(null, { action: 'login', username: 'boss', password: 'correct horse' })).toMatchObject({ ok: true })
  })

  test('clerks and strangers are not operators', async () => {
    await setLogin(h.deps.db, 'clerk', 'clerk1', 'correct horse', h.deps.now())
    expect(await h.call(null, { action: 'login', username: 'clerk', password: 'correct horse' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    expect(await h.call('clerk1', { action: 'me' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    expect(await h.call('member-x', { action: 'catalogue', kind: 'coupons' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
  })

  test('a manager sees their own store only', async () => {
    expect(await h.call('mgr2', { action: 'me' })).toMatchObject({ ok: true, data: { role: 'manager', allStores: false, stores: [{ id: 'S2', name: '二号店' }] } })
  })
})

describe('settings', () => {
  test('points rules: defaults, refused for a manager, checked with the functions\' schema, saved and recorded', async () => {
    expect(await h.call('mgr2', { action: 'settings', kind: 'earning' })).toMatchObject({ ok: true, data: { saved: false, value: { rate: { yuan: 1, points: 1 } } } })
    const value = { rate: { yuan: 1, points: 10 } }
    expect(await h.call('mgr2', { action: 'saveSettings', kind: 'earning', value })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const bad = await h.call('boss', { action: 'saveSettings', kind: 'earning', value: { rate: { yuan: 0, points: 10 } } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'rate.yuan' } })
    expect(await loadEarningRules(h.deps.db)).toMatchObject({ rate: { yuan: 1, points: 1 } })
    expect(await h.call('boss', { action: 'saveSettings', kind: 'earning', value })).toMatchObject({ ok: true, data: { saved: true } })
    expect(await loadEarningRules(h.deps.db)).toMatchObject({ rate: { yuan: 1, points: 10 } })
    const log = await h.call('boss', { action: 'changes', kind: 'earning' })
    expect(log).toMatchObject({ ok: true, data: { changes: [{ by: { openid: 'boss', role: 'admin' }, action: 'save', before: null, after: { rate: { yuan: 1, points: 10 } } }] } })
  })

  test('every settings kind reads back what was saved', async () => {
    for (const [kind, value] of [
      ['signin', { dailyPoints: 7, streakRewards: [], cycleDays: null, pointsValidDays: 30 }],
      ['invite', { inviter: { points: 123, couponTemplateId: null }, invitee: { points: 5, couponTemplateId: null }, payOn: 'registration', maxRewardedPerInviter: 10 }],
      ['finance', { pointValue: { fen: 1, points: 2 } }],
    ] as const) {
      const saved = await h.call('boss', { action: 'saveSettings', kind, value })
      expect(saved).toMatchObject({ ok: true })
      expect(await h.call('boss', { action: 'settings', kind })).toMatchObject({ ok: true, data: { saved: true, value } })
    }
  })
})

describe('tiers', () => {
  const proposal = () => ({ ...DemoTierConfig.versions[0], version: 'v2', effectiveFrom: '2027-02-01' })

  test('the dry run saves nothing; publishing adds the version once, and not in the past', async () => {
    const plan = await h.call('mgr2', { action: 'tierPlan', programme: proposal() })
    expect(plan).toMatchObject({ ok: true, data: { proposed: { version: 'v2' }, dryRun: { members: 0 } } })
    expect((await h.call('boss', { action: 'tiers' })).ok && (await h.call('boss', { action: 'tiers' }))).toMatchObject({ data: { versions: [{ version: DemoTierConfig.versions[0].version }] } })
    expect(await h.call('mgr2', { action: 'tierPublish', programme: proposal() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await h.call('boss', { action: 'tierPublish', programme: { ...proposal(), effectiveFrom: '2027-01-01' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await h.call('boss', { action: 'tierPublish', programme: proposal() })).toMatchObject({ ok: true })
    expect(await h.call('boss', { action: 'tierPublish', programme: proposal() })).toMatchObject({ ok: false, error: { code: 'VERSION_EXISTS' } })
    const tiers = await h.call('boss', { action: 'tiers' })
    expect(tiers.ok && tiers.data.versions.map((v: { version: string }) => v.version)).toEqual([DemoTierConfig.versions[0].version, 'v2'])
    expect(await h.call('boss', { action: 'tierPlan', programme: { version: 'v3' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})

describe('catalogue', () => {
  const template = { id: 'cash-10', title: '满50减10', kind: 'cash', offFen: 1000, thresholdFen: 5000, validity: { kind: 'days', days: 30 }, totalLimit: 100, claimable: true }
  const item = { id: 'latte', title: '拿铁', category: '饮品', kind: 'goods', fulfilment: 'pickup', pricePoints: 600, stock: 50 }

  test('coupon templates and mall items are saved through the functions\' own save (pools made once), listed with what is left, and restocked', async () => {
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'coupons', value: template })).toMatchObject({ ok: true, data: { id: 'cash-10', created: true } })
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'coupons', value: { ...template, title: '满50减10（改）' } })).toMatchObject({ ok: true, data: { created: false } })
    expect(await h.call('boss', { action: 'catalogue', kind: 'coupons' })).toMatchObject({ ok: true, data: { rows: [{ id: 'cash-10', title: '满50减10（改）', left: 100 }] } })
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'items', value: { ...item, kind: 'coupon', fulfilment: null, couponTemplateId: 'nope' } })).toMatchObject({ ok: false, error: { code: 'TEMPLATE_NOT_FOUND' } })
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'items', value: { ...item, pricePoints: -1 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'pricePoints' } })
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'items', value: item })).toMatchObject({ ok: true })
    expect(await h.call('boss', { action: 'restock', itemId: 'latte', units: 25 })).toMatchObject({ ok: true, data: { stock: 75 } })
    expect(await h.call('boss', { action: 'restock', itemId: 'latte', units: -100 })).toMatchObject({ ok: true, data: { stock: 0 } })
    expect(await h.call('boss', { action: 'catalogue', kind: 'items' })).toMatchObject({ ok: true, data: { rows: [{ id: 'latte', stockLeft: 0 }] } })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'coupons', value: template })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const log = await h.call('boss', { action: 'changes', targetId: 'latte' })
    expect(log.ok && log.data.changes.map((c: { action: string }) => c.action)).toEqual(['restock', 'restock', 'save'])
  })

  test('a manager runs their own store and its clerks, nothing more', async () => {
    expect(await h.call('mgr2', { action: 'catalogue', kind: 'stores' })).toMatchObject({ ok: true, data: { rows: [{ id: 'S2' }] } })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'stores', value: { id: 'S2', name: '二号店（新）', hours: { open: '09:00', close: '22:00' } } })).toMatchObject({ ok: true })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'stores', value: { id: 'S2', name: '二号店', mallId: 'M1' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'stores', value: { id: 'S1', name: 'x' } })).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'staff', value: { openid: 'new-clerk', role: 'clerk', storeId: 'S2' } })).toMatchObject({ ok: true, data: { created: true } })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'staff', value: { openid: 'new-mgr', role: 'manager', storeId: 'S2' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await h.call('mgr2', { action: 'saveCatalogue', kind: 'staff', value: { openid: 'clerk1', role: 'clerk', storeId: 'S2' } })).toMatchObject({ ok: false, error: { code: 'STORE_MISMATCH' } })
    expect(await h.call('mgr2', { action: 'catalogue', kind: 'staff' })).toMatchObject({ ok: true, data: { rows: [{ id: 'mgr2' }, { id: 'new-clerk' }] } })
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'staff', value: { openid: 'boss', role: 'admin', storeId: 'S1', active: false } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await h.call('boss', { action: 'saveCatalogue', kind: 'stores', value: { id: 'S3', name: '三号店', mallId: 'M1' } })).toMatchObject({ ok: true })
    // The manager's view of the record is their store's changes; the admin's is everyone's.
    const mine = await h.call('mgr2', { action: 'changes' })
    expect(mine.ok && mine.data.changes.every((c: { by: { openid: string } }) => c.by.openid === 'mgr2')).toBe(true)
    const all = await h.call('boss', { action: 'changes' })
    expect(all.ok && all.data.changes[0]).toMatchObject({ kind: 'stores', targetId: 'S3', by: { openid: 'boss' } })
  })

  test('the record pages newest first', async () => {
    for (let i = 0; i < 55; i++) {
      await h.call('boss', { action: 'saveSettings', kind: 'signin', value: { dailyPoints: i + 1 } })
      h.advance(1000)
    }
    const first = await h.call('boss', { action: 'changes' })
    if (!first.ok) throw new Error('changes failed')
    expect(first.data.changes).toHaveLength(50)
    expect(first.data.changes[0].after).toMatchObject({ dailyPoints: 55 })
    const second = await h.call('boss', { action: 'changes', cursor: first.data.nextCursor })
    expect(second.ok && second.data.changes.map((c: { after: { dailyPoints: number } }) => c.after.dailyPoints)).toEqual([5, 4, 3, 2, 1])
    expect(second.ok && second.data.nextCursor).toBeNull()
  })
})
