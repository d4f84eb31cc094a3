import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { saveGames } from './game-catalogue'
import { actAs as actAsAt, apiAs, registerAs, smsCodeFor, useE2E } from './harness'
import { saveCatalogue } from './staff-catalogue'
import { attr, phonePage, text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

// What docs/entry-points.md promises: each member-centre page opens by path and query; a visitor who is
// not a member yet is sent to register with `back` = the link they opened, and lands on it afterwards.
const DRINKS = '饮品美食'
const TEA = { id: 'e2e-dl-tea', title: '招牌柠檬茶' }
const TOTE = { id: 'e2e-dl-tote', title: '会卡帆布袋' }
const WHEEL = { id: 'e2e-dl-wheel', title: '海报转盘' }
/** A link as a menu or a poster carries it: the query URL-encoded. */
const q = (params: Record<string, string>) => '?' + new URLSearchParams(params).toString().replace(/\+/g, '%20')

describeIfBrowser('H5 in Chromium: deep links from official-account menus and posters', () => {
  const server = useE2E('huika-e2e-links-', async (dataDir) => {
    await saveCatalogue(dataDir, {
      items: [
        { id: TEA.id, title: TEA.title, category: DRINKS, images: ['/assets/mall/milk-tea.svg'], kind: 'goods', fulfilment: 'pickup', pricePoints: 100, stock: 10 },
        { id: TOTE.id, title: TOTE.title, category: '周边', images: ['/assets/mall/tote-bag.svg'], kind: 'goods', fulfilment: 'pickup', pricePoints: 500, stock: 10 },
      ],
    })
    await saveGames(dataDir, {
      wheels: [
        {
          id: WHEEL.id,
          title: WHEEL.title,
          prizes: [
            { id: 'p5', label: '5 积分', kind: 'points', points: 5, weight: 1 },
            { id: 'none', label: '谢谢参与', kind: 'none', weight: 0 },
          ],
        },
      ],
    })
  })

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  // A fresh browser context each time: no identity, channel or invite code left by another test.
  const newPage = () => phonePage(server.browser, { locale: 'zh-CN' })
  /** A path with its query, the parameters in a fixed order (their order carries no meaning). */
  const canonical = (pathAndQuery: string) => {
    const u = new URL(pathAndQuery, 'http://h5')
    u.searchParams.sort()
    return u.pathname + u.search
  }
  /** Path and query of the page the browser shows now. */
  const here = (page: Page) => canonical(page.url())
  /** What the H5 app kept on the device under a storage key (Taro wraps each value as `{ data }`). */
  const stored = (page: Page, key: string) =>
    page.evaluate((k) => {
      const raw = localStorage.getItem(k)
      if (raw === null) return null
      const wrapped = JSON.parse(raw) as { data?: unknown }
      const value = wrapped && typeof wrapped === 'object' && 'data' in wrapped ? wrapped.data : wrapped
      return typeof value === 'string' ? JSON.parse(value) : value
    }, key)

  /** Completes the register page's form as a visitor would: phone, the SMS code from the outbox, nickname, consent. */
  async function registerThroughForm(page: Page, phone: string, nickname: string) {
    await page.locator('#register-phone input').waitFor({ state: 'visible' })
    await page.locator('#register-phone input').fill(phone)
    await page.locator('#register-send-code').click()
    await page.waitForFunction(() => !!document.querySelector('#register-send-code')?.textContent?.match(/\d+/))
    await page.locator('#register-sms-code input').fill(await smsCodeFor(server.url, phone))
    await page.locator('#register-nickname input').fill(nickname)
    await page.locator('#register-consent').click()
    await page.locator('#register-submit').click()
  }

  test('a member opens every entry point of docs/entry-points.md directly, and its query takes effect', async () => {
    const openid = 'e2e-dl-member'
    const phone = '13700009901'
    await registerAs(server.url, openid, phone, '链接会员')
    const page = await newPage()
    await actAs(page, openid)
    const open = async (link: string, selector: string) => {
      await page.goto(server.url + link)
      await page.locator(selector).waitFor({ state: 'visible' })
      // No detour: the member stays on the link they opened, query and all.
      expect(here(page)).toBe(canonical(link))
    }

    // The card, from the menu: the member's own card, and the channel kept on the device.
    await open('/pages/card/index?from=menu', '#card-nickname')
    await expect(text(page, '#card-nickname')).resolves.toContain('链接会员')
    await expect(stored(page, 'huika.channel')).resolves.toMatchObject({ first: { from: 'menu', page: '/pages/card/index' }, last: { from: 'menu' } })

    // Sign-in, from a poster: the check-in button, and the poster recorded as the latest channel.
    await open('/pages/signin/index?from=poster-1111', '#signin-button')
    await expect(text(page, '#signin-button')).resolves.toBe('签到')
    await expect(stored(page, 'huika.channel')).resolves.toMatchObject({ first: { from: 'menu' }, last: { from: 'poster-1111', page: '/pages/signin/index' } })

    // The mall on one category: that tab is active and only its items are listed.
    await open(`/mall/index/index${q({ category: DRINKS })}`, '#mall-items')
    await expect(page.locator('.mall-tabs__tab[data-active="true"]').textContent()).resolves.toBe(DRINKS)
    await expect(attr(page, '#mall-tab-all', 'data-active')).resolves.toBe('false')
    await page.locator(`#mall-item-${TEA.id}`).waitFor({ state: 'visible' })
    expect(await page.locator(`#mall-item-${TOTE.id}`).count()).toBe(0)
    // An unknown category shows everything.
    await open(`/mall/index/index${q({ category: '没有这类' })}`, '#mall-items')
    await expect(attr(page, '#mall-tab-all', 'data-active')).resolves.toBe('true')
    await page.locator(`#mall-item-${TOTE.id}`).waitFor({ state: 'visible' })

    // One item, by id.
    await open(`/mall/item/index?id=${TOTE.id}`, '#item-title')
    await expect(text(page, '#item-title')).resolves.toBe(TOTE.title)

    // My redemptions on the closed tab.
    await open('/mall/orders/index?tab=done', '#orders-tab-done')
    await page.locator('#page-loading').waitFor({ state: 'detached' })
    await expect(attr(page, '#orders-tab-done', 'data-active')).resolves.toBe('true')
    await expect(attr(page, '#orders-tab-open', 'data-active')).resolves.toBe('false')
    // The list under it is the closed one (this member has none).
    await expect(text(page, '#page-empty')).resolves.toContain('还没有已结束的兑换')

    // The coupon wallet on the used tab.
    await open('/pages/coupons/index?tab=used', '#coupons-list')
    await expect(attr(page, '#coupons-tab-used', 'data-active')).resolves.toBe('true')
    await expect(attr(page, '#coupons-list', 'data-status')).resolves.toBe('used')

    await open('/pages/points/index', '#points-balance')
    await expect(text(page, '#points-balance')).resolves.toBe('0')

    await open('/pages/tier/index', '#tier-level')
    await page.locator('#tier-ladder').waitFor({ state: 'visible' })

    await open('/pages/profile/index', '#profile-phone')
    await expect(text(page, '#profile-phone')).resolves.toContain(phone)

    // The wheel a poster names, not the default one.
    await open(`/games/wheel/index?id=${WHEEL.id}`, '#wheel-odds')
    await expect(attr(page, '#wheel', 'data-wheel-id')).resolves.toBe(WHEEL.id)
    await expect(text(page, '#wheel-title')).resolves.toBe(WHEEL.title)
    await page.close()
  })

  // Each: the link a new visitor opens, an element only the page itself (not its join state) shows, and
  // what else must be true once they are back. `back` must be the link itself, query included.
  const newcomerLinks: Array<{ name: string; link: string; own: string; then?: (page: Page) => Promise<void> }> = [
    {
      name: 'a mall item',
      link: `/mall/item/index?id=${TEA.id}`,
      own: '#item-title',
      then: async (page) => expect(text(page, '#item-title')).resolves.toBe(TEA.title),
    },
    {
      name: 'a mall item from a poster',
      link: `/mall/item/index?id=${TEA.id}&from=poster-1111`,
      own: '#item-title',
      then: async (page) => expect(text(page, '#item-title')).resolves.toBe(TEA.title),
    },
    {
      name: 'the sign-in page from a poster',
      link: '/pages/signin/index?from=poster-1111',
      own: '#signin-button',
      then: async (page) => expect(text(page, '#signin-button')).resolves.toBe('签到'),
    },
    {
      name: 'a wheel from a poster',
      link: `/games/wheel/index?id=${WHEEL.id}&from=poster-1111`,
      own: '#wheel-odds',
      then: async (page) => expect(attr(page, '#wheel', 'data-wheel-id')).resolves.toBe(WHEEL.id),
    },
    {
      name: 'the mall on a category',
      link: `/mall/index/index${q({ category: DRINKS })}`,
      own: '#mall-items',
      then: async (page) => expect(page.locator('.mall-tabs__tab[data-active="true"]').textContent()).resolves.toBe(DRINKS),
    },
    {
      name: 'the coupon wallet on the used tab',
      link: '/pages/coupons/index?tab=used',
      own: '#coupons-list',
      then: async (page) => expect(attr(page, '#coupons-tab-used', 'data-active')).resolves.toBe('true'),
    },
    {
      name: 'my redemptions on the closed tab',
      link: '/mall/orders/index?tab=done',
      own: '#orders-tab-done',
      then: async (page) => expect(attr(page, '#orders-tab-done', 'data-active')).resolves.toBe('true'),
    },
  ]

  test.each(newcomerLinks.map((l, i) => [l.name, i, l] as const))('a new visitor opening %s joins, registers and lands back on it', async (_name, i, { link, own, then }) => {
    const openid = `e2e-dl-newcomer-${i}`
    const phone = `1370000980${i}`
    const page = await newPage()
    await actAs(page, openid)

    // The join state, not the page: nothing a member would see.
    await page.goto(server.url + link)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    expect(await page.locator(own).count()).toBe(0)
    await page.locator('#page-empty .nut-button').click()
    await page.waitForURL(/\/pages\/register\/index\?/)
    const back = new URL(page.url()).searchParams.get('back')

    await registerThroughForm(page, phone, `新会员${i}`)
    await page.waitForURL((url) => !url.pathname.startsWith('/pages/register/'))
    await page.locator(own).waitFor({ state: 'visible', timeout: 15_000 })
    // Registered for real, and back where they were going: the same path, the same query.
    await expect(api('member', openid, { action: 'me' }).then((r) => r.data?.phone)).resolves.toBe(phone)
    expect({ back: back && canonical(back), landed: here(page) }).toEqual({ back: canonical(link), landed: canonical(link) })
    await then?.(page)
    await page.close()
  })

  test('a friend who opens an invite link registers and is attributed to the inviter', async () => {
    const inviter = 'e2e-dl-inviter'
    await registerAs(server.url, inviter, '13700009910', '邀请人')
    const invite = await api<{ code: string; path: string }>('share', inviter, { action: 'invite' })
    expect(invite.ok).toBe(true)
    expect(invite.data.path).toBe(`/pages/register/index?invite=${invite.data.code}&from=invite`)
    await expect(api('share', inviter, { action: 'stats' }).then((r) => r.data.joined)).resolves.toBe(0)

    // The shared path itself: straight to the register page, then the card (no `back`).
    const friend = 'e2e-dl-friend'
    const page = await newPage()
    await actAs(page, friend)
    await page.goto(server.url + invite.data.path)
    await registerThroughForm(page, '13700009911', '好友甲')
    await page.waitForURL(/\/pages\/card\/index/)
    await page.locator('#card-nickname').waitFor({ state: 'visible' })
    await expect(text(page, '#card-nickname')).resolves.toContain('好友甲')
    const stats = await api<{ code: string; joined: number; pending: number; friends: Array<{ nickname: string }> }>('share', inviter, { action: 'stats' })
    expect(stats.data).toMatchObject({ code: invite.data.code, joined: 1, pending: 1 })
    expect(stats.data.friends.map((f) => f.nickname)).toEqual(['好友甲'])
    await page.close()
  })

  test('a friend who scans the poster code (scene=) lands on an item, looks around, joins from it and is still attributed', async () => {
    const inviter = 'e2e-dl-poster-inviter'
    await registerAs(server.url, inviter, '13700009920', '海报邀请人')
    const { code } = (await api<{ code: string }>('share', inviter, { action: 'invite' })).data

    const friend = 'e2e-dl-poster-friend'
    const page = await newPage()
    await actAs(page, friend)
    await page.goto(`${server.url}/mall/item/index?id=${TEA.id}&scene=${code}`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    await expect(stored(page, 'huika.invite')).resolves.toEqual({ code })
    // Looking around first: the mall, then back to the item, whose join button opens the register page.
    await page.goto(`${server.url}/mall/index/index`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    await page.goto(`${server.url}/mall/item/index?id=${TEA.id}`)
    await page.locator('#page-empty .nut-button').click()
    await page.waitForURL(/\/pages\/register\/index\?/)
    await registerThroughForm(page, '13700009921', '好友乙')
    await page.waitForURL(/\/mall\/item\/index/)
    await page.locator('#item-title').waitFor({ state: 'visible' })
    await expect(text(page, '#item-title')).resolves.toBe(TEA.title)

    const stats = await api<{ joined: number; friends: Array<{ nickname: string }> }>('share', inviter, { action: 'stats' })
    expect(stats.data.joined).toBe(1)
    expect(stats.data.friends.map((f) => f.nickname)).toEqual(['好友乙'])
    await page.close()
  })
})
