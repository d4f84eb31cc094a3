import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { runCli } from '../../scripts/cli'
import { ensureConsoleBuild } from '../../scripts/console-build'
import { ensureH5Build, h5Dir } from '../../scripts/h5-build'
import { startServer } from '../../scripts/server'
import { launchBrowser } from './browser'

/**
 * Jest runs e2e files in parallel workers; a stale H5 build must be rebuilt once, not by every
 * file at the same time into the same folder. A directory is the cross-process lock; one left
 * by a killed run is taken over after ten minutes.
 */
async function buildH5Once(): Promise<void> {
  const lock = path.join(os.tmpdir(), 'huika-e2e-h5-build.lock')
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true })
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  try {
    await ensureH5Build(() => {})
    await ensureConsoleBuild(() => {})
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

export type E2E = { url: string; dataDir: string; browser: Browser }

/**
 * One local server on a fresh data directory and one Chromium for a test file, so no file
 * depends on another's state. `prepare` runs against the data directory before the server
 * opens it (e.g. the operator's CLI). `opts.mode` 'production' drops the dev identity header and
 * the /_dev routes. Fields are filled in by beforeAll.
 */
export function useE2E(prefix: string, prepare?: (dataDir: string) => Promise<void>, opts: { mode?: 'local' | 'production' } = {}): E2E {
  const env = {} as E2E
  let server: { url: string; close(): Promise<void> } | undefined
  beforeAll(async () => {
    await buildH5Once()
    env.dataDir = mkdtempSync(path.join(os.tmpdir(), prefix))
    await prepare?.(env.dataDir)
    server = await startServer({ port: 0, dataDir: env.dataDir, mode: opts.mode ?? 'local', staticDir: h5Dir, quiet: true })
    env.url = server.url
    env.browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await env.browser?.close()
    await server?.close()
    if (env.dataDir) rmSync(env.dataDir, { recursive: true, force: true })
  })
  return env
}

/** Picks the identity the H5 app sends as x-wx-openid, on the dev identity page. */
export async function actAs(page: Page, base: string, openid: string): Promise<void> {
  await page.goto(`${base}/pages/dev/index`)
  await page.locator('#dev-openid input').fill(openid)
  await page.locator('#dev-apply').click()
  await page.waitForFunction((id) => document.querySelector('#dev-current')?.textContent === id, openid)
}

/** The SMS code the local server "sent" to `phone`, from its outbox. */
export async function smsCodeFor(base: string, phone: string): Promise<string> {
  const outbox = (await (await fetch(`${base}/_dev/outbox`)).json()) as Array<{ to: string; text: string }>
  const code = outbox.find((m) => m.to === phone)?.text.match(/\d{6}/)?.[0]
  if (!code) throw new Error(`no SMS for ${phone} in the outbox`)
  return code
}

/** The operator's CLI against a test's own data directory (before the server opens it); throws on failure. */
export async function cli(dataDir: string, ...argv: string[]): Promise<void> {
  let out = ''
  const code = await runCli([...argv, '--data-dir', dataDir], (s) => (out += s))
  if (code !== 0) throw new Error(`cli ${argv.join(' ')} exited ${code}: ${out}`)
}

export type ApiAnswer<T> = { ok: boolean; data: T; error?: { code: string } }

/** POST /api/<fn> as `openid` (the local server's dev identity header). */
export async function apiAs<T = any>(base: string, fn: string, openid: string, body: object): Promise<ApiAnswer<T>> {
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(body),
  })
  return res.json() as Promise<ApiAnswer<T>>
}

/** Registers `openid` with `phone` through member.sendCode and member.register, the SMS code read from the outbox. */
export async function registerAs(base: string, openid: string, phone: string, nickname: string): Promise<void> {
  if (!(await apiAs(base, 'member', openid, { action: 'sendCode', phone })).ok) throw new Error(`sendCode ${phone} refused`)
  const smsCode = await smsCodeFor(base, phone)
  const res = await apiAs(base, 'member', openid, { action: 'register', phone, smsCode, nickname })
  if (!res.ok) throw new Error(`register ${openid}: ${res.error?.code}`)
}
