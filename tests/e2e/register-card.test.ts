import jsQR from 'jsqr'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import type { Browser, Page } from 'playwright-core'
import { ensureH5Build, h5Dir } from '../../scripts/h5-build'
import { startServer } from '../../scripts/server'
import { browserAvailable, launchBrowser } from './browser'

jest.setTimeout(120_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

/** Reads the QR code the page rendered, as a phone camera would. */
async function decodeQr(page: Page, selector: string): Promise<string | null> {
  const png = PNG.sync.read(await page.locator(selector).screenshot())
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
}

async function smsCodeFor(base: string, phone: string): Promise<string> {
  const outbox = (await (await fetch(`${base}/_dev/outbox`)).json()) as Array<{ to: string; text: string }>
  const code = outbox.find((m) => m.to === phone)?.text.match(/\d{6}/)?.[0]
  if (!code) throw new Error(`no SMS for ${phone} in the outbox`)
  return code
}

describeIfBrowser('H5 in Chromium: register, the card, deep links', () => {
  let browser: Browser
  let server: { url: string; close(): Promise<void> }
  let dataDir: string

  beforeAll(async () => {
    await ensureH5Build(() => {})
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-e2e-'))
    server = await startServer({ port: 0, dataDir, mode: 'local', staticDir: h5Dir, quiet: true })
    browser = await launchBrowser()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  async function callMember(openid: string, body: object) {
    const res = await fetch(`${server.url}/api/member`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify(body),
    })
    return (await res.json()) as { ok: boolean; data: { memberNo: string; phone: string } }
  }

  async function actAs(page: Page, openid: string) {
    await page.goto(`${server.url}/pages/dev/index`)
    await page.locator('#dev-openid input').fill(openid)
    await page.locator('#dev-apply').click()
  }

  test('a deep link sends a newcomer to register, then to the card with a scannable member code', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
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

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(page, openid)
    await page.goto(`${server.url}/pages/card/index?from=menu`)
    await page.locator('#card-nickname').waitFor({ state: 'visible' })
    expect(page.url()).toContain('/pages/card/index?from=menu')
    await expect(page.locator('#card-nickname').textContent()).resolves.toContain('老会员')
    await page.close()
  })
})
