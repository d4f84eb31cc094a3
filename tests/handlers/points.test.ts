import { isDuplicate } from '../../cloudfunctions/_lib/db-errors'
import { appendEntries, CONFIG, EARNING_RULES_ID, loadAccount, loadEarningRules, saveAccount } from '../../cloudfunctions/_lib/ledger'
import { commit, withTransaction } from '../../cloudfunctions/_lib/transaction'
import { definition as memberDefinition } from '../../cloudfunctions/member'
import { definition } from '../../cloudfunctions/points'
import { earn } from '../../shared/points/account'
import { DefaultEarningRules } from '../../shared/points/earning-rules'
import { HistoryResult, PointsSummary } from '../../shared/points/schemas'
import { openHarness, type Harness } from './harness'
import { addMember, credit, DAY_MS, reverse, spendPoints, stored } from './points-fixtures'

// The harness clock is frozen at 2027-01-31 10:00 Shanghai.
let h: Harness
beforeEach(() => {
  h = openHarness(definition)
})
afterEach(() => h.close())

describe('points.summary', () => {
  test('a caller who is not a member gets NOT_REGISTERED', async () => {
    expect(await h.call('nobody', { action: 'summary' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
    expect(await h.call('nobody', { action: 'history' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  })

  test('a member without points has an empty summary', async () => {
    await addMember(h, 1)
    const res = await h.call('o1', { action: 'summary' })
    expect(res).toEqual({ ok: true, data: PointsSummary.parse({ balance: 0, available: 0, pending: 0, pendingLots: [], expiringSoon: 0, expiringSoonDays: 30, nextExpiry: null, expiries: [], shortfall: 0 }) })
  })

  test('balance, pending by day, expiring soon and every expiry, from the stored account', async () => {
    const m = await addMember(h, 1)
    await credit(h, m._id, 'e1', 100, '2027-02-20')
    await credit(h, m._id, 'e2', 50, '2028-12-31', '2027-02-07')
    await spendPoints(h, m._id, 's1', 30)
    const res = await h.call('o1', { action: 'summary' })
    expect(res).toEqual({
      ok: true,
      data: {
        balance: 120,
        available: 70,
        pending: 50,
        pendingLots: [{ availableOn: '2027-02-07', points: 50 }],
        expiringSoon: 70,
        expiringSoonDays: 30,
        nextExpiry: { date: '2027-02-20', points: 70 },
        expiries: [
          { date: '2027-02-20', points: 70 },
          { date: '2028-12-31', points: 50 },
        ],
        shortfall: 0,
      },
    })
  })

  test('shows the shortfall left by a refund of spent points', async () => {
    const m = await addMember(h, 1)
    await credit(h, m._id, 'e1', 100, '2028-12-31')
    await spendPoints(h, m._id, 's1', 80)
    await reverse(h, m._id, 'rev:1', 'e1', 100)
    expect(await h.call('o1', { action: 'summary' })).toMatchObject({ ok: true, data: { balance: 0, shortfall: 80 } })
    const { account, sum } = stored(h, m._id)
    expect(account!.balance).toBe(sum)
  })

  test('reading after a lot passed its day writes its expiry first, so the summary matches the ledger', async () => {
    const m = await addMember(h, 1)
    await credit(h, m._id, 'e1', 100, '2027-02-01')
    await credit(h, m._id, 'e2', 10, '2027-12-31')
    h.advance(2 * DAY_MS) // 2027-02-02: e1 is past its last day
    expect(await h.call('o1', { action: 'summary' })).toMatchObject({ ok: true, data: { balance: 10 } })
    const { entries, account, sum } = stored(h, m._id)
    expect(entries.find((e) => e._id === 'exp:e1')).toMatchObject({ kind: 'expire', points: -100 })
    expect(account!.balance).toBe(10)
    expect(sum).toBe(10)
  })

  test('the earning rules come from config/earning, with defaults for what it omits', async () => {
    const m = await addMember(h, 1)
    await credit(h, m._id, 'e1', 10, '2027-02-20')
    expect(await loadEarningRules(h.deps.db)).toEqual(DefaultEarningRules)
    await h.deps.db.collection(CONFIG).doc(EARNING_RULES_ID).set({ expiringSoonDays: 7, rate: { yuan: 1, points: 10 } })
    expect(await loadEarningRules(h.deps.db)).toEqual({ ...DefaultEarningRules, expiringSoonDays: 7, rate: { yuan: 1, points: 10 } })
    expect(await h.call('o1', { action: 'summary' })).toMatchObject({ ok: true, data: { expiringSoon: 0, expiringSoonDays: 7 } })
  })
})

describe('points.history', () => {
  test('pages newest first, 20 at a time, and ends with a null cursor', async () => {
    const m = await addMember(h, 1)
    for (let i = 1; i <= 45; i++) {
      await credit(h, m._id, `e${i}`, i, '2028-12-31')
      h.advance(1000)
    }
    const seen: string[] = []
    let cursor: string | undefined
    const sizes: number[] = []
    do {
      const res = await h.call('o1', { action: 'history', ...(cursor ? { cursor } : {}) })
      if (!res.ok) throw new Error(res.error.code)
      const page = HistoryResult.parse(res.data)
      sizes.push(page.entries.length)
      seen.push(...page.entries.map((e) => e.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(sizes).toEqual([20, 20, 5])
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `e${45 - i}`))
  })

  test('entries written while the member scrolls neither repeat nor skip anything on later pages', async () => {
    const m = await addMember(h, 1)
    for (let i = 1; i <= 25; i++) await credit(h, m._id, `e${i}`, 1, '2028-12-31')
    const first = await h.call('o1', { action: 'history' })
    if (!first.ok) throw new Error(first.error.code)
    for (let i = 26; i <= 30; i++) await credit(h, m._id, `e${i}`, 1, '2028-12-31')
    const second = await h.call('o1', { action: 'history', cursor: first.data.nextCursor })
    if (!second.ok) throw new Error(second.error.code)
    expect([...first.data.entries, ...second.data.entries].map((e: { id: string }) => e.id)).toEqual(Array.from({ length: 25 }, (_, i) => `e${25 - i}`))
    expect(second.data.nextCursor).toBeNull()
  })

  test('shows each entry as the member should see it, and only their own', async () => {
    const m = await addMember(h, 1)
    const other = await addMember(h, 2)
    await credit(h, m._id, 'e1', 100, '2028-12-31', '2027-02-07')
    await credit(h, other._id, 'x1', 5, '2028-12-31')
    await reverse(h, m._id, 'rev:1', 'e1', 40)
    const res = await h.call('o1', { action: 'history' })
    expect(res).toMatchObject({
      ok: true,
      data: {
        entries: [
          { id: 'rev:1', kind: 'reverse', points: -40, voids: 'e1', storeId: 'S1', expiresOn: null },
          { id: 'e1', kind: 'earn', points: 100, expiresOn: '2028-12-31', availableOn: '2027-02-07', voids: null, createdAt: '2027-01-31T02:00:00.000Z' },
        ],
        nextCursor: null,
      },
    })
  })

  test('a cursor it did not give out is INVALID_INPUT on field cursor', async () => {
    await addMember(h, 1)
    for (const cursor of ['abc', '0', '-1', '1e3', '12345678901234567'])
      expect(await h.call('o1', { action: 'history', cursor })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'cursor' } })
  })
})

describe('ledger writes', () => {
  test('a repeated entry id collides: the retry writes nothing', async () => {
    const m = await addMember(h, 1)
    await credit(h, m._id, 'earn:S1:order-1', 100, '2028-12-31')
    const before = h.snapshot('accounts', 'ledger')
    const err = await credit(h, m._id, 'earn:S1:order-1', 100, '2028-12-31').catch((e) => e)
    expect(isDuplicate(err)).toBe(true)
    expect(h.snapshot('accounts', 'ledger')).toBe(before)
  })

  test('racing writers on one account lose no update: the account is the lock', async () => {
    const m = await addMember(h, 1)
    await Promise.all(Array.from({ length: 12 }, (_, i) => credit(h, m._id, `e${i}`, 10, '2028-12-31')))
    const { account, entries, sum } = stored(h, m._id)
    expect(account!.balance).toBe(120)
    expect(sum).toBe(120)
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })

  test('saveAccount and loadAccount round-trip the account through the store', async () => {
    const m = await addMember(h, 1)
    const change = await withTransaction(h.deps.db, async (tx) => {
      const c = earn(await loadAccount(tx, m._id), { entryId: 'e1', points: 7, expiresOn: '2028-12-31', availableOn: null, orderKey: 'S1:1', source: { kind: 'admin', id: 'ops', storeId: null }, reason: '补发', now: h.clock.now() })
      await saveAccount(tx, c.account)
      await appendEntries(tx, c.entries)
      return commit(c)
    })
    const loaded = await withTransaction(h.deps.db, async (tx) => commit(await loadAccount(tx, m._id)))
    expect(loaded).toEqual(change.account)
  })
})

test('member.me shows the live balance', async () => {
  const member = memberDefinition.build(h.deps)
  const m = await addMember(h, 1)
  await credit(h, m._id, 'e1', 88, '2028-12-31')
  const res = await member({ action: 'me' }, { identity: { openid: 'o1', unionid: null } })
  expect(res).toMatchObject({ ok: true, data: { memberId: m._id, points: 88 } })
})
