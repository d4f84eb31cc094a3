import { ACCOUNT_PAGE_SIZE, CONFIG, EARNING_RULES_ID, EXPIRY_WARNINGS } from '../../cloudfunctions/_lib/ledger'
import { definition } from '../../cloudfunctions/points'
import { pointsExpiry } from '../../cloudfunctions/points-expiry/points-expiry'
import { pointsExpiryWarning } from '../../cloudfunctions/points-expiry-warning/points-expiry-warning'
import { loadRegistry } from '../../scripts/server/registry'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { killedAfter, openHarness, type Harness } from './harness'
import { addMember, credit, DAY_MS, spendPoints, stored } from './points-fixtures'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { placeholderOpenid } from '../../shared/member/member-record'
import { contactsOf, grantConsent, sendLog } from './consent-fixtures'

// The harness clock is frozen at 2027-01-31 10:00 Shanghai.
let h: Harness
beforeEach(() => {
  h = openHarness(definition)
})
afterEach(() => h.close())


/**
 * `count` members, each with a lot past its day on 2027-02-02 (member n: n points, one lot of them
 * partly spent) and a lot that lasts; a few members have nothing to expire.
 */
async function seedExpiring(count: number) {
  const due: Record<string, number> = {}
  for (let n = 1; n <= count; n++) {
    const m = await addMember(h, n)
    await credit(h, m._id, `keep:${n}`, 5, '2028-12-31')
    if (n % 10 === 0) continue
    await credit(h, m._id, `old:${n}`, n + 10, '2027-02-01')
    if (n % 3 === 0) await spendPoints(h, m._id, `spend:${n}`, 10) // takes the soonest lot: old
    due[m._id] = n % 3 === 0 ? n : n + 10
  }
  return due
}

const expireEntries = () => (h.store.rawFind('ledger') as unknown as LedgerEntry[]).filter((e) => e.kind === 'expire')

describe('job points-expiry', () => {
  test('expires every lot past its day, across pages; a second run finds nothing', async () => {
    const due = await seedExpiring(ACCOUNT_PAGE_SIZE + 30)
    h.advance(2 * DAY_MS) // 2027-02-02
    const first = await pointsExpiry.run(h.deps, h.clock.now())
    const dueCount = Object.keys(due).length
    const duePoints = Object.values(due).reduce((s, p) => s + p, 0)
    expect(first).toEqual({ today: '2027-02-02', scanned: dueCount, expired: dueCount, lots: dueCount, points: duePoints })
    for (const [memberId, points] of Object.entries(due)) {
      const s = stored(h, memberId)
      expect(s.entries.find((e) => e.kind === 'expire')).toMatchObject({ _id: `exp:old:${Number(memberId.slice(1))}`, points: -points })
      expect(s.account).toMatchObject({ balance: 5, nextExpiryOn: '2028-12-31' })
      expect(s.sum).toBe(5)
    }
    const ledger = h.snapshot('accounts', 'ledger')
    expect(await pointsExpiry.run(h.deps, h.clock.now())).toEqual({ today: '2027-02-02', scanned: 0, expired: 0, lots: 0, points: 0 })
    expect(h.snapshot('accounts', 'ledger')).toBe(ledger)
  })

  test('nothing expires on a lot\'s last day', async () => {
    await seedExpiring(5)
    h.advance(1 * DAY_MS) // 2027-02-01, the old lots' last day
    expect(await pointsExpiry.run(h.deps, h.clock.now())).toMatchObject({ scanned: 0, expired: 0 })
  })

  test('killed half-way, the next run finishes the work with the same result as one clean run', async () => {
    const due = await seedExpiring(60)
    h.advance(2 * DAY_MS)
    await expect(pointsExpiry.run(killedAfter(h.deps, 20), h.clock.now())).rejects.toThrow('killed')
    const partial = expireEntries().length
    expect(partial).toBe(20)
    const rest = await pointsExpiry.run(h.deps, h.clock.now())
    expect(rest).toMatchObject({ expired: Object.keys(due).length - 20 })
    const entries = expireEntries()
    expect(entries.map((e) => e._id).sort()).toEqual(Object.keys(due).map((id) => `exp:old:${Number(id.slice(1))}`).sort())
    for (const memberId of Object.keys(due)) expect(stored(h, memberId).account!.balance).toBe(stored(h, memberId).sum)
  })

  test('racing the member\'s own reads (which expire too) still writes each expiry once', async () => {
    const due = await seedExpiring(30)
    h.advance(2 * DAY_MS)
    const reads = Array.from({ length: 10 }, (_, i) => h.call(`o${i + 1}`, { action: 'summary' }))
    const [summary] = await Promise.all([pointsExpiry.run(h.deps, h.clock.now()), ...reads])
    expect((summary as { scanned: number }).scanned).toBeLessThanOrEqual(Object.keys(due).length)
    expect(expireEntries()).toHaveLength(Object.keys(due).length)
  })

  test('is registered for POST /_dev/jobs and the CLI, each job in its own function folder', () => {
    const { jobs } = loadRegistry()
    expect(jobs.get('points-expiry')).toBe(pointsExpiry)
    expect(jobs.get('points-expiry-warning')).toBe(pointsExpiryWarning)
  })
})

