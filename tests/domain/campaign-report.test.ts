import fc from 'fast-check'
import { addSums, emptySums, figures, tally, type MemberOutcome } from '../../shared/marketing/report'

const treated = (o: Partial<MemberOutcome> = {}): MemberOutcome => ({ group: 'treated', send: null, couponsIssued: 0, couponsUsed: 0, points: 0, orders: 0, salesFen: 0, ...o })
const control = (o: Partial<MemberOutcome> = {}): MemberOutcome => ({ ...treated(o), group: 'control' })
const sent = (channel: 'subscribe' | 'sms', opened = false) => ({ status: 'sent' as const, channel, reason: null, opened })
const skipped = (reason: string) => ({ status: 'skipped' as const, channel: null, reason, opened: false })

describe('campaign report', () => {
  test('counts sends by channel and outcome, opens, coupons, points, and sales per group', () => {
    const s = tally([
      treated({ send: sent('subscribe', true), couponsIssued: 1, couponsUsed: 1, orders: 2, salesFen: 30_000 }),
      treated({ send: sent('sms'), couponsIssued: 1, points: 200 }),
      treated({ send: skipped('no_consent'), couponsIssued: 1 }),
      treated({ send: skipped('capped') }),
      treated({ send: skipped('something new') }),
      treated({ send: { status: 'failed', channel: 'subscribe', reason: null, opened: false } }),
      treated({ send: { status: 'duplicate', channel: null, reason: null, opened: false } }),
      treated(),
      control({ orders: 1, salesFen: 10_000 }),
      // Control members are sent nothing: anything else on them is not counted as the campaign's.
      control({ send: sent('sms', true), couponsIssued: 3 }),
    ])
    expect(s.treated).toEqual({ members: 8, buyers: 1, orders: 2, salesFen: 30_000 })
    expect(s.control).toEqual({ members: 2, buyers: 1, orders: 1, salesFen: 10_000 })
    expect(s.sends).toEqual({ subscribe: 1, sms: 1, skipped: { no_consent: 1, capped: 1, unclaimed: 0, no_member: 0, other: 1 }, failed: 1, none: 2, opened: 1 })
    expect(s.rewards).toEqual({ couponsIssued: 3, couponsUsed: 1, pointsMembers: 1, points: 200 })
    const f = figures(s)
    expect(f.sends).toMatchObject({ sent: 2, skippedTotal: 3, openRate: { numerator: 1, denominator: 2, percent: 50 } })
    expect(f.rewards.redemption).toEqual({ numerator: 1, denominator: 3, percent: 33.33 })
  })

  test('uplift: sales per member against the control group, and what the treated bought beyond it', () => {
    // 3 treated members bought 90,000 fen (2 buyers); 2 control members bought 20,000 (1 buyer).
    const s = tally([
      treated({ orders: 1, salesFen: 50_000 }),
      treated({ orders: 2, salesFen: 40_000 }),
      treated(),
      control({ orders: 1, salesFen: 20_000 }),
      control(),
    ])
    const f = figures(s)
    expect(f.treated).toMatchObject({ perMemberFen: 30_000, conversion: { percent: 66.67 } })
    expect(f.control).toMatchObject({ perMemberFen: 10_000, conversion: { percent: 50 } })
    // 30,000 − 10,000 per member; 3 × 20,000 beyond the control's rate; +200%; 66.67% − 50% = 16.67 points.
    expect(f.uplift).toEqual({ perMemberFen: 20_000, incrementalFen: 60_000, relativePercent: 200, conversionPoints: 16.67 })
  })

  test('no control group: no uplift; a control that bought nothing: no relative uplift', () => {
    expect(figures(tally([treated({ salesFen: 100, orders: 1 })])).uplift).toBeNull()
    expect(figures(tally([treated({ salesFen: 100, orders: 1 })])).control).toBeNull()
    expect(figures(tally([treated({ salesFen: 100, orders: 1 }), control()])).uplift).toEqual({ perMemberFen: 100, incrementalFen: 100, relativePercent: null, conversionPoints: 100 })
    expect(figures(emptySums()).treated).toMatchObject({ perMemberFen: 0, conversion: { percent: null } })
  })

  test('stays exact where sales times members outgrow a double (a million members, ¥100,000,000)', () => {
    const s = emptySums()
    s.treated = { members: 1_000_003, buyers: 500_000, orders: 700_000, salesFen: 10_000_000_007 }
    s.control = { members: 333_331, buyers: 100_000, orders: 150_000, salesFen: 2_000_000_009 }
    const f = figures(s)
    const diff = 10_000_000_007n * 333_331n - 2_000_000_009n * 1_000_003n
    const round = (n: bigint, d: bigint) => Number((2n * n + d) / (2n * d))
    expect(f.uplift!.perMemberFen).toBe(round(diff, 1_000_003n * 333_331n))
    expect(f.uplift!.incrementalFen).toBe(round(diff, 333_331n))
    expect(f.uplift!.relativePercent).toBe(round(diff * 10_000n, 2_000_000_009n * 1_000_003n) / 100)
  })

  const outcome = fc.record({
    group: fc.constantFrom('treated' as const, 'control' as const),
    send: fc.option(
      fc.record({
        status: fc.constantFrom('sent' as const, 'skipped' as const, 'failed' as const, 'duplicate' as const),
        channel: fc.constantFrom('subscribe' as const, 'sms' as const, null),
        reason: fc.constantFrom('no_consent', 'capped', 'unclaimed', 'no_member', null),
        opened: fc.boolean(),
      }),
    ),
    couponsIssued: fc.integer({ min: 0, max: 2 }),
    couponsUsed: fc.integer({ min: 0, max: 2 }),
    points: fc.integer({ min: 0, max: 500 }),
    orders: fc.integer({ min: 0, max: 5 }),
    salesFen: fc.integer({ min: 0, max: 10_000_000 }),
  })

  test('counting chunk by chunk and adding up gives the count of the whole audience', () => {
    fc.assert(
      fc.property(fc.array(fc.array(outcome, { maxLength: 20 }), { maxLength: 6 }), (chunks) => {
        const added = chunks.reduce((s, c) => addSums(s, tally(c)), emptySums())
        expect(added).toEqual(tally(chunks.flat()))
      }),
    )
  })

  test('every treated member is counted once in the sends; uplift agrees with exact arithmetic', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 60 }), (members) => {
        const f = figures(tally(members))
        const t = members.filter((m) => m.group === 'treated')
        const c = members.filter((m) => m.group === 'control')
        expect(f.sends.sent + f.sends.skippedTotal + f.sends.failed + f.sends.none).toBe(t.length)
        const ts = t.reduce((a, m) => a + m.salesFen, 0)
        const cs = c.reduce((a, m) => a + m.salesFen, 0)
        if (t.length && c.length) {
          // Exactly, in integers: the rounded uplift is within half a fen of ts/|t| - cs/|c| (floats are not exact here).
          const den = BigInt(t.length * c.length)
          const off = BigInt(f.uplift!.perMemberFen) * den - (BigInt(ts) * BigInt(c.length) - BigInt(cs) * BigInt(t.length))
          expect(2n * (off < 0n ? -off : off) <= den).toBe(true)
        }
        else expect(f.uplift).toBeNull()
      }),
    )
  })
})
