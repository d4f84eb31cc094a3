import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium: Playwright's own browser download cannot work offline. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Outside CI a missing Chromium skips the browser tests with the reason printed;
 * in CI (.ci/run installs it) a missing browser is a failure.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI) throw new Error(`Chromium not found at ${chromiumPath}; .ci/run should have installed it`)
  console.warn(`skipping browser tests: no Chromium at ${chromiumPath} (apt-get install chromium)`)
  return false
}

/** launch() gives every run a fresh temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}
