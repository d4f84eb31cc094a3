import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, cli, registerAs, useE2E } from './harness'
import { text } from './page'

jest.setTimeout(120_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const CLERK = 'e2e-till-clerk'
const BUSY_CLERK = 'e2e-till-busy-clerk'
const MANAGER = 'e2e-till-manager'
const MEMBER = 'e2e-till-member'
const REGULAR = 'e2e-till-regular'
const STORE = 'E2E01'

describeIfBrowser('H5 in Chromium: a clerk credits a purchase at the till, the member sees it', () => {
  const server = useE2E('huika-e2e-till-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '测试门店')
    await cli(dataDir, 'staff', 'add', '--openid', CLERK, '--store', STORE, '--role', 'clerk', '--name', '小王')
    await cli(dataDir, 'staff', 'add', '--openid', BUSY_CLERK, '--store', STORE, '--role', 'clerk', '--name', '小李')
    await cli(dataDir, 'staff', 'add', '--openid', MANAGER, '--store', STORE, '--role', 'manager', '--name', '张店长')
  })

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const register = (openid: string, phone: string) => registerAs(server.url, openid, phone, '到店会员')

  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)


  test('someone who is not staff sees 您不是店员 on the till', async () => {
    const page = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(page, 'e2e-till-stranger')
    await page.goto(`${server.url}/staff/scan/index`)
    await page.locator('#staff-not-staff').waitFor({ state: 'visible' })
    await expect(text(page, '#staff-not-staff')).resolves.toContain('您不是店员')
    expect(await page.locator('#staff-code').count()).toBe(0)
    await page.close()
  })

  test('the clerk types the member code, credits ¥128.50, refunds part of it, and the member’s card and points page show both', async () => {
    await register(MEMBER, '13700001111')
    const code = await api<{ code: string }>('member', MEMBER, { action: 'code' })
    expect(code.ok).toBe(true)

    const till = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(till, CLERK)
    await till.goto(`${server.url}/staff/scan/index`)
    await till.locator('#staff-header').waitFor({ state: 'visible' })
    await expect(text(till, '#staff-store')).resolves.toContain('测试门店')
    await expect(text(till, '#staff-role')).resolves.toContain('店员')
    // A clerk is not offered the managers' pages.
    expect(await till.locator('#staff-open-approvals').count()).toBe(0)

    await till.locator('#staff-code input').fill(code.data.code)
    await till.locator('#staff-lookup').click()
    await till.locator('#till-member').waitFor({ state: 'visible' })
    await expect(text(till, '#till-nickname')).resolves.toContain('到店会员')
    const phone = await text(till, '#till-phone')
    expect(phone).not.toContain('13700001111')
    expect(phone).toMatch(/^137\D+1111$/)
    await expect(text(till, '#till-available')).resolves.toBe('0')
    await till.locator('#till-coupons-empty').waitFor({ state: 'visible' })

    await till.locator('#accrue-order input').fill('POS-20261124-0001')
    await till.locator('#accrue-amount input').fill('128.50')
    await expect(text(till, '#accrue-amount-hint')).resolves.toContain('128.50')
    await till.locator('#accrue-submit').click()
    await till.locator('#accrue-result').waitFor({ state: 'visible' })
    await expect(till.locator('#accrue-result').getAttribute('data-status')).resolves.toBe('credited')
    await expect(text(till, '#accrue-headline')).resolves.toContain('已积 128 分')
    await expect(text(till, '#accrue-detail')).resolves.toContain('128')

    // The customer returns part of it: ¥28.50 of ¥128.50 takes back floor-proportional points.
    await till.locator('#staff-open-refund').click()
    await till.waitForURL(/\/staff\/refund\/index/)
    await till.locator('#refund-order input').fill('POS-20261124-0001')
    await till.locator('#refund-amount input').fill('28.5')
    await till.locator('#refund-submit').click()
    await till.locator('#refund-result').waitFor({ state: 'visible' })
    const refunded = (await text(till, '#refund-headline')) ?? ''
    const taken = Number(refunded.match(/已扣回 (\d+) 分/)?.[1])
    expect(taken).toBeGreaterThan(0)
    await expect(text(till, '#refund-total')).resolves.toContain('28.50')
    await till.close()

    // The member, on their own phone: the card shows the live balance and links to the points page.
    const phonePage = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(phonePage, MEMBER)
    await phonePage.goto(`${server.url}/pages/card/index`)
    await phonePage.locator('#card-points').waitFor({ state: 'visible' })
    await expect(text(phonePage, '#card-points')).resolves.toBe(String(128 - taken))
    await phonePage.locator('#card-points-link').click()
    await phonePage.waitForURL(/\/pages\/points\/index/)
    await phonePage.locator('#points-balance').waitFor({ state: 'visible' })
    await expect(text(phonePage, '#points-balance')).resolves.toBe(String(128 - taken))
    await expect(text(phonePage, '#points-available')).resolves.toBe(String(128 - taken))
    // Newest first: the refund's correction, then the purchase.
    await phonePage.locator('#points-entry-1').waitFor({ state: 'visible' })
    const [reversal, earning] = [await text(phonePage, '#points-entry-0'), await text(phonePage, '#points-entry-1')]
    expect(reversal).toContain('退款扣回')
    expect(reversal).toContain(`-${taken}`)
    expect(earning).toContain('消费积分')
    expect(earning).toContain('+128')
    await expect(text(phonePage, '#points-expiry-0')).resolves.toContain(`${128 - taken} 分`)
    await phonePage.locator('#points-history-end').waitFor({ state: 'visible' })
    await phonePage.close()
  })

  test('a manager approves a credit above the limit, sees the burst, and the member scrolls through every entry', async () => {
    await register(REGULAR, '13700002222')
    // 24 small credits 20 s apart (a burst), each with the code the card shows at that moment, then
    // one above the per-order limit (¥5,000 by default), which waits for a manager.
    const start = Date.now() - 30 * 60_000
    const credit = async (i: number, amountFen: number) => {
      await fetch(`${server.url}/_dev/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now: new Date(start + i * 20_000).toISOString(), frozen: true }),
      })
      const code = await api<{ code: string }>('member', REGULAR, { action: 'code' })
      return api<{ status: string; approvalId: string | null }>('staff', BUSY_CLERK, { action: 'accrue', memberCode: code.data.code, orderId: `REG-${i}`, amountFen })
    }
    let approvalId = ''
    try {
      for (let i = 0; i < 24; i++) expect((await credit(i, 1_000)).data.status).toBe('credited')
      const big = await credit(24, 600_000)
      expect(big.data.status).toBe('pending_approval')
      approvalId = big.data.approvalId ?? ''
    } finally {
      await fetch(`${server.url}/_dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: null }) })
    }

    const desk = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(desk, MANAGER)
    await desk.goto(`${server.url}/staff/approvals/index`)
    const item = `#approval-${approvalId.replace(/[^\w-]/g, '_')}`
    await desk.locator(item).waitFor({ state: 'visible' })
    await expect(text(desk, item)).resolves.toContain('6000.00')
    await expect(text(desk, item)).resolves.toContain('单笔金额超限')
    await desk.locator(`${item}-approve`).click()
    await desk.locator('#approvals-empty').waitFor({ state: 'visible' })
    await desk.locator('#approvals-status-approved').click()
    await desk.locator(item).waitFor({ state: 'visible' })

    await desk.locator('#staff-open-anomalies').click()
    await desk.waitForURL(/\/staff\/anomalies\/index/)
    await desk.locator('#anomalies-list').waitFor({ state: 'visible' })
    await expect(desk.locator('#anomalies-list [data-kind="burst"]').first().textContent()).resolves.toContain('短时间内连续积分')
    await desk.close()

    // 24 × 10 points + 6,000 approved = 6,240, over two pages of history.
    const phonePage = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(phonePage, REGULAR)
    await phonePage.goto(`${server.url}/pages/points/index`)
    await phonePage.locator('#points-balance').waitFor({ state: 'visible' })
    await expect(text(phonePage, '#points-balance')).resolves.toBe('6240')
    await phonePage.locator('#points-entry-19').waitFor({ state: 'attached' })
    expect(await phonePage.locator('.points-entry').count()).toBe(20)
    await phonePage.mouse.wheel(0, 20_000)
    await phonePage.locator('#points-history-end').waitFor({ state: 'visible' })
    expect(await phonePage.locator('.points-entry').count()).toBe(25)
    await expect(text(phonePage, '#points-entry-0')).resolves.toContain('+6000')
    await expect(text(phonePage, '#points-entry-24')).resolves.toContain('+10')
    await phonePage.close()
  })
})
