import { matches, SegmentFilter, type SegmentFacts } from '../../shared/insight/segment'

const member: SegmentFacts = {
  tierId: 'gold',
  lifecycle: 'at_risk',
  region: ['山东省', '青岛市', '市南区'],
  birthday: '1990-06-09',
  tags: ['咖啡控'],
  rfm: { recency: 2, frequency: 4, monetary: 5 },
  topSpender: true,
  convertedInvites: 3,
  couponsUsed: 1,
  mallOrders: 0,
}

describe('segments', () => {
  test('an empty filter is everyone; every condition must hold; any listed value within one does', () => {
    expect(matches({}, member)).toBe(true)
    expect(matches({ tiers: ['silver', 'gold'], regions: ['山东省'] }, member)).toBe(true)
    expect(matches({ tiers: ['silver', 'gold'], regions: ['北京市'] }, member)).toBe(false)
    expect(matches({ regions: ['青岛市'] }, member)).toBe(true)
  })

  test('each condition on its own', () => {
    const cases: Array<[SegmentFilter, boolean]> = [
      [{ lifecycle: ['dormant'] }, false],
      [{ lifecycle: ['at_risk', 'dormant'] }, true],
      [{ birthdayMonths: [6] }, true],
      [{ birthdayMonths: [7] }, false],
      [{ tags: ['咖啡控', '亲子'] }, true],
      [{ tags: ['亲子'] }, false],
      [{ recency: { max: 2 }, monetary: { min: 5 } }, true],
      [{ frequency: { min: 5 } }, false],
      [{ topSpender: true }, true],
      [{ topSpender: false }, false],
      [{ convertedInvites: { min: 1 } }, true],
      [{ mallOrders: { min: 1 } }, false],
      [{ couponsUsed: { max: 0 } }, false],
    ]
    for (const [f, want] of cases) expect([f, matches(SegmentFilter.parse(f), member)]).toEqual([f, want])
  })

  test('a member without a birthday is in no birthday month', () => {
    expect(matches({ birthdayMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }, { ...member, birthday: null })).toBe(false)
  })

  test('filters are checked: scores 1–5, ranges in order, no unknown fields', () => {
    expect(SegmentFilter.safeParse({ recency: { min: 6 } }).success).toBe(false)
    expect(SegmentFilter.safeParse({ mallOrders: { min: 3, max: 1 } }).success).toBe(false)
    expect(SegmentFilter.safeParse({ monetary: { min: 4, max: 2 } }).success).toBe(false)
    expect(SegmentFilter.safeParse({ city: '北京' }).success).toBe(false)
  })
})
