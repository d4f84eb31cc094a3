import { INSIGHT_CHUNKS, INSIGHT_RUNS } from '../../cloudfunctions/_lib/insight-runs'
import type { Database } from '../../cloudfunctions/_lib/deps'
import { runMemberInsight } from '../../cloudfunctions/_lib/insight-job'
import { InsightOverview, MemberInsightResult } from '../../shared/insight/api'
import { ADMIN, data, expectedRows, MANAGER, openInsight, seedPopulation, type InsightHarness, type Population } from './insight-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai.
const DAY = 86_400_000
const TODAY = '2027-01-31'

let h: InsightHarness
let pop: Population
beforeEach(async () => {
  h = await openInsight()
  pop = await seedPopulation(h, 60)
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

const overview = async () => InsightOverview.parse(data(await h.admin(MANAGER, { action: 'insight' })))
const memberInsight = async (memberId: string) => MemberInsightResult.parse(data(await h.admin(MANAGER, { action: 'memberInsight', memberId })))

test('the snapshot holds every member as worked out from their tiers, ledger, coupons, mall orders and invites', async () => {
  expect(await h.job({ chunkSize: 7 })).toEqual({ day: TODAY, status: 'done', chunks: 9, members: 60, wrote: 9 })
  const want = expectedRows(pop, TODAY)
  const rows = await h.snapshotRows()
  expect(rows.map((r) => r.memberId)).toEqual(pop.people.map((p) => p.id).sort())
  for (const r of rows) {
    const { memberId, ...w } = want.rows.get(r.memberId)!
    expect({ memberId, ...w }).toEqual({
      memberId: r.memberId,
      tierId: r.tierId,
      lifecycle: r.lifecycle,
      region: r.region,
      birthday: r.birthday,
      tags: r.tags,
      rfm: { recency: r.rfm.recency, frequency: r.rfm.frequency, monetary: r.rfm.monetary },
      topSpender: r.topSpender,
      convertedInvites: r.convertedInvites,
      couponsUsed: r.couponsUsed,
      mallOrders: r.mallOrders,
      spendFen: r.spendFen,
      visits: r.visits,
      lastVisit: r.lastVisit,
      preferredStore: r.preferredStore,
      preferredChannel: r.preferredChannel,
      channels: r.channels,
      unclaimed: r.unclaimed,
    })
  }
  // The population exercises what it should: imported members, top spenders, invites, stores.
  expect(rows.some((r) => r.unclaimed) && rows.some((r) => r.topSpender) && rows.some((r) => r.convertedInvites > 0) && rows.some((r) => r.preferredStore === 'S2')).toBe(true)

  // The top spenders' share of sales, exactly.
  const o = await overview()
  const spenders = rows.filter((r) => r.spendFen > 0)
  expect(o.top).toEqual({
    topSharePercent: 20,
    spenders: spenders.length,
    members: rows.filter((r) => r.topSpender).length,
    thresholdFen: want.thresholdFen,
    groupSpendFen: want.groupSpendFen,
    totalSpendFen: want.totalSpendFen,
    sharePercent: Math.round((want.groupSpendFen * 10_000) / want.totalSpendFen) / 100,
  })
  expect(o.top.members).toBeGreaterThanOrEqual(Math.ceil(spenders.length * 0.2))
  expect(o).toMatchObject({ asOf: TODAY, members: 60, unclaimed: rows.filter((r) => r.unclaimed).length, windowDays: 365, running: null })
  expect(o.lifecycle.dormant).toBe(rows.filter((r) => r.lifecycle === 'dormant').length)
  expect(o.rfm.grid[4][0]).toBe(rows.filter((r) => r.rfm.recency === 5 && r.rfm.frequency === 1).length)
  expect(o.rfm.monetary.reduce((a, b) => a + b, 0)).toBe(60)
})

test('a member’s page shows their row, tier and store by name; a member who joined after the snapshot has none yet', async () => {
  await h.job({ chunkSize: 7 })
  const want = expectedRows(pop, TODAY).rows
  const p = pop.people.find((x) => want.get(x.id)!.preferredStore !== null && x.level === 'gold')!
  const w = want.get(p.id)!
  const view = await memberInsight(p.id)
  expect(view.asOf).toBe(TODAY)
  expect(view.tags).toEqual(p.tags)
  expect(view.insight).toMatchObject({
    tier: { id: 'gold', name: { zh: '金桂会员' } },
    lifecycle: w.lifecycle,
    spendFen: w.spendFen,
    visits: w.visits,
    lastVisit: w.lastVisit,
    preferredStore: { id: w.preferredStore, name: `门店 ${w.preferredStore}` },
    preferredChannel: w.preferredChannel,
    convertedInvites: w.convertedInvites,
    windowDays: 365,
  })
  expect(view.insight!.rfm.code).toBe(`${w.rfm.recency}${w.rfm.frequency}${w.rfm.monetary}`)
  expect(view.insight!.daysSinceVisit).toBe(w.lastVisit === null ? null : Math.round((Date.parse(TODAY) - Date.parse(w.lastVisit)) / DAY))

  // Registered after the run: in no chunk until the next one.
  const { _id, ...record } = h.store.rawGet('members', p.id) as { _id: string }
  await h.deps.db.collection('members').doc('ffffffffffffffffffffffff').set({ ...record, phone: '13700000000', memberNo: '3000000000', openid: 'late' })
  expect(await memberInsight('ffffffffffffffffffffffff')).toEqual({ asOf: TODAY, insight: null, tags: [] })
  expect(await h.admin(MANAGER, { action: 'memberInsight', memberId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'MEMBER_NOT_FOUND' } })
})

test('before the first run: the overview is not ready and a member has no insight; a second run the same day does nothing', async () => {
  expect(await h.admin(MANAGER, { action: 'insight' })).toMatchObject({ ok: false, error: { code: 'INSIGHT_NOT_READY' } })
  expect(await memberInsight(pop.people[0].id)).toEqual({ asOf: null, insight: null, tags: pop.people[0].tags })
  await h.job({ chunkSize: 7 })
  const before = h.snapshot(INSIGHT_RUNS, INSIGHT_CHUNKS)
  h.advance(3 * 3600_000)
  expect(await h.job({ chunkSize: 7 })).toEqual({ day: TODAY, status: 'unchanged', chunks: 9, members: 60, wrote: 0 })
  expect(h.snapshot(INSIGHT_RUNS, INSIGHT_CHUNKS)).toBe(before)
})

/** The snapshot as the member pages and segments see it, and the run's figures. */
const outcome = async (x: InsightHarness) => {
  const o = InsightOverview.parse(data(await x.admin(ADMIN, { action: 'insight' })))
  return { rows: await x.snapshotRows(), top: o.top, lifecycle: o.lifecycle, rfm: o.rfm, members: o.members }
}

test('a run stopped between chunks is not in effect until it finishes, and resumes to the same snapshot as a run straight through', async () => {
  expect(await h.job({ chunkSize: 7, maxChunks: 2 })).toMatchObject({ status: 'paused', chunks: 2, wrote: 2 })
  expect(await h.admin(MANAGER, { action: 'insight' })).toMatchObject({ ok: false, error: { code: 'INSIGHT_NOT_READY' } })
  h.advance(3600_000)
  expect(await h.job({ chunkSize: 7, maxChunks: 3 })).toMatchObject({ status: 'paused', chunks: 5, wrote: 3 })
  expect(await h.job({ chunkSize: 7 })).toMatchObject({ status: 'done', chunks: 9, members: 60, wrote: 4 })
  expect((h.store.rawGet(INSIGHT_RUNS, TODAY) as { invocations: number }).invocations).toBe(3)
  const resumed = await outcome(h)
  h.close()

  h = await openInsight()
  pop = await seedPopulation(h, 60)
  await h.job({ chunkSize: 7 })
  expect(await outcome(h)).toEqual(resumed)
})

test('a call that dies after writing a chunk but before moving the cursor: the next writes that chunk again, counted once', async () => {
  // The third cursor move fails, as if the process were killed there.
  let moves = 0
  const db = new Proxy(h.deps.db, {
    get(target, prop) {
      if (prop === 'collection')
        return (name: string) => {
          const c = target.collection(name)
          if (name !== INSIGHT_RUNS) return c
          return new Proxy(c, {
            get(ct, p) {
              if (p === 'where')
                return (q: { chunks?: number }) => {
                  const w = ct.where(q)
                  if (q.chunks !== undefined && ++moves === 3) return { update: async () => Promise.reject(new Error('killed')) }
                  return w
                }
              const v = Reflect.get(ct, p)
              return typeof v === 'function' ? v.bind(ct) : v
            },
          })
        }
      const v = Reflect.get(target, prop)
      return typeof v === 'function' ? v.bind(target) : v
    },
  }) as Database
  await expect(runMemberInsight({ ...h.deps, db }, h.clock.now(), { chunkSize: 7 })).rejects.toThrow('killed')
  expect(h.store.rawCount(INSIGHT_CHUNKS)).toBe(3) // the third was written, its cursor not moved
  expect(await h.job({ chunkSize: 7 })).toMatchObject({ status: 'done', chunks: 9, members: 60, wrote: 7 })
  const resumed = await outcome(h)
  expect(resumed.members).toBe(60)
  h.close()

  h = await openInsight()
  pop = await seedPopulation(h, 60)
  await h.job({ chunkSize: 7 })
  expect(await outcome(h)).toEqual(resumed)
})

test('the next day’s snapshot replaces the last only when complete; the one before stays until then, older ones go', async () => {
  await h.job({ chunkSize: 7 })
  h.advance(DAY)
  expect(await h.job({ chunkSize: 10, maxChunks: 1 })).toMatchObject({ day: '2027-02-01', status: 'paused', chunks: 1 })
  const o = await overview()
  expect(o.asOf).toBe(TODAY)
  expect(o.running).toEqual({ day: '2027-02-01', pass: 'members', chunks: 1, members: 10 })
  expect((await memberInsight(pop.people[0].id)).asOf).toBe(TODAY)
  await h.job()
  expect((await overview()).asOf).toBe('2027-02-01')
  const runs = () => (h.store.rawFind(INSIGHT_RUNS) as Array<{ _id: string }>).map((r) => r._id).sort()
  const chunkRuns = () => [...new Set((h.store.rawFind(INSIGHT_CHUNKS) as Array<{ run: string }>).map((c) => c.run))].sort()
  expect(runs()).toEqual(['2027-01-31', '2027-02-01', 'current'])
  expect(chunkRuns()).toEqual(['2027-01-31', '2027-02-01'])
  // A day on, with a run of the day before that never finished: both older ones are removed.
  h.advance(DAY)
  await h.job({ chunkSize: 10, maxChunks: 1 })
  h.advance(DAY)
  await h.job({ chunkSize: 10 })
  expect(runs()).toEqual(['2027-02-01', '2027-02-03', 'current'])
  expect(chunkRuns()).toEqual(['2027-02-01', '2027-02-03'])
  expect(h.store.rawGet(INSIGHT_RUNS, 'current')).toMatchObject({ run: '2027-02-03', previous: '2027-02-01' })
})

test('settings in force when a run begins are used throughout: bands, lifecycle days and the top share', async () => {
  const config = { windowDays: 180, recencyDays: [7, 30, 60, 120], frequencyVisits: [1, 2, 3, 5], monetaryFen: [5_000, 20_000, 60_000, 150_000], newDays: 60, activeDays: 30, atRiskDays: 90, topSharePercent: 10 }
  expect(data(await h.admin(ADMIN, { action: 'saveSettings', kind: 'insight', value: config })).saved).toBe(true)
  await h.job({ chunkSize: 7, maxChunks: 1 })
  // Changed half way: the run goes on with what it began with.
  await h.admin(ADMIN, { action: 'saveSettings', kind: 'insight', value: { ...config, topSharePercent: 40 } })
  await h.job({ chunkSize: 7 })
  const want = expectedRows(pop, TODAY, config).rows
  const rows = await h.snapshotRows()
  const seen = rows.map((r) => ({ memberId: r.memberId, rfm: { recency: r.rfm.recency, frequency: r.rfm.frequency, monetary: r.rfm.monetary }, lifecycle: r.lifecycle, topSpender: r.topSpender, couponsUsed: r.couponsUsed }))
  expect(seen).toEqual(rows.map((r) => {
    const w = want.get(r.memberId)!
    return { memberId: r.memberId, rfm: w.rfm, lifecycle: w.lifecycle, topSpender: w.topSpender, couponsUsed: w.couponsUsed }
  }))
  // The settings make a difference here (else this test would prove nothing).
  expect(rows.some((r) => r.lifecycle !== expectedRows(pop, TODAY).rows.get(r.memberId)!.lifecycle)).toBe(true)
  const o = await overview()
  expect(o.top.topSharePercent).toBe(10)
  expect(o.windowDays).toBe(180)
})
