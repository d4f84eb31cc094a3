import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { desktopPage, openConsole } from './console-setup'
import { actAs, apiAs, cli, registerAs, useE2E } from './harness'
import { attr, phonePage, text } from './page'

jest.setTimeout(240_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const STORE = 'E2E-CAMP'
const ADMIN = 'e2e-camp-admin'
type Person = { openid: string; phone: string; nickname: string; region: string[]; subscribe?: boolean; sms?: boolean }
const PEOPLE: Person[] = [
  { openid: 'e2e-camp-1', phone: '13700009901', nickname: '王芳', region: ['山东省', '青岛市', '市南区'], subscribe: true, sms: true },
  { openid: 'e2e-camp-2', phone: '13700009902', nickname: '李雷', region: ['山东省', '济南市', '历下区'], sms: true },
  { openid: 'e2e-camp-3', phone: '13700009903', nickname: '张三', region: ['北京市', '北京市', '朝阳区'], sms: true },
  { openid: 'e2e-camp-4', phone: '13700009904', nickname: '没授权', region: ['山东省', '烟台市', '芝罘区'] },
]
type OutboxEntry = { channel: string; to: string; text: string; memberId: string | null; campaignId: string | null; data: Record<string, string> }

describeIfBrowser('营销活动 in Chromium: a segment, a preview, a send, the messages in the outbox, the report', () => {
  const server = useE2E('huika-e2e-campaigns-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '活动门店')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', STORE, '--role', 'admin', '--name', '营销管理员')
  })
  const member = (openid: string, body: object) => apiAs(server.url, 'member', openid, body)
  const memberIds = new Map<string, string>()

  beforeAll(async () => {
    for (const p of PEOPLE) {
      await registerAs(server.url, p.openid, p.phone, p.nickname)
      const me = await member(p.openid, { action: 'updateProfile', region: p.region })
      expect(me.ok).toBe(true)
      memberIds.set(p.openid, (me.data as { memberId: string }).memberId)
      // Each member's own answers, as the mini-program's prompt and profile page record them.
      if (p.subscribe || p.sms)
        expect((await member(p.openid, { action: 'consent', ...(p.subscribe ? { subscribe: [{ template: 'member-benefit', result: 'accept' }] } : {}), ...(p.sms ? { sms: true } : {}) })).ok).toBe(true)
    }
    // The nightly insight job, run now.
    const job = (await (await fetch(`${server.url}/_dev/jobs/member-insight`, { method: 'POST' })).json()) as { ok: boolean; data: { status: string } }
    expect(job).toMatchObject({ ok: true, data: { status: 'done' } })
  })

  /** Picks an option of an antd select by its label. */
  async function choose(page: Page, selector: string, label: string) {
    await page.locator(selector).click()
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click()
  }

  async function signIn(page: Page, route: string) {
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, route)
  }

  test('an admin builds a segment, previews the campaign member by member, sends it and sees each message in the outbox', async () => {
    const page = await desktopPage(server.browser)
    await signIn(page, '/segments')
    await buildSegment(page, '山东会员', '山东省', 3)

    await page.locator('#menu-campaigns').click()
    await page.locator('#campaign-new').click()
    await page.locator('#campaign-name').fill('山东会员日')
    await choose(page, '#campaign-segment', '山东会员')
    await page.waitForFunction(() => document.querySelector('#campaign-segment-count')?.getAttribute('data-count') === '3')
    await page.locator('#campaign-text').fill('{姓名}，山东会员本周全场 9 折')
    await page.locator('#campaign-add-variant').click()
    await page.locator('#campaign-variant-0-regions').fill('青岛市')
    await page.keyboard.press('Enter')
    await page.locator('#campaign-variant-0-text').fill('{姓名}，青岛的朋友，{地区}门店本周 88 折')
    await page.locator('#campaign-control').fill('0')

    await page.locator('#campaign-preview').click()
    const rows = page.locator('#campaign-preview-result .preview-sample')
    await rows.first().waitFor({ state: 'visible' })
    expect(await rows.count()).toBe(3)
    const preview = new Map<string, string>()
    for (let i = 0; i < 3; i++) preview.set((await rows.nth(i).getAttribute('data-member-id'))!, (await rows.nth(i).locator('.preview-text').textContent())!)
    const [fang, lei, none] = ['e2e-camp-1', 'e2e-camp-2', 'e2e-camp-4'].map((o) => memberIds.get(o)!)
    expect(preview.get(fang)).toBe('王芳，青岛的朋友，青岛市门店本周 88 折')
    expect(preview.get(lei)).toBe('李雷，山东会员本周全场 9 折')
    expect(preview.has(none)).toBe(true)

    await page.locator('#campaign-send').click()
    await page.locator('#campaign-send-confirm').click()
    await page.waitForFunction(() => document.querySelector('#campaign-progress')?.getAttribute('data-status') === 'sent', undefined, { timeout: 60_000 })
    expect(await attr(page, '#campaign-progress', 'data-percent')).toBe('100')
    const campaignId = page.url().split('/campaigns/')[1]
    expect(campaignId).toBeTruthy()

    const outbox = (await (await fetch(`${server.url}/_dev/outbox?campaignId=${encodeURIComponent(campaignId)}`)).json()) as OutboxEntry[]
    const byMember = new Map(outbox.map((m) => [m.memberId, m]))
    expect(outbox).toHaveLength(2)
    expect(byMember.get(fang)).toMatchObject({ channel: 'subscribe', text: preview.get(fang), to: 'e2e-camp-1' })
    expect(byMember.get(fang)!.data.page).toBe(`pages/card/index?c=${campaignId}`)
    expect(byMember.get(lei)).toMatchObject({ channel: 'sms', text: preview.get(lei), to: '13700009902' })
    expect(byMember.has(none)).toBe(false)

    // The report counts the two messages sent and the member it could not reach.
    await page.waitForFunction(() => document.querySelector('#campaign-report')?.getAttribute('data-complete') === 'true', undefined, { timeout: 30_000 })
    expect(await text(page, '#report-sent')).toBe('2')
    expect(await text(page, '#report-opened')).toBe('0')
    expect(await text(page, '#campaign-report')).toContain('未授权 1')

    // 王芳 taps the subscribe message: the mini-program opens its page with the campaign on it and reports the open.
    const phone = await phonePage(server.browser)
    await actAs(phone, server.url, 'e2e-camp-1')
    await phone.goto(`${server.url}/${byMember.get(fang)!.data.page}`)
    await phone.locator('#card-points').waitFor({ state: 'visible' })
    await phone.close()
    // The open is reported in the background: count again until it shows.
    let opened: string | null = null
    for (let i = 0; i < 20 && opened !== '1'; i++) {
      await page.locator('#campaign-report-refresh').click()
      await page.waitForFunction(() => document.querySelector('#campaign-report')?.getAttribute('data-complete') === 'true')
      opened = await text(page, '#report-opened')
      if (opened !== '1') await page.waitForTimeout(250)
    }
    expect(opened).toBe('1')

    // Back on the list, the campaign reads as sent.
    await page.locator('#campaign-back').click()
    await page.locator(`#campaign-row-${campaignId}`).waitFor({ state: 'visible' })
    expect(await page.locator('#campaign-list').textContent()).toContain('已发送')
    await page.close()
  })

  test('the 自动旅程 page lists the five journeys, and a journey switched on there is saved', async () => {
    const page = await desktopPage(server.browser)
    await signIn(page, '/journeys')
    const cards = page.locator('#journey-list .journey-card')
    await cards.first().waitFor({ state: 'visible' })
    expect(await cards.count()).toBe(5)
    expect(await page.locator('#journey-list').textContent()).toContain('积分到期提醒')
    await page.locator('#journeys-tabs .ant-tabs-tab', { hasText: '旅程设置' }).click()
    await page.locator('#journey-birthday-enabled').click()
    await page.locator('#journey-birthday-points').fill('300')
    await page.locator('#settings-journeys-save').click()
    await page.getByText('已保存').waitFor({ state: 'visible' })
    const saved = await apiAs<{ value: { birthday: { enabled: boolean; reward: { points: number } } } }>(server.url, 'admin', ADMIN, { action: 'settings', kind: 'journeys' })
    expect(saved.data.value.birthday).toMatchObject({ enabled: true, reward: { points: 300 } })
    await page.close()
  })

  /** On the 人群 page: a new segment of the members in one province, counted live, then saved. */
  async function buildSegment(page: Page, name: string, province: string, count: number) {
    await page.locator('#segment-new').click()
    await page.locator('#segment-regions').fill(province)
    await page.keyboard.press('Enter')
    await page.waitForFunction((want) => document.querySelector('#segment-count')?.getAttribute('data-value') === want, String(count))
    await page.locator('#segment-name').fill(name)
    await page.locator('#segment-save').click()
    await page.waitForFunction(() => /^#\/segments\/(?!new)[^/]+$/.test(window.location.hash))
  }
})
