import { decodeQr } from './decode-qr'
import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { actAs as actAsAt, smsCodeFor, useE2E } from './harness'

jest.setTimeout(120_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

describeIfBrowser('H5 in Chromium: register, the card, deep links', () => {
  const server = useE2E('huika-e2e-')

  async function callMember(openid: string, body: object) {
    const res = await fetch(`${server.url}/api/member`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify(body),
    })
    return (await res.json()) as { ok: boolean; data: { memberNo: string; phone: string } }
  }

  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)

  test('a deep link sends a newcomer to register, then to the card with a scannable member code', async () => {
    const page = await server.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const phone = '13812345678'
    await actAs(page, 'e2e-newcomer')

    await page.goto(`${server.url}/pages/card/index?from=menu`)
    await page.waitForURL(/\/pages\/register\/index/)

    await page.locator('#register-phone input').fill(phone)
    await page.locator('#register-send-code').click()
    await page.waitForFunction(() => !!document.querySelector('#register-send-code')?.textContent?.match(/\d+/))
    await page.locator('#register-sms-code input').fill(await smsCodeFor(server.url, phone))
    await page.locator('#register-nickname input').fill('小会')
    await page.locator('#register-consent').click()
    await page.locator('#register-submit').click()

    await page.waitForURL(/\/pages\/card\/index/)
    await page.locator('#card-qrcode').waitFor({ state: 'visible' })
    await page.waitForFunction(() => (document.querySelector('#card-qrcode img, img#card-qrcode') as HTMLImageElement | null)?.complete)
    await page.waitForTimeout(300)
    const decoded = await decodeQr(page, '#card-qrcode')
    expect(decoded).toMatch(/^\d{16,24}$/)
    await expect(page.locator('#card-nickname').textContent()).resolves.toContain('小会')
    await expect(page.locator('#card-member-no').textContent()).resolves.toMatch(/\d{10}/)
    await expect(page.locator('#card-points').textContent()).resolves.toContain('0')

    // The code on screen belongs to the member who just registered.
    const me = await callMember('e2e-newcomer', { action: 'me' })
    expect(me.ok).toBe(true)
    expect(me.data.phone).toBe(phone)
    expect(decoded).toContain(me.data.memberNo)
    await page.close()
  })

  test('an official-account menu link opens the card page directly for a member', async () => {
    const openid = 'e2e-member'
    const phone = '13987654321'
    expect((await callMember(openid, { action: 'sendCode', phone })).ok).toBe(true)
    const smsCode = await smsCodeFor(server.url, phone)
    expect((await callMember(openid, { action: 'register', phone, smsCode, nickname: '老会员' })).ok).toBe(true)

    const page = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(page, openid)
    await page.goto(`${server.url}/pages/card/index?from=menu`)
    await page.locator('#card-nickname').waitFor({ state: 'visible' })
    expect(page.url()).toContain('/pages/card/index?from=menu')
    await expect(page.locator('#card-nickname').textContent()).resolves.toContain('老会员')
    await page.close()
  })
})
