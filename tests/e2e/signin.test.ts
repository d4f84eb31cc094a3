import type { Page } from 'playwright-core'
import { addDays } from '../../shared/day'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, registerAs, useE2E } from './harness'
import { attr, phonePage, text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const MEMBER = 'e2e-signin-member'

type Calendar = { month: string; today: string; signed: Array<{ day: string; streak: number; points: number }>; signedToday: boolean; streak: number }

// The default programme (no config/signin): 5 points a day, +10 on day 3 and +30 on day 7 of each 7-day cycle.
describeIfBrowser('H5 in Chromium: the daily sign-in page', () => {
  const server = useE2E('huika-e2e-signin-')

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const newPage = () => phonePage(server.browser)
  const waitAttr = (page: Page, selector: string, name: string, want: string) =>
    page.waitForFunction(([sel, n, w]) => document.querySelector(sel)?.getAttribute(n) === w, [selector, name, want] as const, { timeout: 10_000 })

  async function setClock(now: string | null) {
    const res = await fetch(`${server.url}/_dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(now ? { now, frozen: true } : { now: null }) })
    expect(res.status).toBe(200)
  }

  /** Checks in with the button and waits for the reward panel of that check-in. */
  async function checkIn(page: Page, streak: number) {
    await expect(text(page, '#signin-button')).resolves.toBe('签到')
    await page.locator('#signin-button').click()
    await page.locator('#signin-reward').waitFor({ state: 'visible' })
    await expect(attr(page, '#signin-reward', 'data-streak')).resolves.toBe(String(streak))
    await expect(attr(page, '#signin-reward', 'data-already')).resolves.toBe('false')
  }

  test('someone not yet a member is offered to join', async () => {
    const page = await newPage()
    await actAs(page, 'e2e-signin-stranger')
    await page.goto(`${server.url}/pages/signin/index`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    expect(await page.locator('#signin-button').count()).toBe(0)
    await page.close()
  })

  test('from the card: check in, see the reward and today marked, once a day; the next Beijing day makes a streak of 2', async () => {
    await registerAs(server.url, MEMBER, '13700007771', '签到会员')
    const { today, month } = (await api<Calendar>('signin', MEMBER, { action: 'calendar' })).data

    const page = await newPage()
    await actAs(page, MEMBER)
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-signin-link').click()
    await page.waitForURL(/\/pages\/signin\/index/)
    await page.locator('#signin-button').waitFor({ state: 'visible' })

    // Before: no streak, today ringed but unsigned, this month is the last one offered.
    await expect(text(page, '#signin-streak')).resolves.toBe('0')
    await expect(text(page, '#signin-rules')).resolves.toBe('每日签到 5 积分，连续第 3 天额外 10 积分，第 7 天额外 30 积分，每 7 天一轮')
    await expect(attr(page, '#signin-calendar', 'data-month')).resolves.toBe(month)
    await expect(attr(page, `#signin-day-${today}`, 'data-today')).resolves.toBe('true')
    await expect(attr(page, `#signin-day-${today}`, 'data-signed')).resolves.toBe('false')
    await expect(attr(page, '#signin-month-next', 'data-disabled')).resolves.toBe('true')
    // The week ahead starts today; day 3 of the streak carries the bonus.
    await expect(attr(page, '#signin-upcoming-0', 'data-day')).resolves.toBe(today)
    await expect(text(page, '#signin-upcoming-0-points')).resolves.toBe('+5')
    await expect(attr(page, '#signin-upcoming-0', 'data-bonus')).resolves.toBe('false')
    await expect(text(page, '#signin-upcoming-2-points')).resolves.toBe('+15')
    await expect(attr(page, '#signin-upcoming-2', 'data-bonus')).resolves.toBe('true')

    await checkIn(page, 1)
    await expect(text(page, '#signin-reward-title')).resolves.toBe('签到成功')
    await expect(text(page, '#signin-reward-points')).resolves.toBe('+5 积分')
    await expect(text(page, '#signin-reward-streak')).resolves.toBe('连续签到第 1 天')
    expect(await page.locator('#signin-reward-bonus').count()).toBe(0)
    expect(await page.locator('#signin-reward-coupons').count()).toBe(0)
    await expect(text(page, '#signin-reward-balance')).resolves.toBe('当前积分 5')
    // The calendar reloads: today signed with its points, the streak at 1, the button spent.
    await waitAttr(page, `#signin-day-${today}`, 'data-signed', 'true')
    await expect(text(page, `#signin-day-${today}-points`)).resolves.toBe('+5')
    await expect(text(page, '#signin-streak')).resolves.toBe('1')
    await expect(text(page, '#signin-button')).resolves.toBe('今日已签到')
    await expect(attr(page, '#signin-button', 'class')).resolves.toContain('nut-button-disabled')
    await expect(text(page, '#signin-month-count')).resolves.toBe('本月已签到 1 天')
    // The week ahead now starts tomorrow, at streak 2; its second day is the day-3 bonus.
    await expect(attr(page, '#signin-upcoming-0', 'data-day')).resolves.toBe(addDays(today, 1))
    await expect(attr(page, '#signin-upcoming-1', 'data-bonus')).resolves.toBe('true')

    // One check-in recorded, 5 points on the account.
    const after = (await api<Calendar>('signin', MEMBER, { action: 'calendar' })).data
    expect({ signed: after.signed, signedToday: after.signedToday, streak: after.streak }).toEqual({ signed: [{ day: today, streak: 1, points: 5 }], signedToday: true, streak: 1 })
    await expect(api<{ balance: number }>('points', MEMBER, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(5)

    // Back a month and forward again: nothing signed there, today's mark here.
    const previous = addDays(`${month}-01`, -1).slice(0, 7)
    await page.locator('#signin-month-prev').click()
    await waitAttr(page, '#signin-calendar', 'data-month', previous)
    await expect(text(page, '#signin-month-count')).resolves.toBe('本月还没有签到')
    expect(await page.locator(`#signin-day-${today}`).count()).toBe(0)
    await page.locator('#signin-month-next').click()
    await waitAttr(page, '#signin-calendar', 'data-month', month)
    await expect(attr(page, `#signin-day-${today}`, 'data-signed')).resolves.toBe('true')

    // The next Beijing day, half an hour after midnight there: the streak goes on.
    const tomorrow = addDays(today, 1)
    try {
      await setClock(`${tomorrow}T00:30:00+08:00`)
      await page.reload()
      await page.locator('#signin-button').waitFor({ state: 'visible' })
      await expect(attr(page, `#signin-day-${tomorrow}`, 'data-today')).resolves.toBe('true')
      // Yesterday's check-in keeps the streak alive until today's.
      await expect(text(page, '#signin-streak')).resolves.toBe('1')
      await checkIn(page, 2)
      await expect(text(page, '#signin-reward-points')).resolves.toBe('+5 积分')
      await expect(text(page, '#signin-reward-streak')).resolves.toBe('连续签到第 2 天')
      await expect(text(page, '#signin-reward-balance')).resolves.toBe('当前积分 10')
      await waitAttr(page, `#signin-day-${tomorrow}`, 'data-signed', 'true')
      await expect(text(page, '#signin-streak')).resolves.toBe('2')
      await expect(text(page, '#signin-button')).resolves.toBe('今日已签到')

      const second = (await api<Calendar>('signin', MEMBER, { action: 'calendar' })).data
      expect({ today: second.today, streak: second.streak, signedToday: second.signedToday }).toEqual({ today: tomorrow, streak: 2, signedToday: true })
      await expect(api<{ balance: number }>('points', MEMBER, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(10)
    } finally {
      await setClock(null)
    }
    await page.close()
  })
})
