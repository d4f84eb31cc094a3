import fc from 'fast-check'
import { currentSnapshot, walkSegment } from '../../cloudfunctions/_lib/segment-walk'
import { MemberTagsResult, SegmentPreviewResult, SegmentView, TagMemberResult } from '../../shared/insight/api'
import { matches, SegmentFilter } from '../../shared/insight/segment'
import { ADMIN, CLERK, data, expectedRows, MANAGER, openInsight, seedPopulation, TAGS, type InsightHarness, type Population } from './insight-fixtures'

const TODAY = '2027-01-31'

let h: InsightHarness
let pop: Population
beforeEach(async () => {
  h = await openInsight()
  pop = await seedPopulation(h, 80, 7)
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

const preview = async (filter: object, as = MANAGER) => SegmentPreviewResult.parse(data(await h.admin(as, { action: 'segmentPreview', filter })))
const ids = (pop: Population) => pop.people.map((p) => p.id).sort()
/** The members a filter must find: every member's facts worked out by hand, tested with `matches`. */
const bruteForce = (filter: SegmentFilter, tags?: Map<string, string[]>) => {
  const want = expectedRows(pop, TODAY, undefined, tags).rows
  return ids(pop).filter((id) => matches(filter, want.get(id)!))
}

describe('admin.segmentPreview', () => {
  test('before the first insight run: not ready', async () => {
    expect(await h.admin(MANAGER, { action: 'segmentPreview', filter: {} })).toMatchObject({ ok: false, error: { code: 'INSIGHT_NOT_READY' } })
  })

  test('counts exactly the members the filter matches, and samples the first 20 of them in member order', async () => {
    await h.job({ chunkSize: 9 })
    const fixed: SegmentFilter[] = [
      {},
      { lifecycle: ['dormant'] },
      { regions: ['山东省'], birthdayMonths: [1, 2, 3, 4, 5, 6] },
      { topSpender: true },
      { tiers: ['gold', 'black'], recency: { min: 3 } },
      { tags: ['亲子'] },
      { convertedInvites: { min: 1 } },
      { couponsUsed: { min: 1 }, mallOrders: { max: 0 } },
      { frequency: { min: 2, max: 4 }, monetary: { max: 3 } },
      { regions: ['上海市'] },
    ]
    const random = fc.sample(
      fc
        .record({
          tiers: fc.option(fc.subarray(['basic', 'silver', 'gold', 'black']), { nil: undefined }),
          lifecycle: fc.option(fc.subarray(['new', 'active', 'at_risk', 'dormant'] as const), { nil: undefined }),
          regions: fc.option(fc.subarray(['山东省', '青岛市', '北京市', '南山区']), { nil: undefined }),
          tags: fc.option(fc.subarray(TAGS), { nil: undefined }),
          recency: fc.option(fc.integer({ min: 1, max: 5 }).map((min) => ({ min })), { nil: undefined }),
          topSpender: fc.option(fc.boolean(), { nil: undefined }),
        })
        .map((f) => SegmentFilter.parse(JSON.parse(JSON.stringify(f)))),
      { numRuns: 25, seed: 42 },
    )
    const counts: number[] = []
    for (const filter of [...fixed, ...random]) {
      const want = bruteForce(filter)
      const got = await preview(filter)
      expect([filter, got.count]).toEqual([filter, want.length])
      expect(got.sample.map((m) => m.memberId)).toEqual(want.slice(0, 20))
      expect(got).toMatchObject({ asOf: TODAY, members: 80 })
      counts.push(want.length)
    }
    // Filters that find none, some and all.
    expect(counts).toContain(0)
    expect(counts).toContain(80)
    expect(counts.some((n) => n > 20 && n < 80)).toBe(true)
  })

  test('a sample row: profile, tier, scores; the phone masked for a manager, whole for an admin', async () => {
    await h.job({ chunkSize: 9 })
    const p = pop.people.find((x) => x.level === 'silver' && x.region.length > 0)!
    const want = expectedRows(pop, TODAY).rows.get(p.id)!
    const filter = { tiers: ['silver'], regions: [p.region[0]] }
    const row = (await preview(filter)).sample.find((m) => m.memberId === p.id)
    expect(row).toEqual({
      memberId: p.id,
      memberNo: p.memberNo,
      nickname: p.nickname,
      phone: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`,
      tier: { id: 'silver', name: { zh: '银杏会员', en: 'Ginkgo' } },
      region: p.region,
      lifecycle: want.lifecycle,
      rfm: `${want.rfm.recency}${want.rfm.frequency}${want.rfm.monetary}`,
      spendFen: want.spendFen,
      topSpender: want.topSpender,
      tags: p.tags,
    })
    expect((await preview(filter, ADMIN)).sample.find((m) => m.memberId === p.id)!.phone).toBe(p.phone)
    expect(await h.admin(CLERK, { action: 'segmentPreview', filter })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
  })

  test('bad filters are refused with the field at fault', async () => {
    await h.job()
    expect(await h.admin(MANAGER, { action: 'segmentPreview', filter: { recency: { min: 6 } } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await h.admin(MANAGER, { action: 'segmentPreview', filter: { city: '北京' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await h.admin(MANAGER, { action: 'segmentPreview' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})

describe('tags by hand', () => {
  test('tagMember replaces the tags (trimmed, once each), is recorded, and counts see it at once, without a new run', async () => {
    await h.job({ chunkSize: 9 })
    const p = pop.people.find((x) => x.tags.length === 0)!
    const q = pop.people.find((x) => x.tags.includes('亲子'))!
    const before = bruteForce({ tags: ['会员日'] })
    expect(before).toEqual([])
    const tagged = TagMemberResult.parse(data(await h.admin(MANAGER, { action: 'tagMember', memberId: p.id, tags: [' 会员日 ', '亲子', '会员日'] })))
    expect(tagged).toEqual({ memberId: p.id, tags: ['会员日', '亲子'] })
    await h.admin(MANAGER, { action: 'tagMember', memberId: q.id, tags: [] })
    const now = new Map([
      [p.id, ['会员日', '亲子']],
      [q.id, []],
    ])
    for (const filter of [{ tags: ['会员日'] }, { tags: ['亲子'] }, { tags: ['亲子', '咖啡控'], lifecycle: ['dormant' as const, 'active' as const] }]) {
      const got = await preview(filter)
      expect([filter, got.count, got.sample.map((m) => m.memberId)]).toEqual([filter, bruteForce(filter, now).length, bruteForce(filter, now).slice(0, 20)])
    }
    expect((await preview({ tags: ['会员日'] })).sample).toEqual([expect.objectContaining({ memberId: p.id, tags: ['会员日', '亲子'] })])

    // A campaign walking the segment sees the same.
    const walked: string[] = []
    expect(await walkSegment(h.deps.db, { tags: ['亲子'] }, 0, async (memberIds) => void walked.push(...memberIds))).toBeNull()
    expect(walked).toEqual(bruteForce({ tags: ['亲子'] }, now))

    const change = (h.store.rawFind('operator_changes') as Array<Record<string, any>>).find((c) => c.targetId === p.id)
    expect(change).toMatchObject({ kind: 'member', action: 'tagMember', before: { tags: [] }, after: { tags: ['会员日', '亲子'] }, by: { openid: MANAGER } })
    expect(h.store.rawGet('member_tags', q.id)).toMatchObject({ tags: [], by: MANAGER })

    const counts = MemberTagsResult.parse(data(await h.admin(MANAGER, { action: 'memberTags' }))).tags
    expect(counts.find((t) => t.tag === '会员日')).toEqual({ tag: '会员日', members: 1 })
    const kids = pop.people.filter((x) => (now.get(x.id) ?? x.tags).includes('亲子')).length
    expect(counts.find((t) => t.tag === '亲子')).toEqual({ tag: '亲子', members: kids })
  })

  test('limits: at most 20 tags of at most 40 characters, none empty; the member must exist', async () => {
    const id = pop.people[0].id
    const tag = (event: object) => h.admin(MANAGER, { action: 'tagMember', memberId: id, ...event })
    expect(await tag({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'tags' } })
    expect(await tag({ tags: ['x'.repeat(41)] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'tags.0' } })
    expect(await tag({ tags: ['  '] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(data(await tag({ tags: Array.from({ length: 20 }, (_, i) => `${'x'.repeat(38)}${i}`) })).tags).toHaveLength(20)
    expect(await h.admin(MANAGER, { action: 'tagMember', memberId: 'nobody', tags: ['a'] })).toMatchObject({ ok: false, error: { code: 'MEMBER_NOT_FOUND' } })
  })
})

describe('saved segments', () => {
  test('save, list, change and delete; counted on the snapshot when saved and previewed; every change recorded', async () => {
    // Saved before any insight run: no count yet.
    const early = SegmentView.parse(data(await h.admin(MANAGER, { action: 'saveSegment', name: ' 沉睡会员 ', filter: { lifecycle: ['dormant'] } })))
    expect(early).toMatchObject({ name: '沉睡会员', lastCount: null, updatedBy: '李店长' })
    await h.job({ chunkSize: 9 })
    const dormant = bruteForce({ lifecycle: ['dormant'] }).length
    h.advance(60_000)
    const changed = SegmentView.parse(data(await h.admin(ADMIN, { action: 'saveSegment', id: early.id, name: '沉睡的大客户', filter: { lifecycle: ['dormant'], topSpender: true } })))
    expect(changed).toMatchObject({ id: early.id, name: '沉睡的大客户', lastCount: { count: bruteForce({ lifecycle: ['dormant'], topSpender: true }).length, asOf: TODAY }, updatedBy: '总部' })
    h.advance(60_000)
    const other = SegmentView.parse(data(await h.admin(MANAGER, { action: 'saveSegment', name: '沉睡', filter: { lifecycle: ['dormant'] } })))
    expect(other.lastCount!.count).toBe(dormant)
    const list = data(await h.admin(MANAGER, { action: 'segments' })).segments.map((s: SegmentView) => SegmentView.parse(s))
    expect(list.map((s: SegmentView) => s.name)).toEqual(['沉睡', '沉睡的大客户'])

    // Previewing a saved segment counts it again and keeps the count on the list.
    await h.admin(MANAGER, { action: 'tagMember', memberId: pop.people[0].id, tags: ['亲子'] })
    await h.admin(MANAGER, { action: 'saveSegment', id: other.id, name: '亲子', filter: { tags: ['亲子'] } })
    await h.admin(MANAGER, { action: 'tagMember', memberId: pop.people[1].id, tags: ['亲子'] })
    const byId = SegmentPreviewResult.parse(data(await h.admin(MANAGER, { action: 'segmentPreview', segmentId: other.id })))
    const kids = bruteForce({ tags: ['亲子'] }, new Map([[pop.people[0].id, ['亲子']], [pop.people[1].id, ['亲子']]])).length
    expect(byId.count).toBe(kids)
    expect(SegmentView.parse(data(await h.admin(MANAGER, { action: 'segments' })).segments.find((s: SegmentView) => s.id === other.id)).lastCount!.count).toBe(kids)

    expect(data(await h.admin(MANAGER, { action: 'deleteSegment', id: early.id }))).toEqual({ id: early.id, deleted: true })
    expect(data(await h.admin(MANAGER, { action: 'segments' })).segments.map((s: SegmentView) => s.id)).toEqual([other.id])
    const recorded = (h.store.rawFind('operator_changes') as Array<Record<string, any>>).filter((c) => c.kind === 'segment')
    expect(recorded.map((c) => [c.action, c.targetId])).toEqual([
      ['save', early.id],
      ['save', early.id],
      ['save', other.id],
      ['save', other.id],
      ['delete', early.id],
    ])
    expect(recorded[1]).toMatchObject({ before: { name: '沉睡会员' }, after: { name: '沉睡的大客户', filter: { topSpender: true } } })
  })

  test('an unknown segment: SEGMENT_NOT_FOUND for change, delete and preview', async () => {
    await h.job()
    for (const event of [
      { action: 'saveSegment', id: 'nope', name: 'x', filter: {} },
      { action: 'deleteSegment', id: 'nope' },
      { action: 'segmentPreview', segmentId: 'nope' },
    ])
      expect(await h.admin(MANAGER, event)).toMatchObject({ ok: false, error: { code: 'SEGMENT_NOT_FOUND' } })
    expect(await h.admin(MANAGER, { action: 'saveSegment', name: '', filter: {} })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'name' } })
  })
})

describe('walking a segment (the campaigns’ contract)', () => {
  test('chunk by chunk from any chunk, stopping when asked, every member once', async () => {
    expect(await currentSnapshot(h.deps.db)).toBeNull()
    expect(await walkSegment(h.deps.db, {}, 0, async () => undefined)).toBeNull()
    await h.job({ chunkSize: 9 })
    expect(await currentSnapshot(h.deps.db)).toEqual({ asOf: TODAY, chunks: 9 })
    const filter: SegmentFilter = { lifecycle: ['active', 'dormant'] }
    const seen: Array<[number, string[]]> = []
    const visit = async (memberIds: string[], chunk: number) => void seen.push([chunk, memberIds])
    let calls = 0
    const stopAfterTwo = () => ++calls % 2 === 0
    let next: number | null = 0
    const steps: Array<number | null> = []
    while (next !== null) steps.push((next = await walkSegment(h.deps.db, filter, next, visit, stopAfterTwo)))
    expect(steps).toEqual([2, 4, 6, 8, null])
    expect(seen.map(([n]) => n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(seen.flatMap(([, m]) => m)).toEqual(bruteForce(filter))
    // From the middle.
    const rest: string[] = []
    expect(await walkSegment(h.deps.db, filter, 7, async (m) => void rest.push(...m))).toBeNull()
    expect(rest).toEqual(seen.filter(([n]) => n >= 7).flatMap(([, m]) => m))
  })
})