describe('job points-expiry-warning', () => {
  async function seedWarnings() {
    const a = await addMember(h, 1)
    await credit(h, a._id, 'a1', 30, '2027-02-05') // within 7 days
    await credit(h, a._id, 'a2', 20, '2027-02-07') // within 7 days, another day
    const b = await addMember(h, 2)
    await credit(h, b._id, 'b1', 40, '2027-02-07')
    await credit(h, b._id, 'b2', 99, '2028-12-31') // not soon
    const c = await addMember(h, 3)
    await credit(h, c._id, 'c1', 10, '2027-03-31') // outside the window
    // Each subscribe message spends one opt-in of template points-expiry (issue 9).
    for (const m of [a, b, c]) await grantConsent(h.deps, m._id, { 'points-expiry': 3 })
    return { a, b, c }
  }
  const sent = () => h.outbox.list().filter((m) => m.channel === 'subscribe')

  test('messages each member once per expiry day within the window; a second run sends nothing', async () => {
    await seedWarnings()
    const first = await pointsExpiryWarning.run(h.deps, h.clock.now())
    expect(first).toEqual({ today: '2027-01-31', until: '2027-02-07', scanned: 2, warned: 2, messages: 3, alreadyWarned: 0, skipped: 0, failed: 0, noMember: 0, unclaimed: 0 })
    expect(sent().map((m) => [m.to, m.template, m.data.expiresOn, m.data.points]).sort()).toEqual([
      ['o1', 'points-expiry', '2027-02-05', '30'],
      ['o1', 'points-expiry', '2027-02-07', '20'],
      ['o2', 'points-expiry', '2027-02-07', '40'],
    ])
    expect(sent()[0].text).toMatch(/积分将于 2027-02-0\d 后过期/)
    expect(h.store.rawGet(EXPIRY_WARNINGS, 'm0001:2027-02-05')).toMatchObject({ status: 'sent', points: 30, channel: 'subscribe' })
    expect(sendLog(h.store).map((l) => [l._id, l.kind, l.status]).sort()).toEqual([
      ['expiry:m0001:2027-02-05', 'points-expiry', 'sent'],
      ['expiry:m0001:2027-02-07', 'points-expiry', 'sent'],
      ['expiry:m0002:2027-02-07', 'points-expiry', 'sent'],
    ])
    expect(contactsOf(h.store, 'm0001')!.optIns['points-expiry']).toBe(1)
    const again = await pointsExpiryWarning.run(h.deps, h.clock.now())
    expect(again).toMatchObject({ warned: 0, messages: 0, alreadyWarned: 3 })
    h.advance(DAY_MS) // the next day: still nothing new for the same dates
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ messages: 0, alreadyWarned: 3 })
    expect(sent()).toHaveLength(3)
  })

  test('an imported member nobody has opened yet is not messaged (there is no WeChat user behind the placeholder)', async () => {
    const { a } = await seedWarnings()
    await h.deps.db.collection(MEMBERS).doc(a._id).update({ openid: placeholderOpenid(a._id), imported: true })
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ scanned: 2, warned: 1, messages: 1, unclaimed: 1 })
    expect(sent().map((m) => m.to)).toEqual(['o2'])
  })

  test('racing runs send each message once', async () => {
    await seedWarnings()
    await Promise.all([1, 2, 3].map(() => pointsExpiryWarning.run(h.deps, h.clock.now())))
    expect(sent()).toHaveLength(3)
  })

  test('a failed send is not recorded, so the next run tries again', async () => {
    await seedWarnings()
    const down = { ...h.deps, subscribe: { send: () => Promise.reject(new Error('WeChat down')) } }
    expect(await pointsExpiryWarning.run(down, h.clock.now())).toMatchObject({ messages: 0, failed: 3 })
    expect(h.store.rawFind(EXPIRY_WARNINGS)).toEqual([])
    expect(h.errors.length).toBe(3)
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ messages: 3, failed: 0 })
  })

  test('without an opt-in no subscribe message is sent: SMS where the member agreed to it, else skipped and retried by the next run', async () => {
    const { a, b } = await seedWarnings()
    await grantConsent(h.deps, a._id, { 'points-expiry': -3 }) // a has none left
    await grantConsent(h.deps, b._id, { 'points-expiry': -3 }, true) // b has none, but agreed to SMS
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ warned: 1, messages: 1, skipped: 2, failed: 0 })
    expect(sent()).toEqual([])
    expect(h.outbox.list()).toEqual([expect.objectContaining({ channel: 'sms', to: '13900000002', kind: 'points-expiry', memberId: 'm0002' })])
    expect(h.store.rawGet(EXPIRY_WARNINGS, 'm0001:2027-02-05')).toBeUndefined()
    await grantConsent(h.deps, a._id, { 'points-expiry': 1 }) // a opts in (e.g. after their next purchase)
    h.advance(DAY_MS)
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ messages: 1, skipped: 1, alreadyWarned: 1 })
    expect(sent().map((m) => [m.to, m.data.expiresOn])).toEqual([['o1', '2027-02-05']])
  })

  test('the window comes from the earning rules', async () => {
    await seedWarnings()
    await h.deps.db.collection(CONFIG).doc(EARNING_RULES_ID).set({ warningDays: 60 })
    expect(await pointsExpiryWarning.run(h.deps, h.clock.now())).toMatchObject({ until: '2027-04-01', messages: 4 })
  })
})
