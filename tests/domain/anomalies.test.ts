import { findAnomalies, findBursts, findMemberConcentration, findOutsideHours, withinHours, type TillCredit } from '../../shared/staff/anomalies'

const at = (hhmmss: string, day = '2027-01-31') => new Date(`${day}T${hhmmss}+08:00`)
let n = 0
const credit = (time: Date, over: Partial<TillCredit> = {}): TillCredit => ({
  storeId: 's1',
  orderId: `O${++n}`,
  staffOpenid: 'clerk-1',
  memberId: `m${n}`,
  amountFen: 1_000,
  createdAt: time,
  ...over,
})

describe('bursts', () => {
  test('5 credits within 3 minutes by one clerk is a burst, reported once however long it runs', () => {
    const run = ['10:00:00', '10:00:40', '10:01:20', '10:02:00', '10:02:40', '10:03:20', '10:04:00'].map((t) => credit(at(t)))
    const found = findBursts([credit(at('09:00:00')), ...run, credit(at('11:00:00'))])
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ kind: 'burst', staffOpenid: 'clerk-1', count: 7, orderIds: run.map((c) => c.orderId), amountFen: 7_000 })
    expect(found[0].from).toBe(at('10:00:00').toISOString())
  })

  test('4 credits, or 5 spread over more than 3 minutes, or 5 by different clerks, are not', () => {
    expect(findBursts(['10:00:00', '10:01:00', '10:02:00', '10:02:30'].map((t) => credit(at(t))))).toEqual([])
    expect(findBursts(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:03:01'].map((t) => credit(at(t))))).toEqual([])
    expect(findBursts(['a', 'b', 'c', 'd', 'e'].map((s, i) => credit(at(`10:00:0${i}`), { staffOpenid: s })))).toEqual([])
  })

  test('thresholds are parameters', () => {
    const three = ['10:00:00', '10:00:30', '10:00:50'].map((t) => credit(at(t)))
    expect(findBursts(three, { burstCount: 3, burstMinutes: 1, concentrationMin: 4, concentrationFactor: 3 })).toHaveLength(1)
  })
})

describe('opening hours', () => {
  test('inside is [open, close); a close before the open runs past midnight; equal means all day', () => {
    const day = { open: '09:00', close: '22:00' }
    expect([withinHours(at('08:59:59'), day), withinHours(at('09:00:00'), day), withinHours(at('21:59:59'), day), withinHours(at('22:00:00'), day)]).toEqual([false, true, true, false])
    const night = { open: '18:00', close: '02:00' }
    expect([withinHours(at('23:00:00'), night), withinHours(at('01:59:00'), night), withinHours(at('02:00:00'), night), withinHours(at('12:00:00'), night)]).toEqual([true, true, false, false])
    expect(withinHours(at('03:00:00'), { open: '00:00', close: '00:00' })).toBe(true)
  })

  test('credits outside hours, by Asia/Shanghai wall clock, one finding per clerk per day; stores without hours skipped', () => {
    const hours = new Map([['s1', { open: '09:00', close: '22:00' }], ['s2', null]])
    const late = [credit(at('22:30:00')), credit(at('23:10:00')), credit(at('07:00:00'), { storeId: 's1' })]
    const found = findOutsideHours([...late, credit(at('12:00:00')), credit(at('23:00:00'), { storeId: 's2' })], hours)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ kind: 'outside_hours', count: 3, orderIds: [late[2].orderId, late[0].orderId, late[1].orderId] })
    expect(found[0].detail).toContain('07:00、22:30、23:10')
  })
})

describe('member concentration', () => {
  test('one clerk crediting one member far more than the store’s usual pair is flagged', () => {
    const usual = Array.from({ length: 10 }, (_, i) => credit(at('12:00:00'), { memberId: `regular-${i}`, staffOpenid: `clerk-${i % 3}` }))
    const friend = Array.from({ length: 4 }, (_, i) => credit(at(`1${i}:00:00`, '2027-01-2' + i), { memberId: 'friend', staffOpenid: 'clerk-9' }))
    const found = findMemberConcentration([...usual, ...friend])
    expect(found).toEqual([expect.objectContaining({ kind: 'member_concentration', staffOpenid: 'clerk-9', memberId: 'friend', count: 4 })])
    // Three credits stay under the minimum of four.
    expect(findMemberConcentration([...usual, ...friend.slice(1)])).toEqual([])
  })

  test('where every pair is frequent, being frequent is usual', () => {
    const pairs = ['a', 'b', 'c'].flatMap((m) => Array.from({ length: 5 }, (_, i) => credit(at(`1${i}:00:00`), { memberId: m })))
    expect(findMemberConcentration(pairs)).toEqual([])
  })
})

test('findAnomalies lists every kind, newest first', () => {
  const hours = new Map([['s1', { open: '09:00', close: '22:00' }]])
  const burst = ['10:00:00', '10:00:10', '10:00:20', '10:00:30', '10:00:40'].map((t) => credit(at(t)))
  const night = credit(at('23:00:00'))
  const found = findAnomalies([...burst, night], hours)
  expect(found.map((a) => a.kind)).toEqual(['outside_hours', 'burst'])
})
