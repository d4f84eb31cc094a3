import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { saveGames } from './game-catalogue'
import { actAs as actAsAt, apiAs, registerAs, useE2E } from './harness'
import { attr, phonePage, text, waitText } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const DRINK = 'e2e-wheel-drink'
const LIMITED = 'e2e-wheel-limited'
type WheelView = { spinsLeft: number; freeSpinsLeft: number; available: number; prizes: Array<{ id: string; oddsText: string }> }

// Every wheel has one prize of weight > 0 (the "thank you" prize is required, at weight 0), so each spin's outcome is known.
describeIfBrowser('H5 in Chromium: the lucky wheel', () => {
  const server = useE2E('huika-e2e-wheel-', (dataDir) =>
    saveGames(dataDir, {
      templates: [
        { id: DRINK, title: '赠饮券', kind: 'gift', gift: '招牌柠檬茶一杯', validity: { kind: 'days', days: 30 } },
        { id: LIMITED, title: '限量券', kind: 'gift', gift: '限量周边一件', validity: { kind: 'days', days: 30 } },
      ],
      wheels: [
        // The wheel the card links to: a free spin a day, then 10 points a spin, three a day; it always pays 30 points.
        {
          id: 'daily-wheel',
          title: '测试大转盘',
          costPoints: 10,
          freeSpinsPerDay: 1,
          maxSpinsPerDay: 3,
          prizes: [
            { id: 'p30', label: '30 积分', kind: 'points', points: 30, weight: 1 },
            { id: 'drink', label: '赠饮券', kind: 'coupon', couponTemplateId: DRINK, weight: 0 },
            { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 },
          ],
        },
        {
          id: 'e2e-coupon-wheel',
          title: '赠饮转盘',
          maxSpinsPerDay: 1,
          prizes: [
            { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 },
            { id: 'drink', label: '赠饮券', kind: 'coupon', couponTemplateId: DRINK, weight: 1 },
          ],
        },
        // Its only prize has no stock left: every spin draws it and pays "thank you" instead.
        {
          id: 'e2e-gone-wheel',
          title: '限量转盘',
          prizes: [
            { id: 'limited', label: '限量券', kind: 'coupon', couponTemplateId: LIMITED, weight: 1, stock: 0 },
            { id: 'p5', label: '5 积分', kind: 'points', points: 5, weight: 0 },
            { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 },
          ],
        },
        { id: 'e2e-closed-wheel', title: '已结束转盘', active: false, prizes: [{ id: 'p5', label: '5 积分', kind: 'points', points: 5, weight: 1 }, { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 }] },
        { id: 'e2e-dear-wheel', title: '豪华转盘', costPoints: 1000, freeSpinsPerDay: 0, prizes: [{ id: 'p5', label: '5 积分', kind: 'points', points: 5, weight: 1 }, { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 }] },
      ],
    }),
  )

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const wheelOf = async (openid: string, wheelId: string) => (await api<WheelView>('game', openid, { action: 'wheel', wheelId })).data
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const newPage = () => phonePage(server.browser)

  async function openWheel(page: Page, id: string) {
    await page.goto(`${server.url}/games/wheel/index?id=${id}`)
    await page.locator('#wheel-odds').waitFor({ state: 'visible' })
  }

  /** The prize under the pointer at 12 o'clock, from the angle the browser really drew the wheel at. */
  async function prizeUnderPointer(page: Page): Promise<string> {
    const { a, b, sectors } = await page.locator('#wheel-disc').evaluate((el) => {
      const m = getComputedStyle(el).transform.match(/matrix\(([^,]+), ([^,]+)/)
      return { a: Number(m?.[1] ?? 1), b: Number(m?.[2] ?? 0), sectors: Number(el.getAttribute('data-sectors')) }
    })
    const turned = ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360
    const index = Math.floor(((360 - turned) % 360) / (360 / sectors))
    return (await attr(page, `#wheel-disc [data-index="${index}"]`, 'id'))!.replace('wheel-sector-', '')
  }

  /**
   * Presses 抽奖 and waits for the result: while the wheel turns, the button is spent, no result is
   * shown and the balance has not moved; the result replaces any earlier one when it stops.
   */
  async function spin(page: Page): Promise<void> {
    const before = (await page.locator('#wheel-result').count()) > 0 ? await attr(page, '#wheel-result', 'data-spin-id') : null
    const available = await text(page, '#wheel-available')
    await expect(text(page, '#wheel-spin')).resolves.toBe('抽奖')
    await page.locator('#wheel-spin').click()
    await page.waitForFunction(
      (balance) =>
        document.querySelector('#wheel')?.getAttribute('data-spin') === 'turning' &&
        !document.querySelector('#wheel-result') &&
        !!document.querySelector('#wheel-spin')?.className.includes('nut-button-disabled') &&
        document.querySelector('#wheel-available')?.textContent === balance,
      available,
      { timeout: 10_000 },
    )
    await page.waitForFunction((prev) => {
      const id = document.querySelector('#wheel-result')?.getAttribute('data-spin-id')
      return !!id && id !== prev
    }, before)
  }

  test('someone not yet a member is sent to register and back to this wheel', async () => {
    const page = await newPage()
    await actAs(page, 'e2e-wheel-stranger')
    await page.goto(`${server.url}/games/wheel/index?id=e2e-coupon-wheel`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    expect(await page.locator('#wheel-spin').count()).toBe(0)
    await page.locator('#page-empty .nut-button').click()
    await page.waitForURL(/\/pages\/register\/index/)
    expect(new URL(page.url()).searchParams.get('back')).toBe('/games/wheel/index?id=e2e-coupon-wheel')
    await page.close()
  })

  test('from the card: the disclosed odds, a free spin that stops on the prize it pays, a paid one, until the day’s spins run out', async () => {
    const member = 'e2e-wheel-member'
    await registerAs(server.url, member, '13700008881', '转盘会员')
    const page = await newPage()
    await actAs(page, member)
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-wheel-link').click()
    await page.waitForURL(/\/games\/wheel\/index/)
    await page.locator('#wheel-odds').waitFor({ state: 'visible' })
    await expect(attr(page, '#wheel', 'data-wheel-id')).resolves.toBe('daily-wheel')
    await expect(text(page, '#wheel-title')).resolves.toBe('测试大转盘')

    // One sector per prize, each with its label; every prize's chance in the table, and how draws are made.
    for (const [id, label, odds] of [
      ['p30', '30 积分', '100%'],
      ['drink', '赠饮券', '0%'],
      ['none', '谢谢参与', '0%'],
    ]) {
      await expect(text(page, `#wheel-sector-${id}`)).resolves.toBe(label)
      await expect(text(page, `#wheel-odds-${id}-chance`)).resolves.toBe(odds)
    }
    await expect(text(page, '#wheel-fairness')).resolves.toContain('密码学安全随机数')
    await expect(text(page, '#wheel-next')).resolves.toBe('免费')
    await expect(text(page, '#wheel-spins-left')).resolves.toBe('3 次')
    await expect(text(page, '#wheel-available')).resolves.toBe('0')
    expect(await page.locator('#wheel-message').count()).toBe(0)

    // The free spin: the wheel stops on 30 积分, then says what it paid and what it cost.
    await spin(page)
    await expect(attr(page, '#wheel-result', 'data-prize')).resolves.toBe('p30')
    await expect(prizeUnderPointer(page)).resolves.toBe('p30')
    await expect(text(page, '#wheel-result-title')).resolves.toBe('恭喜获得 30 积分')
    await expect(text(page, '#wheel-result-paid')).resolves.toBe('本次为免费抽奖')
    await waitText(page, '#wheel-available', '30')
    await expect(text(page, '#wheel-next')).resolves.toBe('10 积分')
    await expect(text(page, '#wheel-spins-left')).resolves.toBe('2 次')
    // Recorded on the server: one spin fewer today, the free one used, 30 points on the account.
    await expect(wheelOf(member, 'daily-wheel')).resolves.toMatchObject({ spinsLeft: 2, freeSpinsLeft: 0, available: 30 })
    await expect(api('points', member, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(30)

    // A paid spin: 10 points in, 30 out, and the wheel turns on from where it stopped to the same sector.
    await spin(page)
    await expect(prizeUnderPointer(page)).resolves.toBe('p30')
    await expect(text(page, '#wheel-result-paid')).resolves.toBe('本次消耗 10 积分')
    await waitText(page, '#wheel-available', '50')
    await expect(text(page, '#wheel-spins-left')).resolves.toBe('1 次')
    await expect(wheelOf(member, 'daily-wheel')).resolves.toMatchObject({ spinsLeft: 1, available: 50 })

    // The last spin of the day is taken on another phone; this page still offers one, and the server says no.
    expect((await api('game', member, { action: 'spin', wheelId: 'daily-wheel' })).ok).toBe(true)
    await page.locator('#wheel-spin').click()
    await page.locator('#wheel-message').waitFor({ state: 'visible' })
    await expect(attr(page, '#wheel-message', 'data-code')).resolves.toBe('SPIN_LIMIT_REACHED')
    await expect(text(page, '#wheel-message')).resolves.toBe('今天的抽奖次数已用完，明天再来吧')
    // Then the page catches up: none left, the button spent, the balance that phone's spin left.
    await waitText(page, '#wheel-spins-left', '0 次')
    await expect(text(page, '#wheel-spin')).resolves.toBe('明天再来')
    await expect(attr(page, '#wheel-spin', 'class')).resolves.toContain('nut-button-disabled')
    await expect(text(page, '#wheel-available')).resolves.toBe('70')
    await expect(wheelOf(member, 'daily-wheel')).resolves.toMatchObject({ spinsLeft: 0 })
    await expect(api('points', member, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(70)

    // Coming back later the same day: still no spins, said before pressing anything.
    await page.reload()
    await page.locator('#wheel-message').waitFor({ state: 'visible' })
    await expect(attr(page, '#wheel-message', 'data-code')).resolves.toBe('SPIN_LIMIT_REACHED')
    await page.close()
  })

  test('a coupon prize goes to the wallet; a prize that ran out pays thank you and says so', async () => {
    const member = 'e2e-wheel-coupons'
    await registerAs(server.url, member, '13700008882', '领券会员')
    const page = await newPage()
    await actAs(page, member)

    await openWheel(page, 'e2e-gone-wheel')
    await expect(text(page, '#wheel-odds-limited-chance')).resolves.toBe('100%')
    await spin(page)
    await expect(attr(page, '#wheel-result', 'data-prize')).resolves.toBe('none')
    await expect(attr(page, '#wheel-result', 'data-fell-back')).resolves.toBe('true')
    // The wheel shows what was paid, not what was drawn.
    await expect(prizeUnderPointer(page)).resolves.toBe('none')
    await expect(text(page, '#wheel-result-title')).resolves.toBe('谢谢参与')
    await expect(text(page, '#wheel-result-fell-back')).resolves.toBe('您抽中了「限量券」，可惜刚刚被抽完，本次记为谢谢参与')
    await expect(wheelOf(member, 'e2e-gone-wheel')).resolves.toMatchObject({ spinsLeft: 2 })

    await openWheel(page, 'e2e-coupon-wheel')
    await spin(page)
    await expect(attr(page, '#wheel-result', 'data-prize')).resolves.toBe('drink')
    await expect(prizeUnderPointer(page)).resolves.toBe('drink')
    await expect(text(page, '#wheel-result-title')).resolves.toBe('恭喜获得「赠饮券」')
    // Its one spin a day is used: said at once, under the result.
    await expect(attr(page, '#wheel-message', 'data-code')).resolves.toBe('SPIN_LIMIT_REACHED')
    await expect(wheelOf(member, 'e2e-coupon-wheel')).resolves.toMatchObject({ spinsLeft: 0 })

    await page.locator('#wheel-result-wallet').click()
    await page.waitForURL(/\/pages\/coupons\/index/)
    await waitText(page, '#coupons-count-usable', '1')
    await expect(page.locator('#coupons-list').textContent()).resolves.toContain('赠饮券')
    await page.close()
  })

  test('a closed wheel, a spin the member cannot afford, and a wheel that does not exist say so', async () => {
    const member = 'e2e-wheel-blocked'
    await registerAs(server.url, member, '13700008883', '没积分会员')
    const page = await newPage()
    await actAs(page, member)

    await openWheel(page, 'e2e-closed-wheel')
    await expect(attr(page, '#wheel-message', 'data-code')).resolves.toBe('GAME_CLOSED')
    await expect(text(page, '#wheel-message')).resolves.toBe('活动未开始或已结束，敬请期待下一期')
    await expect(text(page, '#wheel-spin')).resolves.toBe('活动未开放')
    await expect(attr(page, '#wheel-spin', 'class')).resolves.toContain('nut-button-disabled')
    // The odds stay disclosed.
    await expect(text(page, '#wheel-odds-p5-chance')).resolves.toBe('100%')

    await openWheel(page, 'e2e-dear-wheel')
    await expect(text(page, '#wheel-next')).resolves.toBe('1000 积分')
    await expect(attr(page, '#wheel-message', 'data-code')).resolves.toBe('INSUFFICIENT_POINTS')
    await expect(text(page, '#wheel-message')).resolves.toBe('可用积分不足：抽一次需要 1000 积分，您现在有 0 积分')
    await expect(attr(page, '#wheel-spin', 'class')).resolves.toContain('nut-button-disabled')
    await expect(wheelOf(member, 'e2e-dear-wheel')).resolves.toMatchObject({ spinsLeft: 3 })

    await page.goto(`${server.url}/games/wheel/index?id=no-such-wheel`)
    await page.locator('#page-error').waitFor({ state: 'visible' })
    await expect(text(page, '#page-error')).resolves.toContain('找不到该活动')
    await page.close()
  })
})
