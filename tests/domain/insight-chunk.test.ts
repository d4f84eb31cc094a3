import fc from 'fast-check'
import { addDays, daysBetween } from '../../shared/day'
import { chunkOfMember, decodeChunk, encodeChunk, indexOfMember, rowAt } from '../../shared/insight/chunk'
import { chunkMatcher } from '../../shared/insight/chunk-filter'
import { addTotals, emptyTotals, factsOf, type InsightRow } from '../../shared/insight/member-row'
import { CHANNELS, channelOfEntry, Engagement, preferredChannel } from '../../shared/insight/preference'
import { matches, SegmentFilter } from '../../shared/insight/segment'

const AS_OF = '2027-06-15'
const TIERS = ['basic', 'silver', 'gold', 'jade']
const REGIONS = [[], ['山东省', '青岛市'], ['北京市'], ['广东省', '深圳市', '南山区'], ['山东省', '济南市']]
const TAGS = ['咖啡控', '亲子', '高净值', '夜猫子']
const STORES = ['S01', 'S02', 'S10']

const score = fc.integer({ min: 1, max: 5 })
const count = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 0, max: 5_000_000 }))
const day = (from: number, to: number) => fc.integer({ min: from, max: to }).map((n) => addDays(AS_OF, -n))

const row = (memberId: string) =>
  fc
    .record({
      tierId: fc.constantFrom(...TIERS),
      region: fc.constantFrom(...REGIONS),
      birthday: fc.option(fc.tuple(fc.integer({ min: 1950, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)),
      tags: fc.subarray(TAGS),
      joined: day(0, 3000),
      unclaimed: fc.boolean(),
      lastVisit: fc.option(day(0, 800)),
      visits: count,
      // Beyond 2^32 fen too: that column is stored as float64.
      spendFen: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2 ** 40 })),
      rfm: fc.record({ recency: score, frequency: score, monetary: score }),
      lifecycle: fc.constantFrom('new' as const, 'active' as const, 'at_risk' as const, 'dormant' as const),
      topSpender: fc.boolean(),
      convertedInvites: count,
      couponsUsed: count,
      mallOrders: count,
      preferredStore: fc.option(fc.constantFrom(...STORES)),
      preferredChannel: fc.option(fc.constantFrom(...CHANNELS)),
      channels: fc.record({ till: count, mall: count, play: count, invite: count }),
    })
    .map(
      (r): InsightRow => ({
        ...r,
        memberId,
        daysSinceVisit: r.lastVisit === null ? null : daysBetween(r.lastVisit, AS_OF),
        rfm: { ...r.rfm, code: `${r.rfm.recency}${r.rfm.frequency}${r.rfm.monetary}` },
      }),
    )

/** 1–60 rows with ascending ids. */
const rows = fc
  .uniqueArray(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 60 })
  .chain((ids) => fc.tuple(...[...ids].sort().map((id) => row(id))))

const range = (max: number) =>
  fc.option(fc.tuple(fc.option(fc.integer({ min: 0, max })), fc.option(fc.integer({ min: 0, max }))).map(([a, b]) => ({ ...(a === null ? {} : { min: a }), ...(b === null ? {} : { max: b }) })), { nil: undefined })
const scores = fc
  .option(fc.tuple(score, score).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })), { nil: undefined })
const list = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.array(arb, { maxLength: 3 }), { nil: undefined })
const filter = fc
  .record({
    tiers: list(fc.constantFrom(...TIERS, 'none')),
    lifecycle: list(fc.constantFrom('new' as const, 'active' as const, 'at_risk' as const, 'dormant' as const)),
    regions: list(fc.constantFrom('山东省', '青岛市', '北京市', '南山区', '上海市')),
    birthdayMonths: list(fc.integer({ min: 1, max: 12 })),
    tags: list(fc.constantFrom(...TAGS)),
    recency: scores,
    frequency: scores,
    monetary: scores,
    topSpender: fc.option(fc.boolean(), { nil: undefined }),
    convertedInvites: range(10),
    couponsUsed: range(10),
    mallOrders: range(10),
  })
  // Ranges in order, as SegmentFilter requires.
  .map((f) => JSON.parse(JSON.stringify(f)))
  .filter((f) => SegmentFilter.safeParse(f).success)
  .map((f) => SegmentFilter.parse(f))

const roundTrip = (rs: InsightRow[]) => {
  const doc = encodeChunk(rs, { run: AS_OF, n: 3, asOf: AS_OF })
  // As the store hands it back: plain JSON.
  return decodeChunk(JSON.parse(JSON.stringify(doc)))
}

