import type { Browser, Page } from 'playwright-core'

/** An element's text as the member reads it. */
export const text = (page: Page, selector: string) => page.locator(selector).textContent()

export const attr = (page: Page, selector: string, name: string) => page.locator(selector).getAttribute(name)

/** Waits (up to 10 s) until an element's text is exactly `want`. */
export const waitText = (page: Page, selector: string, want: string) =>
  page.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent === w, [selector, want] as const, { timeout: 10_000 })

/** A page the size of a phone's screen. */
export const phonePage = (browser: Browser, opts: { locale?: string } = {}) => browser.newPage({ viewport: { width: 390, height: 844 }, ...opts })
