import { rng } from '../../bench/rng'
import { definition } from '../../cloudfunctions/admin'
import { saveStaff, saveStore } from '../../cloudfunctions/_lib/staff-records'
import { planTiers } from '../../cloudfunctions/_lib/tier-plan'
import { startTierPlan, stepTierPlan, TIER_PLANS, toPlanView, type TierPlanRun } from '../../cloudfunctions/_lib/tier-plan-runs'
import { MEMBER_TIERS } from '../../cloudfunctions/_lib/tiers'
import type { StaffRecord } from '../../shared/staff/staff-record'
import type { MemberTier } from '../../shared/tier/member-tier'
import { DemoTierConfig, TierProgramme } from '../../shared/tier/programme'
import { countingLost, killed, probeCollection } from './db-probes'
import { openHarness, type Harness } from './harness'

/**
 * The console's tier-plan preview runs in steps (admin.tierPlan, then admin.tierPlanStep until done)
 * and ends with exactly the figures of the CLI's straight run over every member, however the steps
 * fall: cut short, racing, or killed before saving.
 */
let h: Harness
beforeEach(async () => {
  h = openHarness(definition) // clock frozen at 2027-01-31 10:00 Shanghai
  const now = h.deps.now()
  await saveStore(h.deps.db, { _id: 'S1', name: '一号店', hours: null, createdAt: now, updatedAt: now })
  for (const [openid, role] of [['boss', 'admin'], ['mgr', 'manager']] as Array<[string, StaffRecord['role']]>)
    await saveStaff(h.deps.db, { _id: openid, openid, role, storeId: 'S1', name: openid, phone: null, active: true, createdAt: now, updatedAt: now })
  await seedTiers(83)
})
afterEach(() => h.close())

const LEVELS = ['basic', 'silver', 'gold', 'black'] as const

/** `n` tier records at every level, with a year of purchases of every size, some on a floor set by hand. */
async function seedTiers(n: number) {
  const r = rng(7)
  for (let i = 0; i < n; i++) {
    const levelId = LEVELS[Math.floor(r() * LEVELS.length)]
    const days: Array<[string, number]> = []
    for (let d = 0; d < Math.floor(r() * 14); d++) days.push([`2026-${String(2 + Math.floor(r() * 10)).padStart(2, '0')}-${String(10 + d).padStart(2, '0')}`, 10_000 + Math.floor(r() * 250_000)])
    days.sort(([a], [b]) => (a < b ? -1 : 1))
    const tier: Omit<MemberTier, '_id'> = {
      openid: `o-${i}`, levelId, terms: '2026', since: '2026-03-01', cycleFloorId: levelId, reviewOn: levelId === 'basic' ? null : '2027-03-01',
      graceUntil: null, warnedFor: null, manual: r() < 0.1 ? { levelId: 'silver', kind: 'floor', by: 'boss', reason: '老客', at: new Date('2026-05-01T00:00:00Z') } : null,
      growth: { since: '2025-06-01', days }, moves: [], updatedAt: new Date('2026-03-01T12:00:00+08:00'),
    } as Omit<MemberTier, '_id'>
    await h.deps.db.collection(MEMBER_TIERS).doc(`m${String(i).padStart(3, '0')}`).set(tier)
  }
}

/** Stricter gold, easier silver, a shorter window: members move both ways. */
const proposal = (): TierProgramme => {
  const v = DemoTierConfig.versions[0]
  return TierProgramme.parse({
    ...v,
    version: 'v2',
    effectiveFrom: '2027-03-01',
    levels: v.levels.map((l) => (l.id === 'silver' ? { ...l, qualify: { spendFen: 120_000 } } : l.id === 'gold' ? { ...l, retain: { spendFen: 700_000, visitDays: 6 } } : l)),
  })
}

const straight = async () => (await planTiers(h.deps.db, proposal(), h.clock.now())).plan