describe('insight chunks', () => {
  test('rows come back exactly as they were encoded, whatever their values', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const chunk = roundTrip(rs)
        expect(chunk.count).toBe(rs.length)
        expect(rs.map((_, i) => rowAt(chunk, i))).toEqual(rs)
      }),
      { numRuns: 200 },
    )
  })

  test('a count reads the segment columns only, and the filter on them means what `matches` means', () => {
    fc.assert(
      fc.property(rows, filter, fc.array(fc.subarray(TAGS), { maxLength: 5 }), (rs, f, retags) => {
        const doc = JSON.parse(JSON.stringify(encodeChunk(rs, { run: AS_OF, n: 0, asOf: AS_OF })))
        const { ids: _ids, detail: _detail, ...forCount } = doc
        const chunk = decodeChunk(forCount)
        expect(chunk.ids).toBeNull()
        const test = chunkMatcher(f, chunk)
        rs.forEach((r, i) => {
          expect(test(i)).toBe(matches(f, factsOf(r)))
          // Tags changed since the snapshot replace the stored ones.
          const tags = retags[i % Math.max(1, retags.length)] ?? []
          expect(test(i, tags)).toBe(matches(f, factsOf(r, tags)))
        })
      }),
      { numRuns: 300 },
    )
  })

  test('narrow values take one byte a column', () => {
    const [r] = fc.sample(row('a'), 1)
    const small: InsightRow = { ...r, birthday: '1990-06-09', joined: '2025-01-01', lastVisit: AS_OF, daysSinceVisit: 0, visits: 3, spendFen: 200, convertedInvites: 1, couponsUsed: 0, mallOrders: 2, channels: { till: 1, mall: 0, play: 4, invite: 0 } }
    const doc = encodeChunk([small, { ...small, memberId: 'b' }], { run: AS_OF, n: 0, asOf: AS_OF })
    expect(Math.max(...doc.seg.w)).toBe(1)
    // Birthday as yyyymmdd, then day numbers since 1970; the counts fit a byte.
    expect(doc.detail.w).toEqual([4, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1])
  })

  test('a member is found by its chunk (from the chunks’ first ids) and its row', () => {
    const firsts = ['0a', '3f', '80', 'c1']
    expect(['00', '0a', '0b', '3f', '7f', '80', 'ff'].map((id) => chunkOfMember(firsts, id))).toEqual([-1, 0, 0, 1, 1, 2, 3])
    const [rs] = fc.sample(rows, 1)
    const chunk = roundTrip(rs)
    rs.forEach((r, i) => expect(indexOfMember(chunk, r.memberId)).toBe(i))
    expect(indexOfMember(chunk, 'zz')).toBe(-1)
  })

  test('the run’s figures add up rows', () => {
    const [rs] = fc.sample(rows.filter((r) => r.length > 5), 1)
    const t = addTotals(addTotals(emptyTotals(), rs.slice(0, 3)), rs.slice(3))
    expect(t.members).toBe(rs.length)
    expect(t.topSpenders).toBe(rs.filter((r) => r.topSpender).length)
    expect(Object.values(t.lifecycle).reduce((a, b) => a + b, 0)).toBe(rs.length)
    expect(t.grid.flat().reduce((a, b) => a + b, 0)).toBe(rs.length)
    expect(t.recency[0]).toBe(rs.filter((r) => r.rfm.recency === 1).length)
  })
})

describe('channels and stores', () => {
  test('an entry’s channel is read from its id; corrections and expiries are none', () => {
    const cases: Array<[string, string | null]> = [
      ['earn:S01:A-1', 'till'],
      ['mall:ABC123', 'mall'],
      ['mall-back:ABC123', null],
      ['signin:m1:2027-06-01', 'play'],
      ['game:spin1', 'play'],
      ['game-win:spin1', 'play'],
      ['set:m1:c1:1', 'play'],
      ['invite:m2:inviter', 'invite'],
      ['rev:S01:A-1:@100', null],
      ['exp:earn:S01:A-1', null],
      ['adj:1', null],
      ['console-abc', null],
    ]
    expect(cases.map(([id]) => [id, channelOfEntry(id)])).toEqual(cases)
  })

  test('the preferred store has the most till purchases (ties: the smaller id); the channel the most entries (ties: listed first)', () => {
    const g = new Engagement()
    for (const id of ['earn:S02:1', 'earn:S01:2', 'earn:S02:3', 'earn:S01:4', 'signin:m:1', 'signin:m:2', 'signin:m:3', 'game:x', 'mall:y']) g.add(id)
    expect(g.preferredStore()).toBe('S01')
    expect(g.channels).toEqual({ till: 4, mall: 1, play: 4, invite: 0 })
    expect(g.preferredChannel()).toBe('till')
    g.add('earn:S02:5')
    expect(g.preferredStore()).toBe('S02')
    expect(preferredChannel({ till: 0, mall: 0, play: 0, invite: 0 })).toBeNull()
    expect(new Engagement().preferredStore()).toBeNull()
  })
})
