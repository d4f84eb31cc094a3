import { verify } from '../../shared/webhooks/signing'
import { openReceiver } from '../handlers/webhook-receiver'
import { browserAvailable } from './browser'
import { desktopPage, openConsole } from './console-setup'
import { apiAs, cli, useE2E } from './harness'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const ADMIN = 'e2e-wh-admin'
const MANAGER = 'e2e-wh-manager'
const PHONE = '13800000001'

describeIfBrowser('webhooks in the console (Chromium, local mode): create, secret once, delivery signed, redeliver', () => {
  let receiver: Awaited<ReturnType<typeof openReceiver>>
  beforeAll(async () => {
    receiver = await openReceiver()
  })
  afterAll(() => receiver.close())

  const server = useE2E('huika-e2e-webhooks-', async (dataDir) => {
    await cli(dataDir, 'seed', 'demo')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', 'DEMO01', '--role', 'admin', '--name', '王管理')
    await cli(dataDir, 'staff', 'add', '--openid', MANAGER, '--store', 'DEMO01', '--role', 'manager', '--name', '李店长')
  })
  const admin = <T = any>(body: object) => apiAs<T>(server.url, 'admin', ADMIN, body)
  const runJob = async () => (await (await fetch(`${server.url}/_dev/jobs/webhook-deliver`, { method: 'POST' })).json()) as { ok: boolean; data: { delivered: number } }

  test('an admin adds a webhook, copies its secret once, and a points change arrives signed; the delivery is listed and sent again on request', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/webhooks')

    await page.locator('#webhook-new').click()
    await page.locator('#webhook-url').fill('ftp://crm.example.com')
    await page.locator('.webhook-event-points input').check()
    await page.locator('#webhook-form-ok').click()
    // The address rule is checked before anything is sent.
    await page.getByText('Webhook 地址必须以 http:// 或 https:// 开头').first().waitFor({ state: 'visible' })
    expect((await admin<{ webhooks: unknown[] }>({ action: 'webhooks' })).data.webhooks).toEqual([])
    await page.locator('#webhook-url').fill(receiver.url)
    await page.locator('#webhook-description').fill('总部 CRM')
    await page.locator('#webhook-form-ok').click()

    const secretBox = page.locator('#webhook-secret')
    await secretBox.waitFor({ state: 'visible' })
    const secret = await secretBox.inputValue()
    expect(secret).toMatch(/^whsec_/)
    await page.locator('#webhook-secret-done').click()
    // Once closed, the secret is gone from the page.
    await secretBox.waitFor({ state: 'detached' })
    const row = page.locator('.webhook-row', { hasText: '总部 CRM' })
    await row.waitFor({ state: 'visible' })
    expect(await row.textContent()).toContain(`whsec_…${secret.slice(-4)}`)
    expect(await page.content()).not.toContain(secret)

    // A points change for a member, then the job (which `npm start` runs every 20 s by itself).
    const found = await admin<{ members: Array<{ memberId: string; memberNo: string }> }>({ action: 'searchMembers', q: PHONE })
    const member = found.data.members[0]
    expect((await admin({ action: 'adjustPoints', memberId: member.memberId, points: 88, reason: '线下活动补发积分', requestId: 'e2e-wh-1' })).ok).toBe(true)
    expect((await runJob()).data.delivered).toBe(1)
    expect(receiver.received).toHaveLength(1)
    const [req] = receiver.received
    const check = verify({
      secret,
      body: req.body,
      timestamp: req.headers['x-huika-timestamp'] as string,
      signature: req.headers['x-huika-signature'] as string,
      nowSeconds: Math.floor(Date.now() / 1000),
    })
    expect(check).toEqual({ ok: true })
    const body = JSON.parse(req.body)
    expect(body).toMatchObject({ id: req.headers['x-huika-delivery'], event: { type: 'points.adjusted', data: { memberNo: member.memberNo, points: 88 } } })
    expect(req.body).not.toContain(PHONE)

    // The console lists it as delivered; 重新发送 sends it again under the same id.
    await page.locator('#deliveries-refresh').click()
    const delivered = page.locator('.delivery-row', { has: page.locator('.delivery-status[data-status="delivered"]') })
    await delivered.first().waitFor({ state: 'visible' })
    expect(await delivered.count()).toBe(1)
    await delivered.first().locator('.delivery-redeliver').click()
    await page.locator('.delivery-row .delivery-status[data-status="pending"]').first().waitFor({ state: 'visible' })
    expect((await runJob()).data.delivered).toBe(1)
    expect(receiver.received.map((r) => r.headers['x-huika-delivery'])).toEqual([body.id, body.id])
    await page.close()
  })

  test('a manager has no webhooks menu, and the server refuses them', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${MANAGER}`).click()
    await openConsole(page, server.url)
    expect(await page.locator('#menu-webhooks').count()).toBe(0)
    expect(await apiAs(server.url, 'admin', MANAGER, { action: 'webhooks' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await page.close()
  })
})
