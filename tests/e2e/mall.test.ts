import { decodeQr } from './decode-qr'
import type { Page } from 'playwright-core'
import { groupCode } from '../../shared/coupon/coupon'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, cli, registerAs, useE2E } from './harness'
import { saveCatalogue } from './staff-catalogue'
import { phonePage, text, waitText } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const CLERK = 'e2e-mall-clerk'
const STORE = 'E2EM1'
const HOUR = 3_600_000
// Flash sales around the real clock: one running for another hour, one starting in two.
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

describeIfBrowser('H5 in Chromium: the points mall and the coupon wallet', () => {
  const server = useE2E('huika-e2e-mall-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '商城门店')
    await cli(dataDir, 'staff', 'add', '--openid', CLERK, '--store', STORE, '--role', 'clerk', '--name', '小钱')
    await saveCatalogue(dataDir, {
      templates: [
        { id: 'e2e-cash20', title: '满100减20', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 }, claimable: true },
        { id: 'e2e-last-one', title: '拿铁买一送一', kind: 'gift', gift: '拿铁一杯', validity: { kind: 'days', days: 7 }, claimable: true, totalLimit: 1 },
      ],
      items: [
        // Points plus ¥5 cash at pickup, two per member.
        {
          id: 'e2e-latte',
          title: '拿铁咖啡',
          subtitle: '门店现做',
          description: '意式浓缩加鲜奶。',
          category: '饮品',
          images: ['/assets/mall/latte.svg'],
          kind: 'goods',
          fulfilment: 'pickup',
          pricePoints: 300,
          priceFen: 500,
          marketPriceFen: 3200,
          stock: 5,
          perMemberLimit: 2,
          storeIds: [STORE],
        },
        {
          id: 'e2e-mug',
          title: '会卡马克杯',
          category: '周边',
          images: ['/assets/mall/mug.svg'],
          kind: 'goods',
          fulfilment: 'pickup',
          pricePoints: 800,
          stock: 10,
          flash: { id: 'now', startsAt: at(-HOUR), endsAt: at(HOUR), pricePoints: 200, stock: 3, perMemberLimit: 1 },
        },
        {
          id: 'e2e-bear',
          title: '小熊公仔',
          category: '周边',
          images: ['/assets/mall/bear.svg'],
          kind: 'goods',
          fulfilment: 'pickup',
          pricePoints: 900,
          stock: 10,
          flash: { id: 'later', startsAt: at(2 * HOUR), endsAt: at(3 * HOUR), pricePoints: 450 },
        },
      ],
    })
  })

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const newPage = () => phonePage(server.browser)

  /** A registered member with 1,000 points from a ¥1,000 purchase credited at the till. */
  async function member(openid: string, phone: string) {
    await registerAs(server.url, openid, phone, '商城会员')
    const code = await api<{ code: string }>('member', openid, { action: 'code' })
    const res = await api<{ status: string }>('staff', CLERK, { action: 'accrue', memberCode: code.data.code, orderId: `MALL-${openid}`, amountFen: 100_000 })
    expect({ ok: res.ok, status: res.data?.status, error: res.error }).toEqual({ ok: true, status: 'credited', error: undefined })
    const summary = await api<{ available: number }>('points', openid, { action: 'summary' })
    expect(summary.data.available).toBe(1000)
  }

  test('the bundled pictures are served as SVG', async () => {
    for (const name of ['latte', 'cheesecake', 'milk-tea', 'movie-ticket', 'coupon-cash', 'coupon-percent', 'tote-bag', 'mug', 'umbrella', 'thermos', 'power-bank', 'bear']) {
      const res = await fetch(`${server.url}/assets/mall/${name}.svg`)
      expect({ name, status: res.status, type: res.headers.get('content-type') }).toEqual({ name, status: 200, type: expect.stringContaining('image/svg+xml') })
      expect(await res.text()).toContain('viewBox="0 0 480 480"')
    }
  })

  test('from the card to the mall: a pickup item for points and cash, confirmed once despite a lost answer, with its pickup code', async () => {
    const openid = 'e2e-mall-latte'
    await member(openid, '13700006661')
    const page = await newPage()
    await actAs(page, openid)

    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-mall-link').click()
    await page.waitForURL(/\/mall\/index\/index/)
    await page.locator('#mall-available').waitFor({ state: 'visible' })
    await expect(text(page, '#mall-available')).resolves.toBe('1,000')
    // All three cost at most 1,000 points now (the bear 900 until its sale starts).
    await expect(text(page, '#mall-affordable')).resolves.toBe('您的积分够兑换其中 3 件')
    await expect(text(page, '#mall-item-e2e-latte-price')).resolves.toBe('300 积分 + ¥5')
    await expect(text(page, '#mall-item-e2e-latte-price-market')).resolves.toBe('¥32')
    await expect(text(page, '#mall-item-e2e-latte-afford')).resolves.toBe('积分够换')
    // The cover picture really loads from the H5 build.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#mall-item-e2e-latte img')
      return !!img && img.complete && img.naturalWidth > 0
    })

    await page.locator('#mall-item-e2e-latte').click()
    await page.waitForURL(/\/mall\/item\/index\?id=e2e-latte/)
    await page.locator('#item-title').waitFor({ state: 'visible' })
    await expect(text(page, '#item-title')).resolves.toBe('拿铁咖啡')
    await expect(text(page, '#item-remaining')).resolves.toBe('您还可兑 2 件')
    await expect(text(page, '#item-description')).resolves.toBe('意式浓缩加鲜奶。')
    // The stepper stops at the member's limit.
    await page.locator('#item-qty-plus').click()
    await page.locator('#item-qty-plus').click()
    await expect(text(page, '#item-qty')).resolves.toBe('2')
    await expect(text(page, '#item-total')).resolves.toBe('600 积分')
    await page.locator('#item-redeem').click()

    await page.waitForURL(/\/mall\/confirm\/index/)
    await page.locator('#confirm-total').waitFor({ state: 'visible' })
    await expect(text(page, '#confirm-quantity')).resolves.toBe('2')
    await expect(text(page, '#confirm-total')).resolves.toBe('600')
    await expect(text(page, '#confirm-before')).resolves.toBe('1,000')
    await expect(text(page, '#confirm-after')).resolves.toBe('400')
    await expect(text(page, '#confirm-cash')).resolves.toBe('¥10')

    // The server redeems, but the answer never arrives: the page offers a retry of the same request.
    await page.route('**/api/mall', async (route) => {
      if (route.request().postDataJSON()?.action !== 'redeem') return route.continue()
      await route.fetch()
      await route.abort('connectionreset')
    })
    await page.locator('#confirm-submit').click()
    await page.locator('#confirm-error').waitFor({ state: 'visible' })
    await expect(page.locator('#confirm-error').getAttribute('data-code')).resolves.toBe('NETWORK')
    await expect(text(page, '#confirm-submit')).resolves.toContain('重新提交')
    await page.unroute('**/api/mall')
    await page.locator('#confirm-submit').click()
    await page.locator('#confirm-result').waitFor({ state: 'visible' })
    await expect(page.locator('#confirm-result').getAttribute('data-duplicate')).resolves.toBe('true')
    const code = (await page.locator('#confirm-result').getAttribute('data-order')) ?? ''
    await expect(text(page, '#confirm-order-code')).resolves.toBe(groupCode(code))
    await expect(text(page, '#confirm-balance')).resolves.toBe('400')
    await expect(text(page, '#confirm-note')).resolves.toMatch(/^请在 \d{4}-\d{2}-\d{2} 前到店出示提货码$/)

    // One order, one spend.
    const orders = await api<{ orders: Array<{ code: string; quantity: number; pickupBy: string }> }>('mall', openid, { action: 'orders' })
    expect(orders.data.orders.map((o) => [o.code, o.quantity])).toEqual([[code, 2]])

    await page.locator('#confirm-orders').click()
    await page.waitForURL(/\/mall\/orders\/index/)
    const card = `#order-${code}`
    await page.locator(card).waitFor({ state: 'visible' })
    await expect(page.locator('#orders-tab-open').getAttribute('data-active')).resolves.toBe('true')
    await expect(page.locator(card).getAttribute('data-status')).resolves.toBe('awaiting_pickup')
    await expect(text(page, `${card}-status`)).resolves.toBe('待提货')
    await expect(text(page, `${card}-code-text`)).resolves.toBe(groupCode(code))
    await expect(decodeQr(page, `${card}-code-qr`)).resolves.toBe(code)
    await expect(text(page, `${card}-pickup-by`)).resolves.toBe(`最后提货日：${orders.data.orders[0].pickupBy}`)
    await expect(text(page, `${card}-stores`)).resolves.toBe("提货门店：商城门店")

    // The new balance, on the points page and back in the mall.
    await page.goto(`${server.url}/pages/points/index`)
    await page.locator('#points-balance').waitFor({ state: 'visible' })
    await expect(text(page, '#points-balance')).resolves.toBe('400')
    await page.goto(`${server.url}/mall/index/index`)
    await page.locator('#mall-available').waitFor({ state: 'visible' })
    await expect(text(page, '#mall-available')).resolves.toBe('400')
    // Two were the member's limit: the card says so instead of offering more.
    await expect(text(page, '#mall-item-e2e-latte-afford')).resolves.toBe('已达每人限兑数量')
    await expect(page.locator('#mall-item-e2e-latte').getAttribute('data-can-redeem')).resolves.toBe('false')
    await page.close()
  })

  test('flash sales count down on the server clock; a flash redemption is cancelled and the points come back', async () => {
    const openid = 'e2e-mall-flash'
    await member(openid, '13700006662')
    const page = await newPage()
    await actAs(page, openid)
    await page.goto(`${server.url}/mall/index/index`)
    await page.locator('#mall-flash').waitFor({ state: 'visible' })
    await expect(page.locator('#flash-e2e-mug-countdown').getAttribute('data-phase')).resolves.toBe('live')
    await expect(text(page, '#flash-e2e-mug-countdown')).resolves.toMatch(/^距结束 00:[0-5]\d:[0-5]\d$/)
    await expect(page.locator('#flash-e2e-bear-countdown').getAttribute('data-phase')).resolves.toBe('upcoming')
    await expect(text(page, '#flash-e2e-bear-countdown')).resolves.toMatch(/^距开始 0[12]:[0-5]\d:[0-5]\d$/)
    // The flash price now, the regular one struck through.
    await expect(text(page, '#flash-e2e-mug-price')).resolves.toBe('200 积分')
    await expect(text(page, '#flash-e2e-mug-price-regular')).resolves.toBe('800 积分')
    // The upcoming sale has not changed the bear's price yet.
    await expect(text(page, '#flash-e2e-bear-price')).resolves.toBe('900 积分')

    await page.locator('#flash-e2e-mug').click()
    await page.waitForURL(/\/mall\/item\/index\?id=e2e-mug/)
    await page.locator('#item-flash-countdown').waitFor({ state: 'visible' })
    await expect(page.locator('#item-flash-countdown').getAttribute('data-phase')).resolves.toBe('live')
    await expect(text(page, '#item-remaining')).resolves.toBe('您还可兑 1 件')
    await page.locator('#item-redeem').click()
    await page.locator('#confirm-submit').waitFor({ state: 'visible' })
    await expect(text(page, '#confirm-after')).resolves.toBe('800')
    await page.locator('#confirm-submit').click()
    await page.locator('#confirm-result').waitFor({ state: 'visible' })
    const code = (await page.locator('#confirm-result').getAttribute('data-order')) ?? ''
    await expect(text(page, '#confirm-balance')).resolves.toBe('800')

    await page.locator('#confirm-orders').click()
    await page.locator(`#order-${code}`).waitFor({ state: 'visible' })
    await page.locator(`#order-${code}-cancel`).click()
    // The confirmation dialog says what comes back; keeping the order first, then cancelling.
    await page.locator('.taro-modal__content').waitFor({ state: 'visible' })
    await expect(page.locator('.taro-modal__content').textContent()).resolves.toContain('200 积分将退回您的账户')
    await page.locator('.taro__modal').getByText('再想想').click()
    await expect(page.locator(`#order-${code}`).getAttribute('data-status')).resolves.toBe('awaiting_pickup')
    await page.locator(`#order-${code}-cancel`).click()
    await page.locator('.taro__modal').getByText('确认取消').click()
    await page.locator(`#order-${code}`).waitFor({ state: 'detached' })

    await page.locator('#orders-tab-done').click()
    await page.locator(`#order-${code}`).waitFor({ state: 'visible' })
    await expect(page.locator(`#order-${code}`).getAttribute('data-status')).resolves.toBe('cancelled')
    await expect(text(page, `#order-${code}-status`)).resolves.toBe('已取消')
    expect(await page.locator(`#order-${code}-cancel`).count()).toBe(0)

    const summary = await api<{ available: number }>('points', openid, { action: 'summary' })
    expect(summary.data.available).toBe(1000)
    await page.goto(`${server.url}/mall/index/index`)
    await page.locator('#mall-available').waitFor({ state: 'visible' })
    await expect(text(page, '#mall-available')).resolves.toBe('1,000')
    await page.close()
  })

  test('the wallet: a coupon claimed in the coupon centre shows under 可使用 with its code; a coupon taken meanwhile says so', async () => {
    const openid = 'e2e-mall-wallet'
    await registerAs(server.url, openid, '13700006663', '领券会员')
    const page = await newPage()
    await actAs(page, openid)
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-wallet-link').click()
    await page.waitForURL(/\/pages\/coupons\/index/)
    await page.locator('#coupons-count-usable').waitFor({ state: 'visible' })
    await expect(text(page, '#coupons-count-usable')).resolves.toBe('0')
    await page.locator('#coupons-empty').waitFor({ state: 'visible' })
    await page.locator('#claim-e2e-cash20').waitFor({ state: 'visible' })
    await expect(text(page, '#claim-e2e-cash20-button')).resolves.toBe('立即领取')

    await page.locator('#claim-e2e-cash20-button').click()
    await waitText(page, '#coupons-count-usable', '1')
    await expect(page.locator('#coupons-tab-usable').getAttribute('data-active')).resolves.toBe('true')
    const listed = await api<{ coupons: Array<{ code: string; status: string }> }>('coupon', openid, { action: 'list' })
    expect(listed.data.coupons.map((c) => c.status)).toEqual(['usable'])
    const code = listed.data.coupons[0].code
    const coupon = `#coupon-${code}`
    await page.locator(coupon).waitFor({ state: 'visible' })
    await expect(text(page, `${coupon}-face`)).resolves.toBe('¥20')
    await expect(text(page, `${coupon}-title`)).resolves.toBe('满100减20')
    await expect(text(page, `${coupon}-when`)).resolves.toBe('还剩 30 天')
    // The member may claim one: the centre says so now.
    await waitText(page, '#claim-e2e-cash20-button', '已领取')

    // Tapping it shows the code for the till.
    await page.locator(coupon).click()
    await page.locator('#coupon-sheet').waitFor({ state: 'visible' })
    await expect(text(page, '#coupon-sheet-code-text')).resolves.toBe(groupCode(code))
    await expect(decodeQr(page, '#coupon-sheet-code-qr')).resolves.toBe(code)
    await page.locator('#coupon-sheet-code-barcode').waitFor({ state: 'visible' })
    await page.locator('#coupon-sheet-close').click()
    await page.locator('#coupon-sheet').waitFor({ state: 'detached' })

    // The last coupon of a capped template goes to someone else while the page is open.
    await expect(text(page, '#claim-e2e-last-one-button')).resolves.toBe('立即领取')
    await registerAs(server.url, 'e2e-mall-faster', '13700006664', '手快会员')
    expect((await api('coupon', 'e2e-mall-faster', { action: 'claim', templateId: 'e2e-last-one' })).ok).toBe(true)
    await page.locator('#claim-e2e-last-one-button').click()
    await page.locator('#claim-e2e-last-one-message').waitFor({ state: 'visible' })
    await expect(text(page, '#claim-e2e-last-one-message')).resolves.toBe('来晚了，这张券已被领完')
    await waitText(page, '#claim-e2e-last-one-button', '已领完')
    await expect(text(page, '#coupons-count-usable')).resolves.toBe('1')

    // The card counts the usable coupon.
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-coupons').waitFor({ state: 'visible' })
    await expect(text(page, '#card-coupons')).resolves.toBe('1')
    await page.close()
  })
})
