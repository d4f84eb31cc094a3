import { browserAvailable } from './browser'
import { addConsoleLogin, desktopPage, openConsole, shownNumber } from './console-setup'
import { apiAs, cli, useE2E } from './harness'
import { text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const ADMIN = 'e2e-con-admin'
const MANAGER = 'e2e-con-manager'
const DEMO_STORE = 'DEMO01'
const OTHER_STORE = 'E2EM2'
const PHONE = '13800000001'

describeIfBrowser('merchant console in Chromium (local mode): dev sign-in, settings, members, reports, roles', () => {
  const server = useE2E('huika-e2e-console-', async (dataDir) => {
    await cli(dataDir, 'seed', 'demo')
    await cli(dataDir, 'store', 'add', '--id', OTHER_STORE, '--name', '二号店')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', DEMO_STORE, '--role', 'admin', '--name', '王管理')
    await cli(dataDir, 'staff', 'add', '--openid', MANAGER, '--store', OTHER_STORE, '--role', 'manager', '--name', '李店长')
  })
  const admin = <T = any>(body: object) => apiAs<T>(server.url, 'admin', ADMIN, body)

  test('/console serves the app for client routes, its assets with long caching, and a missing asset is a 404', async () => {
    const page = await fetch(`${server.url}/console/some/deep/route`)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const html = await page.text()
    const script = html.match(/src="(\/console\/assets\/[^"]+\.js)"/)?.[1]
    expect(script).toBeDefined()
    const asset = await fetch(`${server.url}${script}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect(asset.headers.get('content-type')).toContain('javascript')
    expect((await fetch(`${server.url}/console/assets/gone-0000.js`)).status).toBe(404)
    // An encoded "../" stays one segment for the client and is decoded by the server: still no way out of the build.
    expect((await fetch(`${server.url}/console/assets/..%2F..%2F..%2Fpackage.json`)).status).toBe(404)
  })

  test('/_dev/operators lists the active managers and admins, not clerks', async () => {
    const body = (await (await fetch(`${server.url}/_dev/operators`)).json()) as { ok: boolean; data: Array<{ openid: string; role: string; storeId: string }> }
    expect(body.ok).toBe(true)
    expect(body.data).toEqual(
      expect.arrayContaining([
        { openid: ADMIN, name: '王管理', role: 'admin', storeId: DEMO_STORE },
        { openid: MANAGER, name: '李店长', role: 'manager', storeId: OTHER_STORE },
      ]),
    )
    expect(body.data.every((o) => o.role === 'admin' || o.role === 'manager')).toBe(true)
  })

  test('an admin signs in, changes points per yuan, and the change is saved and in the audit record', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await page.locator('#console-operator').waitFor({ state: 'visible' })
    expect(await text(page, '#console-operator')).toContain('王管理')
    expect(await page.locator('#console-operator').getAttribute('data-role')).toBe('admin')

    await page.locator('#menu-settings').click()
    await page.locator('#earning-rate-points').waitFor({ state: 'visible' })
    await page.locator('#earning-rate-points').fill('10')
    await page.locator('#settings-earning-save').click()
    await page.getByText('已保存').waitFor({ state: 'visible' })
    const saved = await admin<{ value: { rate: { yuan: number; points: number } }; saved: boolean }>({ action: 'settings', kind: 'earning' })
    expect(saved.data).toMatchObject({ saved: true, value: { rate: { yuan: 1, points: 10 } } })

    // A value the schema refuses is stopped before it is sent, with the field named.
    await page.locator('#earning-rate-yuan').fill('')
    await page.locator('#settings-earning-save').click()
    await page.getByText('请输入金额').waitFor({ state: 'visible' })

    await page.locator('#menu-audit').click()
    const row = page.locator('.audit-row', { has: page.locator('.audit-target', { hasText: 'earning' }) }).first()
    await row.waitFor({ state: 'visible' })
    expect(await row.textContent()).toContain('王管理')
    await row.click()
    const diffRow = page.locator('.change-diff tr', { has: page.locator('.diff-path', { hasText: /^rate\.points$/ }) })
    await diffRow.waitFor({ state: 'visible' })
    expect(await diffRow.locator('.diff-after').textContent()).toBe('10')
    await page.close()
  })

  test('finds a member by phone and adjusts their points with a reason: new balance and a timeline entry', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/members')
    await page.locator('#member-search').fill(PHONE)
    await page.locator('#member-search-go').click()
    const link = page.locator('#member-results a[id^="member-row-"]')
    await link.first().waitFor({ state: 'visible' })
    expect(await link.count()).toBe(1)
    await link.first().click()

    const balance = page.locator('#member-balance')
    await balance.waitFor({ state: 'visible' })
    const before = Number(await balance.getAttribute('data-value'))
    const member = await apiAs<{ balance: number }>(server.url, 'points', 'demo-member-1', { action: 'summary' })
    expect(before).toBe(member.data.balance)

    // The reason is required: the form does not send without it.
    await page.locator('#open-adjust').click()
    await page.locator('#adjust-points').fill('200')
    await page.locator('#adjust-form-ok').click()
    await page.getByText('请填写原因').first().waitFor({ state: 'visible' })
    await page.locator('#adjust-reason').fill('线下活动补发积分')
    await page.locator('#adjust-form-ok').click()
    await page.waitForFunction((want) => document.querySelector('#member-balance')?.getAttribute('data-value') === want, String(before + 200))
    const entry = page.locator('#member-timeline .timeline-event', { hasText: '+200 积分' })
    await entry.first().waitFor({ state: 'visible' })
    expect(await entry.first().textContent()).toContain('线下活动补发积分')
    // What the member sees agrees.
    expect((await apiAs<{ balance: number }>(server.url, 'points', 'demo-member-1', { action: 'summary' })).data.balance).toBe(before + 200)
    await page.close()
  })

  test('the liability and points reports show what the members’ ledgers add up to', async () => {
    const balances = await Promise.all(['demo-member-1', 'demo-member-2'].map(async (o) => (await apiAs<{ balance: number }>(server.url, 'points', o, { action: 'summary' })).data.balance))
    const ledgerSum = balances.reduce((a, b) => a + b, 0)
    const holders = balances.filter((b) => b > 0).length
    const finance = await admin<{ value: { pointValue: { fen: number; points: number } } }>({ action: 'settings', kind: 'finance' })
    const { fen, points } = finance.data.value.pointValue

    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/reports')
    await page.locator('#liability-points').waitFor({ state: 'visible' })
    // Nothing has expired in a fresh data directory, so everything held is outstanding.
    expect(Number(await page.locator('#liability-points').getAttribute('data-value'))).toBe(ledgerSum)
    expect(Number(await page.locator('#liability-awaiting').getAttribute('data-value'))).toBe(0)
    expect(Number(await page.locator('#liability-members').getAttribute('data-value'))).toBe(holders)
    expect(Number(await page.locator('#liability-fen').getAttribute('data-value'))).toBe(Math.floor((ledgerSum * fen * 2 + points) / (points * 2)))

    await page.locator('#report-tab-points').click()
    const rows = page.locator('#points-flow-table tbody tr.ant-table-row')
    await rows.first().waitFor({ state: 'visible' })
    const last = rows.last()
    expect(shownNumber(await last.locator('[data-col="closing"]').textContent())).toBe(ledgerSum)
    expect(shownNumber(await last.locator('[data-col="adjusted"]').textContent())).toBe(200)
    await page.close()
  })

  test('a manager sees their own store only, and no programme settings', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${MANAGER}`).click()
    await page.locator('#console-operator').waitFor({ state: 'visible' })
    expect(await page.locator('#console-operator').getAttribute('data-role')).toBe('manager')
    expect(await text(page, '#console-operator')).toContain('二号店')
    expect(await page.locator('#menu-settings').count()).toBe(0)
    expect(await page.locator('#menu-tiers').count()).toBe(0)

    await page.goto(`${server.url}/console#/settings`)
    await page.locator('#admin-only').waitFor({ state: 'visible' })
    expect(await page.locator('#settings-earning-save').count()).toBe(0)

    await page.goto(`${server.url}/console#/org`)
    const stores = page.locator('#catalogue-stores tbody tr.ant-table-row')
    await stores.first().waitFor({ state: 'visible' })
    const ids = await stores.locator('td:first-child').allTextContents()
    expect(ids).toEqual([OTHER_STORE])
    // The server agrees: the same call as another store's manager is refused for settings.
    await expect(apiAs(server.url, 'admin', MANAGER, { action: 'saveSettings', kind: 'earning', value: {} })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await page.close()
  })

  test('imports members from a CSV: a dry run shows the row errors and writes nothing; the import then finds the new member with the opening balance', async () => {
    const csv = ['手机号,姓名,生日,等级,积分', '13900000011,张小北,1990-05-01,银杏会员,300', '12345,坏号码,,,', `${PHONE},已是会员,,,10`].join('\n')
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/imports')
    await page.locator('input[type="file"]').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.locator('#upload-done').waitFor({ state: 'visible' })

    await page.locator('#import-dry-run').click()
    await page.waitForFunction(() => document.querySelector('#import-job')?.getAttribute('data-status') === 'done')
    expect(shownNumber(await text(page, '#import-imported'))).toBe(1)
    expect(shownNumber(await text(page, '#import-failed'))).toBe(1)
    expect(await text(page, '#import-errors')).toContain('12345')
    const search = () => admin<{ members: unknown[] }>({ action: 'searchMembers', q: '13900000011' })
    expect((await search()).data.members).toHaveLength(0)

    await page.locator('#import-run').click()
    await page.waitForFunction(() => document.querySelector('#import-job')?.getAttribute('data-status') === 'done' && document.querySelector('#import-progress')?.getAttribute('data-percent') === '100')
    expect(shownNumber(await text(page, '#import-imported'))).toBe(1)
    expect((await search()).data.members).toMatchObject([{ nickname: '张小北', balance: 300, tier: { id: 'silver' } }])
    await page.close()
  })
})

describeIfBrowser('merchant console in production mode: password sign-in only', () => {
  const server = useE2E(
    'huika-e2e-console-prod-',
    async (dataDir) => {
      await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', DEMO_STORE, '--role', 'admin', '--name', '王管理')
      await addConsoleLogin(dataDir, 'wang.admin', ADMIN, 'correct-horse-battery')
    },
    { mode: 'production' },
  )

  test('the dev identity header is refused on /api/admin, and /_dev/operators does not exist', async () => {
    await expect(apiAs(server.url, 'admin', ADMIN, { action: 'me' })).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect((await fetch(`${server.url}/_dev/operators`)).status).toBe(404)
  })

  test('signs in with username and password, stays signed in on reload, and signs out', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator('#login-username').waitFor({ state: 'visible' })
    expect(await page.locator('#dev-sign-in').count()).toBe(0)

    await page.locator('#login-username').fill('wang.admin')
    await page.locator('#login-password').fill('wrong-password')
    await page.locator('#login-submit').click()
    await page.locator('#login-error').waitFor({ state: 'visible' })
    expect(await page.locator('#login-error').getAttribute('data-code')).toBe('LOGIN_FAILED')

    await page.locator('#login-password').fill('correct-horse-battery')
    await page.locator('#login-submit').click()
    await page.locator('#console-operator').waitFor({ state: 'visible' })
    expect(await text(page, '#console-operator')).toContain('王管理')

    await page.reload()
    await page.locator('#console-operator').waitFor({ state: 'visible' })
    // Every call carries the session token; the server answers as the admin.
    await page.locator('#menu-members').click()
    await page.locator('#member-search').waitFor({ state: 'visible' })

    await page.locator('#console-sign-out').click()
    await page.locator('#login-username').waitFor({ state: 'visible' })
    await page.close()
  })
})
