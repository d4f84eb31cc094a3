import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, cli, registerAs, useE2E } from './harness'
import { phonePage, text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const CLERK = 'e2e-tier-clerk'
const MEMBER = 'e2e-tier-member'
const STORE = 'E2ET1'

// The demo ladder (shared/tier/programme.ts DemoTierConfig): 青柚 (base) → 银杏 at ¥2,000 of spend
// (98折, 1.2× points, 免费小食一份) → 金桂 at ¥6,000 and 6 visit days → 墨玉.
describeIfBrowser('H5 in Chromium: the member’s tier page, the card’s link to it, and the till’s perks', () => {
  const server = useE2E('huika-e2e-tier-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '等级门店')
    await cli(dataDir, 'staff', 'add', '--openid', CLERK, '--store', STORE, '--role', 'clerk', '--name', '小赵')
  })

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const register = (openid: string, phone: string) => registerAs(server.url, openid, phone, '等级会员')

  async function setClock(now: string | null) {
    await fetch(`${server.url}/_dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(now ? { now, frozen: true } : { now: null }) })
  }

  /**
   * The clerk credits a purchase with the code the member's card shows at that moment. A code
   * credits one order and rotates every 10 s, so each credit happens at its own moment, in the
   * recent past (never a slot the real clock reaches later), and the clock goes back to real time.
   */
  const start = Date.now() - 10 * 60_000
  async function credit(i: number, amountFen: number) {
    try {
      await setClock(new Date(start + i * 20_000).toISOString())
      const code = await api<{ code: string }>('member', MEMBER, { action: 'code' })
      expect(code.ok).toBe(true)
      const res = await api<{ status: string }>('staff', CLERK, { action: 'accrue', memberCode: code.data.code, orderId: `TIER-${i}`, amountFen })
      // The error, if any, shows in the diff.
      expect({ ok: res.ok, status: res.data?.status, error: res.error }).toEqual({ ok: true, status: 'credited', error: undefined })
    } finally {
      await setClock(null)
    }
  }

  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const newPage = () => phonePage(server.browser)

  /** Types into the what-if field and waits for the answer to that amount (not a stale one). */
  async function whatIf(page: Page, yuan: string, expected: string) {
    await page.locator('#tier-whatif input').fill(yuan)
    await page.waitForFunction(
      (want) => {
        const el = document.querySelector('#tier-whatif-result')
        return !!el && el.getAttribute('data-pending') === 'false' && !!el.textContent?.includes(want)
      },
      expected,
      { timeout: 10_000 },
    )
    return text(page, '#tier-whatif-result')
  }

  test('someone not yet a member is offered to join', async () => {
    const page = await newPage()
    await actAs(page, 'e2e-tier-stranger')
    await page.goto(`${server.url}/pages/tier/index`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    expect(await page.locator('#tier-level').count()).toBe(0)
    await page.close()
  })

  test('the member follows their progress, asks "what if", reaches 银杏 on a purchase, and the till offers 98折', async () => {
    await register(MEMBER, '13700003333')

    // A new member, by deep link: the base level and the whole way to 银杏.
    const page = await newPage()
    await actAs(page, MEMBER)
    await page.goto(`${server.url}/pages/tier/index`)
    await page.locator('#tier-level').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-level')).resolves.toBe('青柚会员')
    await expect(text(page, '#tier-sentence')).resolves.toContain('再消费 ¥2,000 即可升级为银杏会员')
    await expect(text(page, '#tier-to-next')).resolves.toContain('升级到银杏会员')
    await expect(text(page, '#tier-next-spend-value')).resolves.toContain('¥0 / ¥2,000')
    await expect(page.locator('#tier-next-spend').getAttribute('data-percent')).resolves.toBe('0')
    // The base level has nothing to keep.
    expect(await page.locator('#tier-to-keep').count()).toBe(0)
    // The ladder: every level with its benefits.
    expect(await page.locator('#tier-ladder .tier-level').count()).toBe(4)
    await expect(page.locator('#tier-ladder-basic').getAttribute('data-current')).resolves.toBe('true')
    const ginkgo = (await text(page, '#tier-ladder-silver')) ?? ''
    for (const part of ['银杏会员', '消费满 ¥2,000', '积分 1.2 倍', '98折', '生日果盘一份', '免费小食一份']) expect(ginkgo).toContain(part)
    await expect(text(page, '#tier-ladder-gold')).resolves.toContain('95折')
    await expect(text(page, '#tier-ladder-black')).resolves.toContain('9折')

    // ¥1,500 credited at the till: three quarters of the way.
    await credit(1, 150_000)
    await page.reload()
    await page.locator('#tier-level').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-level')).resolves.toBe('青柚会员')
    await expect(text(page, '#tier-sentence')).resolves.toContain('再消费 ¥500 即可升级为银杏会员')
    await expect(text(page, '#tier-next-spend-value')).resolves.toContain('¥1,500 / ¥2,000')
    await expect(page.locator('#tier-next-spend').getAttribute('data-percent')).resolves.toBe('75')

    // What if: too little, a malformed amount, then enough (typed yuan become exact fen, as at the till).
    await expect(whatIf(page, '100', '¥100')).resolves.toContain('还需再消费 ¥400 才能升级为银杏会员')
    await page.locator('#tier-whatif input').fill('1.234')
    await page.locator('#tier-whatif-invalid').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-whatif-invalid')).resolves.toContain('两位小数')
    const up = await whatIf(page, '600.50', '¥600.50')
    expect(up).toContain('立即升级为银杏会员')
    await expect(page.locator('#tier-whatif-result').getAttribute('data-level')).resolves.toBe('silver')

    // A real purchase crosses ¥2,000: the level changes in the same credit.
    await credit(2, 60_000)
    await page.reload()
    await page.locator('#tier-level').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-level')).resolves.toBe('银杏会员')
    await expect(page.locator('#tier-ladder-silver').getAttribute('data-current')).resolves.toBe('true')
    await expect(text(page, '#tier-to-next')).resolves.toContain('升级到金桂会员')
    await expect(text(page, '#tier-next-spend-value')).resolves.toContain('¥2,100 / ¥6,000')
    await page.locator('#tier-next-visits').waitFor({ state: 'visible' })
    // Now there is a level to keep, with its review day.
    await page.locator('#tier-to-keep').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-to-keep')).resolves.toContain('保留银杏会员')
    await expect(text(page, '#tier-review')).resolves.toMatch(/复核日期：\d{4}-\d{2}-\d{2}/)

    // The card shows the new level, and its badge links to the tier page.
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-tier').waitFor({ state: 'visible' })
    await expect(text(page, '#card-tier')).resolves.toBe('银杏会员')
    await page.locator('#card-tier-link').click()
    await page.waitForURL(/\/pages\/tier\/index/)
    await page.locator('#tier-level').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-level')).resolves.toBe('银杏会员')
    await page.close()

    // At the till: the clerk types the member's code and sees the level's discount and perks.
    const till = await newPage()
    await actAs(till, CLERK)
    await till.goto(`${server.url}/staff/scan/index`)
    await till.locator('#staff-header').waitFor({ state: 'visible' })
    const code = await api<{ code: string }>('member', MEMBER, { action: 'code' })
    await till.locator('#staff-code input').fill(code.data.code)
    await till.locator('#staff-lookup').click()
    await till.locator('#till-member').waitFor({ state: 'visible' })
    await expect(text(till, '#till-tier')).resolves.toBe('银杏会员')
    await expect(text(till, '#till-discount')).resolves.toContain('会员折扣 98折')
    await expect(text(till, '#till-perks')).resolves.toContain('免费小食一份')
    await till.close()
  })

  test('a base-level member sees the till’s "no discount" and the tier page in English', async () => {
    const openid = 'e2e-tier-english'
    await register(openid, '13700004444')
    const page = await newPage()
    await actAs(page, openid)
    await page.goto(`${server.url}/pages/profile/index`)
    await page.locator('#profile-language').waitFor({ state: 'visible' })
    await page.locator('#profile-language').getByText('English').click()
    await page.goto(`${server.url}/pages/tier/index`)
    await page.locator('#tier-level').waitFor({ state: 'visible' })
    await expect(text(page, '#tier-level')).resolves.toBe('Pomelo')
    await expect(text(page, '#tier-sentence')).resolves.toContain('spend ¥2,000 more to reach Ginkgo')
    await expect(text(page, '#tier-ladder-silver')).resolves.toContain('2% off')
    await expect(whatIf(page, '2000', '¥2,000')).resolves.toContain('you become Ginkgo at once')
    await page.close()

    const till = await newPage()
    await actAs(till, CLERK)
    await till.goto(`${server.url}/staff/scan/index`)
    await till.locator('#staff-header').waitFor({ state: 'visible' })
    const code = await api<{ code: string }>('member', openid, { action: 'code' })
    await till.locator('#staff-code input').fill(code.data.code)
    await till.locator('#staff-lookup').click()
    await till.locator('#till-member').waitFor({ state: 'visible' })
    await expect(text(till, '#till-discount')).resolves.toContain('会员折扣 无')
    expect(await till.locator('#till-perks').count()).toBe(0)
    await till.close()
  })
})
