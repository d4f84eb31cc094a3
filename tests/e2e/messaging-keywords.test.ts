import { browserAvailable } from './browser'
import { desktopPage, openConsole } from './console-setup'
import { apiAs, cli, useE2E } from './harness'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const STORE = 'E2E-KEYWORDS'
const ADMIN = 'e2e-keywords-admin'

describeIfBrowser('console 消息与授权 in Chromium: the WeChat template keywords of each subscribe template', () => {
  const server = useE2E('huika-e2e-keywords-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '关键词门店')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', STORE, '--role', 'admin', '--name', '赵管理')
  })

  test('keywords are checked as typed against the template’s messages, saved as the mapping, shown again; an id without keywords is flagged', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/settings')
    await page.getByRole('tab', { name: '消息与授权' }).click()
    await page.locator('#messaging-template-0-keywords').waitFor({ state: 'visible' })

    // Template 0 is points-expiry: its messages carry points and expiresOn, not a campaign title.
    await page.locator('input[placeholder="微信模板 ID（可不填）"]').first().fill('wx-exp-0001')
    await page.locator('#messaging-template-0-unmapped').waitFor({ state: 'visible' })
    for (const [i, key, source] of [
      [0, 'number1', 'points'],
      [1, 'date2', 'expiresOn'],
      [2, 'thing3', 'title'],
    ] as const) {
      await page.locator('#messaging-template-0-add-key').click()
      await page.locator(`#messaging-template-0-key-${i}`).fill(key)
      await page.locator(`#messaging-template-0-source-${i}`).fill(source)
    }
    await page.locator('#messaging-template-0-unmapped').waitFor({ state: 'detached' })
    await page.getByText('此模板承载的消息没有字段 title（可用：text、sentAt、points、expiresOn）').waitFor({ state: 'visible' })
    await page.locator('#messaging-template-0-source-2').fill('=请在到期前使用')
    await page.getByText('此模板承载的消息没有字段 title').waitFor({ state: 'detached' })
    await page.locator('#settings-messaging-save').click()
    await page.getByText('已保存').waitFor({ state: 'visible' })

    const saved = await apiAs(server.url, 'admin', ADMIN, { action: 'settings', kind: 'messaging' })
    expect(saved.data.value.templates[0]).toEqual({
      name: 'points-expiry',
      title: '积分到期提醒',
      kinds: ['points-expiry'],
      wechatTemplateId: 'wx-exp-0001',
      wechatFields: { number1: 'points', date2: 'expiresOn', thing3: '=请在到期前使用' },
    })
    expect(saved.data.value.templates[1].wechatFields).toEqual({})

    await page.reload()
    await page.getByRole('tab', { name: '消息与授权' }).click()
    await page.locator('#messaging-template-0-key-2').waitFor({ state: 'visible' })
    await expect(page.locator('#messaging-template-0-key-1').inputValue()).resolves.toBe('date2')
    await expect(page.locator('#messaging-template-0-source-1').inputValue()).resolves.toBe('expiresOn')
    // A keyword its type cannot take (a day in a number) is stopped before anything is sent.
    await page.locator('#messaging-template-0-source-0').fill('expiresOn')
    await page.getByText('数字类关键词不能填积分到期日（expiresOn）').waitFor({ state: 'visible' })
    await page.close()
  })
})
