import type { Page, Request } from 'playwright-core'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, cli, registerAs, useE2E } from './harness'
import { attr, phonePage, text, waitText } from './page'
import { desktopPage, openConsole } from './console-setup'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const STORE = 'E2E-CONSENT'
const CLERK = 'e2e-consent-clerk'
const ADMIN = 'e2e-consent-admin'

type Consents = { templates: Array<{ template: string; remaining: number }>; sms: { on: boolean }; ask: Array<{ template: string; title: string; wechatTemplateId: string }> }

// The default messaging settings: templates points-expiry, tier-changed and member-benefit; in H5
// the opt-in prompt stands in for WeChat's dialog.
describeIfBrowser('H5 in Chromium: asking members for message consent', () => {
  const server = useE2E('huika-e2e-consent-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '授权门店')
    await cli(dataDir, 'staff', 'add', '--openid', CLERK, '--store', STORE, '--role', 'clerk', '--name', '小钱')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', STORE, '--role', 'admin', '--name', '周管理')
  })
  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const consents = async (openid: string) => (await api<Consents>('member', openid, { action: 'consents' })).data
  const remaining = (c: Consents) => Object.fromEntries(c.templates.map((t) => [t.template, t.remaining]))
  const setClock = (now: string | null) =>
    fetch(`${server.url}/_dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(now ? { now, frozen: true } : { now: null }) })
  /**
   * An ¥88 purchase credited at the till (88 points). A member code credits one order and rotates
   * every 10 s, so each credit happens at its own moment in the recent past, then back to real time.
   */
  const start = Date.now() - 10 * 60_000
  let credits = 0
  async function credit(member: string, orderId: string) {
    try {
      await setClock(new Date(start + ++credits * 20_000).toISOString())
      const code = await api<{ code: string }>('member', member, { action: 'code' })
      const res = await api('staff', CLERK, { action: 'accrue', memberCode: code.data.code, orderId, amountFen: 8_800 })
      expect({ ok: res.ok, error: res.error }).toEqual({ ok: true, error: undefined })
    } finally {
      await setClock(null)
    }
  }

  test('after a check-in: the prompt asks for the reminders, and the dialog answers per template', async () => {
    const member = 'e2e-consent-checkin'
    await registerAs(server.url, member, '13700008801', '授权会员')
    const page = await phonePage(server.browser)
    await actAs(page, member)
    await page.goto(`${server.url}/pages/signin/index`)
    await page.locator('#signin-button').click()
    await page.locator('#optin-prompt').waitFor({ state: 'visible' })
    await expect(attr(page, '#optin-prompt', 'data-moment')).resolves.toBe('checkin')
    await expect(page.locator('.optin-prompt__item').allTextContents()).resolves.toEqual(['积分到期提醒', '会员等级变动提醒', '会员权益通知'])

    await page.locator('#optin-allow').click()
    await page.locator('#optin-dialog').waitFor({ state: 'visible' })
    await page.locator('#optin-dialog-member-benefit').click() // untick: refuse this one
    await page.locator('#optin-dialog-allow').click()
    await waitText(page, '#optin-done', '已开启：积分到期提醒、会员等级变动提醒')
    expect(remaining(await consents(member))).toEqual({ 'points-expiry': 1, 'tier-changed': 1, 'member-benefit': 0 })
    await page.close()
  })

  test('each moment asks at most once a day: a second credit the same day brings no prompt', async () => {
    const member = 'e2e-consent-twice'
    await registerAs(server.url, member, '13700008805', '两次会员')
    const page = await phonePage(server.browser)
    await actAs(page, member)
    const asks: string[] = []
    page.on('request', (r: Request) => {
      const body = r.method() === 'POST' && r.url().endsWith('/api/member') ? r.postData() : null
      if (body && JSON.parse(body).action === 'consents') asks.push(r.url())
    })
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-points').waitFor({ state: 'visible' })
    await credit(member, 'TWICE-1')
    await page.reload()
    await page.locator('#optin-prompt').waitFor({ state: 'visible' })
    await page.locator('#optin-later').click()
    expect(await page.locator('#optin-prompt').count()).toBe(0)
    expect(asks).toHaveLength(1)

    await credit(member, 'TWICE-2')
    await page.reload()
    await waitText(page, '#card-points', '176')
    await page.locator('#card-code-digits').waitFor({ state: 'visible' }) // the card is fully loaded
    expect(await page.locator('#optin-prompt').count()).toBe(0)
    expect(asks).toHaveLength(1) // not even asked the server what to ask for
    await page.close()
  })

  test('after a credit: the card notices the higher balance and asks; 取消 refuses and hides it', async () => {
    const member = 'e2e-consent-credit'
    await registerAs(server.url, member, '13700008802', '到账会员')
    const page = await phonePage(server.browser)
    await actAs(page, member)
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-points').waitFor({ state: 'visible' })
    expect(await page.locator('#optin-prompt').count()).toBe(0) // first look: nothing credited since

    await credit(member, 'CONSENT-1')
    await page.reload()
    await page.locator('#optin-prompt').waitFor({ state: 'visible' })
    await expect(attr(page, '#optin-prompt', 'data-moment')).resolves.toBe('credit')
    await expect(text(page, '.optin-prompt__text')).resolves.toContain('积分已到账')
    await page.locator('#optin-allow').click()
    await page.locator('#optin-dialog-cancel').click()
    await waitText(page, '#optin-done', '暂未开启提醒，可随时在「我的资料」中开启')
    expect(remaining(await consents(member))).toEqual({ 'points-expiry': 0, 'tier-changed': 0, 'member-benefit': 0 })
    // Refused templates are not asked for again for a while.
    expect((await consents(member)).ask).toEqual([])
    await page.close()
  })

  test('the profile shows the opt-ins left, grants more, and turns SMS notices on and off', async () => {
    const member = 'e2e-consent-profile'
    await registerAs(server.url, member, '13700008803', '资料会员')
    const page = await phonePage(server.browser)
    await actAs(page, member)
    await page.goto(`${server.url}/pages/profile/index`)
    await page.locator('#profile-notifications').waitFor({ state: 'visible' })
    await expect(text(page, '#profile-optin-points-expiry')).resolves.toBe('未开启')

    await page.locator('#profile-optin').click()
    await page.locator('#optin-dialog-allow').click()
    await waitText(page, '#profile-optin-points-expiry', '可接收 1 条')
    await expect(text(page, '#profile-optin-member-benefit')).resolves.toBe('可接收 1 条')

    await page.locator('#profile-sms').click()
    await page.waitForFunction(() => document.querySelector('#profile-sms .nut-checkbox-icon-checked') !== null)
    expect((await consents(member)).sms.on).toBe(true)
    await page.reload()
    await page.locator('#profile-notifications').waitFor({ state: 'visible' })
    await page.locator('#profile-sms').click()
    await page.waitForFunction(() => document.querySelector('#profile-sms .nut-checkbox-icon-checked') === null)
    expect((await consents(member)).sms.on).toBe(false)
    await page.close()
  })

  test('the console tab 消息与授权 sets the cap, the SMS fallback and the WeChat template ids; member.consents then hands the app those ids', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/settings')
    await page.getByRole('tab', { name: '消息与授权' }).click()
    await page.locator('#messaging-cap-days').waitFor({ state: 'visible' })
    await page.locator('#messaging-cap-days').fill('14')
    await page.locator('#messaging-cap-messages').fill('2')
    await page.locator('#messaging-sms-fallback').click()
    await page.locator('input[placeholder="微信模板 ID（可不填）"]').first().fill('wx-points-expiry-0001')
    await page.locator('#settings-messaging-save').click()
    await page.getByText('已保存').waitFor({ state: 'visible' })
    const saved = await api('admin', ADMIN, { action: 'settings', kind: 'messaging' })
    expect(saved.data).toMatchObject({ saved: true, value: { cap: { messages: 2, days: 14 }, smsFallback: false } })
    expect(saved.data.value.templates[0]).toEqual({ name: 'points-expiry', title: '积分到期提醒', kinds: ['points-expiry'], wechatTemplateId: 'wx-points-expiry-0001', wechatFields: {} })

    // A template without a title is stopped before it is sent.
    await page.locator('input[placeholder="会员看到的标题"]').first().fill('')
    await page.locator('#settings-messaging-save').click()
    await page.getByText('请填写标题').waitFor({ state: 'visible' })
    await page.close()

    await registerAs(server.url, 'e2e-consent-ids', '13700008806', '模板会员')
    expect((await consents('e2e-consent-ids')).ask[0]).toEqual({ template: 'points-expiry', title: '积分到期提醒', wechatTemplateId: 'wx-points-expiry-0001' })
  })

  test('a page opened from a campaign message (c=) reports the open once', async () => {
    const member = 'e2e-consent-opener'
    await registerAs(server.url, member, '13700008804', '打开会员')
    const page = await phonePage(server.browser)
    await actAs(page, member)
    const opens: string[] = []
    page.on('request', (r: Request) => {
      const body = r.method() === 'POST' && r.url().endsWith('/api/member') ? r.postData() : null
      if (body && JSON.parse(body).action === 'opened') opens.push(JSON.parse(body).campaignId)
    })
    await page.goto(`${server.url}/pages/card/index?c=spring-sale`)
    await page.locator('#card-points').waitFor({ state: 'visible' })
    await page.waitForFunction(() => localStorage.getItem('huika.campaigns.opened')?.includes('spring-sale'))
    await page.goto(`${server.url}/pages/points/index?c=spring-sale`)
    await page.locator('#points-balance').waitFor({ state: 'visible' })
    expect(opens).toEqual(['spring-sale'])
    await page.close()
  })
})
