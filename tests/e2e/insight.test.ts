import { browserAvailable } from './browser'
import { desktopPage, openConsole } from './console-setup'
import { apiAs, cli, useE2E } from './harness'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const ADMIN = 'e2e-ins-admin'
const MANAGER = 'e2e-ins-manager'

describeIfBrowser('member insight and segments in the console (Chromium, local mode)', () => {
  const server = useE2E('huika-e2e-insight-', async (dataDir) => {
    await cli(dataDir, 'seed', 'demo')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', 'DEMO01', '--role', 'admin', '--name', '王管理')
    await cli(dataDir, 'staff', 'add', '--openid', MANAGER, '--store', 'DEMO01', '--role', 'manager', '--name', '李店长')
    await cli(dataDir, 'job', 'member-insight')
  })
  const signIn = async (openid: string, route: string) => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${openid}`).click()
    await openConsole(page, server.url, route)
    return page
  }

  test('a manager builds a segment: the live count and sample follow the conditions; saved, it is listed with its count', async () => {
    const page = await signIn(MANAGER, '/segments')
    await page.locator('#insight-asof').waitFor({ state: 'visible' })
    expect(await page.locator('#insight-asof').getAttribute('data-value')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await page.locator('#segment-new').click()
    const count = () => page.locator('#segment-count').getAttribute('data-value')
    await page.waitForFunction(() => document.querySelector('#segment-count')?.getAttribute('data-value') === '2')
    await page.locator('#segment-name').fill('上海会员')
    await page.locator('#segment-regions').fill('上海市')
    await page.locator('#segment-regions').press('Enter')
    await page.waitForFunction(() => document.querySelector('#segment-count')?.getAttribute('data-value') === '1')
    const rows = page.locator('#segment-sample tbody tr.ant-table-row')
    expect(await rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('演示会员小会')
    // A manager sees the phone masked.
    expect(await rows.first().textContent()).toContain('138****0001')
    expect(await count()).toBe('1')

    await page.locator('#segment-save').click()
    await page.getByText('人群已保存').waitFor({ state: 'visible' })
    await page.waitForFunction(() => /#\/segments\/[^/]+$/.test(location.hash) && !location.hash.endsWith('/new'))
    await page.locator('a', { hasText: '返回人群列表' }).click()
    const listed = page.locator('#segment-list tbody tr.ant-table-row', { hasText: '上海会员' })
    await listed.waitFor({ state: 'visible' })
    expect(await listed.textContent()).toContain('1（')
    await page.close()
  })

  test('an admin sees the member’s insight on their page and tags them; a segment on the tag finds them at once', async () => {
    const page = await signIn(ADMIN, '/members')
    await page.locator('#member-search').fill('13800000002')
    await page.locator('#member-search-go').click()
    await page.locator('#member-results a[id^="member-row-"]').first().click()
    await page.locator('#member-lifecycle').waitFor({ state: 'visible' })
    expect(await page.locator('#member-lifecycle').getAttribute('data-value')).toBe('new')
    expect(await page.locator('#member-rfm').getAttribute('data-value')).toMatch(/^[1-5]{3}$/)

    await page.locator('#member-tags').fill('咖啡控')
    await page.locator('#member-tags').press('Enter')
    await page.locator('#member-tags-save').click()
    await page.getByText('标签已保存').waitFor({ state: 'visible' })
    const found = await apiAs<{ count: number; sample: Array<{ nickname: string; phone: string }> }>(server.url, 'admin', ADMIN, { action: 'segmentPreview', filter: { tags: ['咖啡控'] } })
    expect(found.data).toMatchObject({ count: 1, sample: [{ nickname: '演示会员阿卡', phone: '13800000002' }] })
    await page.close()
  })

  test('an admin changes the insight settings on their tab', async () => {
    const page = await signIn(ADMIN, '/settings')
    await page.getByRole('tab', { name: '会员洞察' }).click()
    await page.locator('#insight-top-percent').fill('30')
    await page.locator('#settings-insight-save').click()
    await page.getByText('已保存').waitFor({ state: 'visible' })
    const saved = await apiAs<{ value: { topSharePercent: number; monetaryFen: number[] } }>(server.url, 'admin', ADMIN, { action: 'settings', kind: 'insight' })
    expect(saved.data.value).toMatchObject({ topSharePercent: 30, monetaryFen: [20_000, 50_000, 150_000, 500_000] })
    await page.close()
  })
})
