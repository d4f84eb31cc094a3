import { tierReport } from '../../shared/finance/tiers'
import { newMemberTier, type MemberTier, type TierMove } from '../../shared/tier/member-tier'
import { DemoTierConfig, TierConfig } from '../../shared/tier/programme'

const now = new Date('2027-02-10T02:00:00Z')
const tier = (id: string, levelId: string, moves: TierMove[] = [], terms = '2026'): MemberTier => ({
  ...newMemberTier({ memberId: id, openid: `o-${id}`, today: '2027-01-01', config: DemoTierConfig, now }),
  levelId,
  terms,
  moves,
})
const move = (day: string, from: string, to: string, why: TierMove['why']): TierMove => ({ day, from, to, why })

test('members per level held today, members without a record at the base level, and moves per month by why', () => {
  const r = tierReport(DemoTierConfig, '2027-02-10')
  r.add(tier('m1', 'gold', [move('2027-01-03', 'basic', 'silver', 'purchase'), move('2027-01-20', 'silver', 'gold', 'purchase')]))
  r.add(tier('m2', 'silver', [move('2027-01-04', 'basic', 'gold', 'purchase'), move('2027-02-01', 'gold', 'silver', 'refund')]))
  r.add(tier('m3', 'black', [move('2027-02-05', 'basic', 'black', 'grant')]))
  r.add(tier('m4', 'basic', [move('2027-02-06', 'silver', 'basic', 'review')]))
  const out = r.result('2027-02-10T02:00:00.000Z', 6)
  expect(out.version).toBe('2026')
  expect(out.membersWithoutRecord).toBe(2)
  expect(out.levels.map((l) => [l.levelId, l.members])).toEqual([
    ['basic', 3],
    ['silver', 1],
    ['gold', 1],
    ['black', 1],
  ])
  expect(out.levels[0].name).toBe('青柚会员')
  expect(out.months).toEqual([
    { month: '2027-01', upgrades: 3, downgrades: 0, grants: 0, termsMoves: 0 },
    { month: '2027-02', upgrades: 0, downgrades: 2, grants: 1, termsMoves: 0 },
  ])
  // result() is repeatable: the members without a record are not added twice.
  expect(r.result('x', 6).levels[0].members).toBe(3)
  expect(r.result('x', 6, { from: '2027-02' }).months.map((m) => m.month)).toEqual(['2027-02'])
})

test('a member on older terms is counted at the level those terms give them, listed after the ladder in force', () => {
  const v2026 = DemoTierConfig.versions[0]
  const config = TierConfig.parse({
    versions: [
      { ...v2026, keepOldTermsUntilReview: false },
      { ...v2026, version: '2027', effectiveFrom: '2027-02-01', keepOldTermsUntilReview: true },
    ],
  })
  const r = tierReport(config, '2027-02-10')
  r.add({ ...tier('m1', 'gold', [], '2026'), reviewOn: '2027-06-01' }) // keeps 2026 terms until the review
  r.add(tier('m2', 'silver', [], '2027'))
  const out = r.result('x', 2)
  expect(out.version).toBe('2027')
  expect(out.levels.map((l) => [l.version, l.levelId, l.members])).toEqual([
    ['2027', 'silver', 1],
    ['2026', 'gold', 1],
  ])
})