test('through the console, the preview is started by any operator and stepped until done: exactly the CLI\'s straight run', async () => {
  const expected = await straight()
  expect(expected.dryRun.members).toBe(83)
  expect(expected.dryRun.up).toBeGreaterThan(0)
  expect(expected.dryRun.down).toBeGreaterThan(0)
  const first = await h.call('mgr', { action: 'tierPlan', programme: proposal() })
  expect(first).toMatchObject({ ok: true, data: { status: 'done', progress: { counted: 83, percent: 100 } } })
  const { planId: _id, status: _s, progress: _p, ...figures } = first.ok ? first.data : {}
  expect(figures).toEqual(expected)
  // Stepping a finished preview changes nothing; a preview nobody started is refused.
  expect(await h.call('mgr', { action: 'tierPlanStep', planId: first.ok && first.data.planId })).toEqual(first)
  expect(await h.call('mgr', { action: 'tierPlanStep', planId: 'nope' })).toMatchObject({ ok: false, error: { code: 'TIER_PLAN_NOT_FOUND' } })
  expect(await h.call('mgr', { action: 'tierPlan', programme: { version: 'v3' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  expect(await h.call('stranger', { action: 'tierPlanStep', planId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
})

/** Steps the preview until it is done; every answer. */
async function stepAll(planId: string, step: () => Promise<TierPlanRun | null>): Promise<TierPlanRun[]> {
  const seen: TierPlanRun[] = []
  for (let i = 0; i < 200; i++) {
    const p = (await step())!
    seen.push(p)
    if (p.status === 'done') return seen
  }
  throw new Error(`preview ${planId} never finished`)
}

test('steps cut short count on from the cursor: the same figures, whatever the steps', async () => {
  const expected = await straight()
  const plan = await startTierPlan(h.deps, proposal(), 'boss', h.clock.now())
  expect(plan.dryRun.members).toBe(0)
  const seen = await stepAll(plan._id, () => stepTierPlan(h.deps.db, plan._id, h.clock.now(), { pageSize: 5, maxPages: 2 }))
  expect(seen.length).toBe(9) // 83 members, 10 a step
  expect(seen.map((p) => p.dryRun.members)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 83])
  expect(seen[seen.length - 1].dryRun).toEqual(expected.dryRun)
})

test('steps racing from the same cursor count each member once', async () => {
  const expected = await straight()
  const plan = await startTierPlan(h.deps, proposal(), 'boss', h.clock.now())
  let lost = 0
  const db = probeCollection(h.deps.db, TIER_PLANS, { where: (q, real) => (q.cursor === undefined ? real : countingLost(real, () => lost++)) })
  let done: TierPlanRun | undefined
  for (let i = 0; i < 100 && !done; i++) {
    const answers = await Promise.all([1, 2, 3].map(() => stepTierPlan(db, plan._id, h.clock.now(), { pageSize: 4, maxPages: 1 })))
    done = answers.find((p) => p!.status === 'done')!
  }
  expect(lost).toBeGreaterThan(0)
  expect(done!.dryRun).toEqual(expected.dryRun)
  expect((h.store.rawGet(TIER_PLANS, plan._id) as unknown as TierPlanRun).dryRun).toEqual(expected.dryRun)
})

test('a step killed before it saves loses only its unsaved count; the next step counts those members once', async () => {
  const expected = await straight()
  const plan = await startTierPlan(h.deps, proposal(), 'boss', h.clock.now())
  let saves = 0
  const dying = probeCollection(h.deps.db, TIER_PLANS, { where: (q, real) => (q.cursor !== undefined && ++saves === 3 ? killed : real) })
  const step = (db = dying) => stepTierPlan(db, plan._id, h.clock.now(), { pageSize: 5, maxPages: 1 })
  await step()
  await step()
  await expect(step()).rejects.toThrow('killed')
  expect((h.store.rawGet(TIER_PLANS, plan._id) as unknown as TierPlanRun).dryRun.members).toBe(10)
  const seen = await stepAll(plan._id, () => stepTierPlan(h.deps.db, plan._id, h.clock.now(), { pageSize: 5, maxPages: 3 }))
  expect(seen[seen.length - 1].dryRun).toEqual(expected.dryRun)
})

test('a preview compares against the versions in force when it began, even if one is published meanwhile; publishing counts nobody', async () => {
  const expected = await straight()
  const plan = await startTierPlan(h.deps, proposal(), 'boss', h.clock.now())
  await stepTierPlan(h.deps.db, plan._id, h.clock.now(), { pageSize: 5, maxPages: 1 })
  const other = { ...proposal(), version: 'v1b', effectiveFrom: '2027-01-31', levels: DemoTierConfig.versions[0].levels.map((l) => (l.id === 'silver' ? { ...l, qualify: { spendFen: 1 } } : l)) }
  // Publishing reads no tier record at all.
  const reads = probeCollection(h.deps.db, MEMBER_TIERS, { where: () => { throw new Error('read member_tiers') }, doc: () => { throw new Error('read member_tiers') } })
  const publish = definition.build({ ...h.deps, db: reads })
  expect(await publish({ action: 'tierPublish', programme: other }, { identity: { openid: 'boss', unionid: null } })).toMatchObject({ ok: true, data: { proposed: { version: 'v1b' }, current: { version: '2026' } } })
  const seen = await stepAll(plan._id, () => stepTierPlan(h.deps.db, plan._id, h.clock.now()))
  expect(seen[seen.length - 1].dryRun).toEqual(expected.dryRun)
  // A new preview compares against the version now in force.
  const fresh = await h.call('boss', { action: 'tierPlan', programme: proposal() })
  expect(fresh).toMatchObject({ ok: true, data: { current: { version: 'v1b' } } })
})

test('progress: without an insight snapshot no estimate, only the count; previews begun over a day ago are removed', async () => {
  const plan = await startTierPlan(h.deps, proposal(), 'boss', h.clock.now())
  const part = await stepTierPlan(h.deps.db, plan._id, h.clock.now(), { pageSize: 5, maxPages: 1 })
  expect(toPlanView(part!)).toMatchObject({ status: 'running', progress: { counted: 5, estimate: null, percent: null } })
  const step = await h.call('boss', { action: 'tierPlanStep', planId: plan._id })
  expect(step).toMatchObject({ ok: true, data: { status: 'done', progress: { counted: 83, estimate: null, percent: 100 } } })
  h.advance(25 * 3600_000)
  await startTierPlan(h.deps, proposal(), 'boss', h.clock.now())
  expect(h.store.rawCount(TIER_PLANS)).toBe(1)
  expect(await h.call('boss', { action: 'tierPlanStep', planId: plan._id })).toMatchObject({ ok: false, error: { code: 'TIER_PLAN_NOT_FOUND' } })
})
