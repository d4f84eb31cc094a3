import tcb from '@cloudbase/node-sdk'
import { MEMBER_TIERS } from '../../cloudfunctions/_lib/tiers'
import { openLocalStore, useLocalStore } from '../../scripts/local-cloudbase'
import { browserAvailable } from './browser'
import { desktopPage, openConsole, shownNumber } from './console-setup'
import { apiAs, cli, useE2E } from './harness'
import { text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const ADMIN = 'e2e-tiers-admin'
const SILVER_SPENDS = [160_000, 170_000, 175_000, 210_000, 400_000]

/** Tier records written straight into the data directory before the server opens it: members at silver with a year's spend each. */
async function seedTiers(dataDir: string) {
  const store = openLocalStore({ dir: dataDir })
  try {
    useLocalStore(store)
    const db = tcb.init({ env: 'huika-local' }).database()
    for (const [i, fen] of SILVER_SPENDS.entries())
      await db.collection(MEMBER_TIERS).doc(`e2e-tier-${i}`).set({
        openid: `o-e2e-tier-${i}`, levelId: 'silver', terms: '2026', since: '2026-03-01', cycleFloorId: 'silver', reviewOn: '2027-03-01',
        graceUntil: null, warnedFor: null, manual: null, growth: { since: '2025-06-01', days: [['2026-06-01', fen]] }, moves: [], updatedAt: new Date(),
      })
  } finally {
    store.close()
  }
}

describeIfBrowser('console tier page in Chromium: the preview counts every member in steps, then the version is published', () => {
  const server = useE2E('huika-e2e-tiers-', async (dataDir) => {
    await cli(dataDir, 'seed', 'demo')
    await cli(dataDir, 'staff', 'add', '--openid', ADMIN, '--store', 'DEMO01', '--role', 'admin', '--name', '王管理')
    await seedTiers(dataDir)
  })
  const admin = <T = any>(body: object) => apiAs<T>(server.url, 'admin', ADMIN, body)

  test('an admin previews a stricter silver, sees who steps down, and publishes it', async () => {
    const page = await desktopPage(server.browser)
    await page.goto(`${server.url}/console`)
    await page.locator(`#dev-op-${ADMIN}`).click()
    await openConsole(page, server.url, '/tiers')
    const editor = page.locator('#tier-json')
    await editor.waitFor({ state: 'visible' })
    // The draft the page offers, with silver kept only from ¥1,800 a year: three of the five step down (all keep it at ¥1,500).
    const draft = JSON.parse(await editor.inputValue())
    draft.levels = draft.levels.map((l: { id: string }) => (l.id === 'silver' ? { ...l, retain: { spendFen: 180_000 } } : l))
    await editor.fill(JSON.stringify(draft, null, 2))
    await page.locator('#tier-plan-run').click()
    await page.locator('#tier-plan').waitFor({ state: 'visible' })
    const api = await admin<{ status: string; dryRun: { members: number; up: number; down: number } }>({ action: 'tierPlan', programme: draft })
    expect(api.data).toMatchObject({ status: 'done', dryRun: { down: 3, up: 0 } })
    expect(api.data.dryRun.members).toBeGreaterThanOrEqual(SILVER_SPENDS.length)
    expect(shownNumber(await text(page, '#tier-plan-down'))).toBe(3)
    expect(shownNumber(await text(page, '#tier-plan-up'))).toBe(0)

    await page.locator('#tier-publish').click()
    await page.locator('#tier-publish-confirm').click()
    await page.getByText(`已发布 ${draft.version}`).waitFor({ state: 'visible' })
    const tiers = await admin<{ versions: Array<{ version: string }> }>({ action: 'tiers' })
    expect(tiers.data.versions.map((v) => v.version)).toContain(draft.version)
    expect(await page.locator('#tier-plan').count()).toBe(0)
    await page.close()
  })
})
