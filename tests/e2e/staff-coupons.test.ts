import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, cli, registerAs, useE2E } from './harness'
import { saveCatalogue } from './staff-catalogue'
import { phonePage, text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const CLERK = 'e2e-cpn-clerk'
const OTHER_CLERK = 'e2e-cpn-other-clerk'
const MEMBER = 'e2e-cpn-member'
const STORE = 'E2EC1'
const TEMPLATE = 'e2e-cash-20'
const ITEM = 'e2e-cheesecake'

describeIfBrowser('H5 in Chromium: a clerk writes off a coupon (and undoes it) and hands over a mall order', () => {
  const server = useE2E('huika-e2e-coupons-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '券测门店')
    await cli(dataDir, 'staff', 'add', '--openid', CLERK, '--store', STORE, '--role', 'clerk', '--name', '小周')
    await cli(dataDir, 'staff', 'add', '--openid', OTHER_CLERK, '--store', STORE, '--role', 'clerk', '--name', '小吴')
    await saveCatalogue(dataDir, {
      templates: [
        { id: TEMPLATE, title: '满100减20', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 }, claimable: true, note: '不与其他优惠同享' },
      ],
      // Points plus ¥9.90 in cash, paid when the cake is collected at this store.
      items: [{ id: ITEM, title: '纽约芝士蛋糕', category: '饮品美食', kind: 'goods', fulfilment: 'pickup', pricePoints: 200, priceFen: 990, stock: 5, storeIds: [STORE], pickupDays: 7 }],
    })
  })

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const newPage = () => phonePage(server.browser)

  test('someone who is not staff cannot open the write-off page', async () => {
    const page = await newPage()
    await actAs(page, 'e2e-cpn-stranger')
    await page.goto(`${server.url}/staff/writeoff/index`)
    await page.locator('#staff-not-staff').waitFor({ state: 'visible' })
    expect(await page.locator('#writeoff-code').count()).toBe(0)
    await page.close()
  })

  test('the till lists the coupon; the clerk writes it off, undoes it, writes it off again, and hands the cake over once', async () => {
    // The member: registered, 500 points from a purchase at the till, a claimed coupon and a redeemed cake.
    await registerAs(server.url, MEMBER, '13700005555', '券测会员')
    const paid = await api('member', MEMBER, { action: 'code' })
    const accrued = await api<{ status: string }>('staff', CLERK, { action: 'accrue', memberCode: paid.data.code, orderId: 'CPN-0001', amountFen: 50_000 })
    expect({ ok: accrued.ok, status: accrued.data?.status, error: accrued.error }).toEqual({ ok: true, status: 'credited', error: undefined })
    const claimed = await api<{ coupon: { code: string; validUntil: string } }>('coupon', MEMBER, { action: 'claim', templateId: TEMPLATE })
    expect(claimed.error).toBeUndefined()
    const coupon = claimed.data.coupon
    const redeemed = await api<{ order: { code: string; status: string; pickupBy: string } }>('mall', MEMBER, {
      action: 'redeem',
      itemId: ITEM,
      quantity: 1,
      requestId: 'e2e-cpn-redeem-0001',
    })
    expect(redeemed.error).toBeUndefined()
    const order = redeemed.data.order
    expect(order.status).toBe('awaiting_pickup')

    // At the till: the member's code shows their usable coupon with its face, rules and last day.
    const till = await newPage()
    await actAs(till, CLERK)
    await till.goto(`${server.url}/staff/scan/index`)
    await till.locator('#staff-header').waitFor({ state: 'visible' })
    const shown = await api('member', MEMBER, { action: 'code' })
    await till.locator('#staff-code input').fill(shown.data.code)
    await till.locator('#staff-lookup').click()
    const listed = `#till-coupon-${coupon.code}`
    await till.locator(listed).waitFor({ state: 'visible' })
    const line = (await text(till, listed)) ?? ''
    for (const part of ['¥20', '满100减20', '满 ¥100 可用', `有效期至 ${coupon.validUntil}`]) expect(line).toContain(part)

    // Tapping it opens the write-off page with the code filled in and already checked.
    await till.locator(listed).click()
    await till.waitForURL(/\/staff\/writeoff\/index\?code=/)
    await till.locator('#writeoff-coupon').waitFor({ state: 'visible' })
    await expect(till.locator('#writeoff-code input').inputValue()).resolves.toBe(coupon.code)
    await expect(text(till, '#writeoff-face')).resolves.toBe('¥20')
    await expect(text(till, '#writeoff-title')).resolves.toBe('满100减20')
    await expect(text(till, '#writeoff-note')).resolves.toBe('不与其他优惠同享')
    await expect(text(till, '#writeoff-validity')).resolves.toContain(coupon.validUntil)
    await expect(text(till, '#writeoff-member')).resolves.toContain('券测会员')
    await expect(text(till, '#writeoff-status')).resolves.toBe('可使用')

    await till.locator('#writeoff-confirm').click()
    await till.locator('#writeoff-result').waitFor({ state: 'visible' })
    await expect(text(till, '#writeoff-headline')).resolves.toBe('已核销')
    await expect(till.locator('#writeoff-result').getAttribute('data-duplicate')).resolves.toBe('false')
    await expect(text(till, '#writeoff-time')).resolves.toMatch(/核销时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    await expect(text(till, '#writeoff-status')).resolves.toBe('已使用')

    // Undo needs a reason; then the coupon is usable again and can be written off once more.
    await till.locator('#writeoff-undo').click()
    await expect(till.locator('#writeoff-undo-confirm').getAttribute('class')).resolves.toContain('nut-button-disabled')
    await till.locator('#writeoff-undo-reason input').fill('扫错了券')
    await till.locator('#writeoff-undo-confirm').click()
    await till.locator('#writeoff-undone').waitFor({ state: 'visible' })
    await expect(text(till, '#writeoff-status')).resolves.toBe('可使用')
    expect(await till.locator('#writeoff-result').count()).toBe(0)
    await till.locator('#writeoff-confirm').click()
    await till.locator('#writeoff-result').waitFor({ state: 'visible' })
    await expect(text(till, '#writeoff-headline')).resolves.toBe('已核销')

    // Opened again by link: refused in plain words, and this store may still undo it.
    await till.goto(`${server.url}/staff/writeoff/index?code=${coupon.code}`)
    await till.locator('#writeoff-refusal').waitFor({ state: 'visible' })
    await expect(till.locator('#writeoff-refusal').getAttribute('data-code')).resolves.toBe('COUPON_USED')
    await expect(text(till, '#writeoff-refusal')).resolves.toContain('这张券已经核销过')
    await till.locator('#writeoff-undo').waitFor({ state: 'visible' })
    expect(await till.locator('#writeoff-confirm').count()).toBe(0)

    // The pickup code, typed as a member might read it out: lower case, in groups of four.
    await till.locator('#staff-open-fulfil').click()
    await till.waitForURL(/\/staff\/fulfil\/index/)
    const spoken = order.code.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ')
    await till.locator('#fulfil-code input').fill(spoken)
    await till.locator('#fulfil-check').click()
    await till.locator('#fulfil-order').waitFor({ state: 'visible' })
    await expect(text(till, '#fulfil-item')).resolves.toBe('纽约芝士蛋糕')
    await expect(text(till, '#fulfil-quantity')).resolves.toBe('× 1')
    await expect(text(till, '#fulfil-member')).resolves.toContain('券测会员')
    await expect(text(till, '#fulfil-pickup-by')).resolves.toContain(order.pickupBy)
    await expect(text(till, '#fulfil-collect')).resolves.toBe('需收现金 ¥9.90')
    await till.locator('#fulfil-confirm').click()
    await till.locator('#fulfil-result').waitFor({ state: 'visible' })
    await expect(text(till, '#fulfil-headline')).resolves.toBe('已提货')
    await expect(text(till, '#fulfil-result-collect')).resolves.toBe('请向顾客收取现金 ¥9.90')

    // The same code again is refused, with no way to hand it over twice.
    await till.locator('#fulfil-next').click()
    await till.locator('#fulfil-code input').fill(order.code)
    await till.locator('#fulfil-check').click()
    await till.locator('#fulfil-refusal').waitFor({ state: 'visible' })
    await expect(till.locator('#fulfil-refusal').getAttribute('data-code')).resolves.toBe('ORDER_FULFILLED')
    await expect(text(till, '#fulfil-refusal')).resolves.toContain('已经交付过')
    await expect(text(till, '#fulfil-status')).resolves.toBe('已完成')
    expect(await till.locator('#fulfil-confirm').count()).toBe(0)
    await till.close()

    // What was stored: the coupon used once (another clerk cannot use it again), the order completed once.
    const wallet = await api<{ coupons: Array<{ code: string; status: string; usedAt: string | null }>; counts: { used: number } }>('coupon', MEMBER, { action: 'list' })
    expect(wallet.data.counts.used).toBe(1)
    expect(wallet.data.coupons.find((c) => c.code === coupon.code)).toMatchObject({ status: 'used', usedAt: expect.any(String) })
    await expect(api('staff', OTHER_CLERK, { action: 'writeOff', couponCode: coupon.code })).resolves.toMatchObject({ ok: false, error: { code: 'COUPON_USED' } })
    const orders = await api<{ orders: Array<{ code: string; status: string; fulfilledAt: string | null }> }>('mall', MEMBER, { action: 'orders', status: 'done' })
    expect(orders.data.orders.find((o) => o.code === order.code)).toMatchObject({ status: 'completed', fulfilledAt: expect.any(String) })
    await expect(api('staff', OTHER_CLERK, { action: 'fulfil', orderCode: order.code })).resolves.toMatchObject({ ok: false, error: { code: 'ORDER_FULFILLED' } })
  })
})
