import { definition as signinDefinition } from '../../cloudfunctions/signin'
import { CONFIG } from '../../cloudfunctions/_lib/ledger'
import { CalendarResult, CheckInResult } from '../../shared/signin/schemas'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

// The harness clock starts at 2027-01-31 10:00 in Shanghai (02:00 UTC).
const ALICE = 'openid-alice'
const HOUR = 3600_000

let h: MallHarness
let signin: (openid: string, event: object) => Promise<Envelope>
beforeEach(async () => {
  h = openMall()
  const fn = signinDefinition.build(h.deps)
  signin = (openid, event) => fn(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  await h.register(ALICE, '13812345678')
})
afterEach(() => h.close())

const checkIn = async () => {
  const res = await signin(ALICE, { action: 'checkIn' })
  if (!res.ok) throw new Error(`checkIn: ${res.error.code}`)
  return CheckInResult.parse(res.data)
}
const calendar = async (month?: string) => CalendarResult.parse(((await signin(ALICE, { action: 'calendar', ...(month ? { month } : {}) })) as { data: unknown }).data)

test('a burst of check-ins on one day rewards once: one record, one ledger entry, the rest answer already', async () => {
  const answers = await Promise.all(Array.from({ length: 12 }, () => checkIn()))
  expect(answers.filter((a) => !a.already)).toHaveLength(1)
  expect(answers.every((a) => a.day === '2027-01-31' && a.streak === 1 && a.points === 5 && a.balance === 5)).toBe(true)
  expect(h.store.rawFind('signins')).toHaveLength(1)
  expect(h.stored(ALICE)).toMatchObject({ balance: 5, ledgerSum: 5 })
  expect(h.errors).toEqual([])
})

test('the day turns at Beijing midnight, not UTC midnight; a gap breaks the streak', async () => {
  expect((await checkIn()).day).toBe('2027-01-31')
  h.advance(13 * HOUR + 59 * 60_000) // 23:59 Beijing, 15:59 UTC: still the 31st
  expect(await checkIn()).toMatchObject({ already: true, day: '2027-01-31' })
  h.advance(60_000) // 00:00 Beijing on Feb 1st, still Jan 31st in UTC
  expect(await checkIn()).toMatchObject({ already: false, day: '2027-02-01', streak: 2 })
  h.advance(48 * HOUR) // Feb 3rd: Feb 2nd was missed
  expect(await checkIn()).toMatchObject({ day: '2027-02-03', streak: 1 })
})

test('streak bonuses on days 3 and 7 of each 7-day cycle, a configured coupon on day 7, and the calendar of the month', async () => {
  await h.template({ id: 'week-gift', title: '连续签到礼', claimable: false })
  await h.deps.db.collection(CONFIG).doc('signin').set({ dailyPoints: 5, streakRewards: [{ day: 3, points: 10 }, { day: 7, points: 30, couponTemplateId: 'week-gift' }], cycleDays: 7 })
  const earned: number[] = []
  for (let d = 0; d < 8; d++) {
    const r = await checkIn()
    earned.push(r.points)
    if (r.streak === 7) expect(r.couponCodes).toHaveLength(1)
    else expect(r.couponCodes).toEqual([])
    h.advance(24 * HOUR)
  }
  expect(earned).toEqual([5, 5, 15, 5, 5, 5, 35, 5])
  expect(h.stored(ALICE)).toMatchObject({ balance: 80, ledgerSum: 80 })

  // Now Feb 8th, not yet checked in: Jan shows its one day, Feb its seven, and the streak (8) is still alive.
  const jan = await calendar('2027-01')
  expect(jan.signed.map((d) => d.day)).toEqual(['2027-01-31'])
  const feb = await calendar()
  expect(feb).toMatchObject({ month: '2027-02', today: '2027-02-08', signedToday: false, streak: 8 })
  expect(feb.signed).toHaveLength(7)
  expect(feb.upcoming.slice(0, 3)).toEqual([
    { day: '2027-02-08', streak: 9, points: 5, bonusPoints: 0, couponTemplateId: null },
    { day: '2027-02-09', streak: 10, points: 15, bonusPoints: 10, couponTemplateId: null },
    { day: '2027-02-10', streak: 11, points: 5, bonusPoints: 0, couponTemplateId: null },
  ])
})

test('non-members are refused and a bad month is INVALID_INPUT', async () => {
  expect(await signin('openid-nobody', { action: 'checkIn' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  expect(await signin(ALICE, { action: 'calendar', month: '2027-13' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
})
