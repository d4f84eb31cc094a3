import tcb from '@cloudbase/node-sdk'
import type { Browser, Page } from 'playwright-core'
import { setLogin } from '../../cloudfunctions/_lib/console-auth'
import { openLocalStore, useLocalStore } from '../../scripts/local-cloudbase'

/** Creates a console login in a test's data directory before its server opens it (what `staff password` does). */
export async function addConsoleLogin(dataDir: string, username: string, openid: string, password: string): Promise<void> {
  const store = openLocalStore({ dir: dataDir })
  try {
    useLocalStore(store)
    await setLogin(tcb.init({ env: 'huika-local' }).database(), username, openid, password, new Date())
  } finally {
    store.close()
  }
}

/** A desktop-sized page: the console is laid out for a desktop browser. */
export const desktopPage = (browser: Browser) => browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })

/** Opens a console route (the part after #) and waits for the signed-in frame. */
export async function openConsole(page: Page, base: string, route = '/dashboard'): Promise<void> {
  await page.goto(`${base}/console#${route}`)
  await page.locator('#console-operator').waitFor({ state: 'visible' })
}

/** A number as the console shows it (thousands separators) back to an integer. */
export const shownNumber = (s: string | null) => Number((s ?? '').replace(/[^\d-]/g, ''))
