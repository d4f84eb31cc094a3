import { decodeQr } from './decode-qr'
import type { Page } from 'playwright-core'
import { browserAvailable } from './browser'
import { actAs as actAsAt, apiAs, cli, registerAs, smsCodeFor, useE2E } from './harness'
import { attr, text } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const INVITER = 'e2e-invite-inviter'
const FRIEND = 'e2e-invite-friend'
const CLERK = 'e2e-invite-clerk'
const STORE = 'E2EINV'

type Invite = { code: string; path: string; image: string; title: string }
type Stats = { code: string | null; joined: number; rewarded: number; pending: number; pointsEarned: number; friends: Array<{ nickname: string; rewarded: boolean }> }

/** What Taro's H5 setClipboardData last copied (it keeps a copy in local storage for getClipboardData). */
const clipboard = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('taro_clipboard') ?? '{}') as { data?: string }).data ?? null)

// The default programme (no config/share): the inviter earns 100 points and the friend 50, paid on the friend's first credited purchase.
describeIfBrowser('H5 in Chromium: share-to-earn invitations, from the card to a friend’s first purchase', () => {
  const server = useE2E('huika-e2e-invite-', async (dataDir) => {
    await cli(dataDir, 'store', 'add', '--id', STORE, '--name', '邀请门店')
    await cli(dataDir, 'staff', 'add', '--openid', CLERK, '--store', STORE, '--role', 'clerk', '--name', '小钱')
  })

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const stats = async (openid: string) => {
    const res = await api<Stats>('share', openid, { action: 'stats' })
    expect(res.ok).toBe(true)
    return res.data
  }

  /** Reloads the invite page and waits for its figures. */
  async function reloadInvite(page: Page) {
    await page.reload()
    await page.locator('#invite-stats').waitFor({ state: 'visible' })
  }

  test('someone not yet a member is offered to join', async () => {
    const page = await server.browser.newPage({ viewport: { width: 390, height: 844 } })
    await actAs(page, 'e2e-invite-stranger')
    await page.goto(`${server.url}/pages/invite/index`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    expect(await page.locator('#invite-code').count()).toBe(0)
    // Joining comes back here afterwards.
    await page.locator('#page-empty .nut-button').click()
    await page.waitForURL((url) => url.pathname === '/pages/register/index' && url.searchParams.get('back') === '/pages/invite/index')
    await page.close()
  })

  test('a member shares their code; a friend registers through the link and is paid for on the first purchase', async () => {
    await registerAs(server.url, INVITER, '13700005551', '邀请人')

    // The inviter, in their own browser: card → 邀请有礼.
    const inviterContext = await server.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const page = await inviterContext.newPage()
    await actAs(page, INVITER)
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-invite-link').click()
    await page.waitForURL(/\/pages\/invite\/index/)
    await page.locator('#invite-code').waitFor({ state: 'visible' })

    const invite = (await api<Invite>('share', INVITER, { action: 'invite' })).data
    expect(invite.path).toBe(`/pages/register/index?invite=${invite.code}&from=invite`)
    await expect(text(page, '#invite-code')).resolves.toBe(invite.code)
    await expect(text(page, '#invite-rules')).resolves.toBe('邀请好友注册并完成首次消费，你得 100 积分，好友得 50 积分')
    // The poster's code opens registration with this member's code.
    await page.waitForFunction(() => (document.querySelector('#invite-poster img, img#invite-poster') as HTMLImageElement | null)?.complete)
    await expect(decodeQr(page, '#invite-poster')).resolves.toBe(`/pages/register/index?invite=${invite.code}`)
    // Nobody yet.
    await expect(text(page, '#invite-joined')).resolves.toBe('0')
    await expect(text(page, '#invite-points')).resolves.toBe('0')
    await page.locator('#invite-friends-empty').waitFor({ state: 'visible' })

    // Copy the code; in a browser 分享给好友 copies the link; the code image downloads under its name.
    await page.locator('#invite-copy').click()
    await expect(clipboard(page)).resolves.toBe(invite.code)
    await page.locator('#invite-share').click()
    await expect(clipboard(page)).resolves.toBe(`${server.url}${invite.path}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#invite-save').click()])
    expect(download.suggestedFilename()).toBe(`invite-${invite.code}.gif`)

    // The friend opens the shared link in a browser of their own and registers through the form.
    const friendContext = await server.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const friend = await friendContext.newPage()
    await actAs(friend, FRIEND)
    await friend.goto(`${server.url}${invite.path}`)
    const phone = '13700005552'
    await friend.locator('#register-phone input').fill(phone)
    await friend.locator('#register-send-code').click()
    await friend.waitForFunction(() => !!document.querySelector('#register-send-code')?.textContent?.match(/\d+/))
    await friend.locator('#register-sms-code input').fill(await smsCodeFor(server.url, phone))
    await friend.locator('#register-nickname input').fill('小邀')
    await friend.locator('#register-consent').click()
    await friend.locator('#register-submit').click()
    await friend.waitForURL(/\/pages\/card\/index/)
    await friend.locator('#card-nickname').waitFor({ state: 'visible' })
    await expect(text(friend, '#card-nickname')).resolves.toContain('小邀')

    // Attributed, not paid: the friend has not bought anything yet.
    expect(await stats(INVITER)).toMatchObject({ code: invite.code, joined: 1, rewarded: 0, pending: 1, pointsEarned: 0, friends: [{ nickname: '小邀', rewarded: false }] })
    await reloadInvite(page)
    await expect(text(page, '#invite-joined')).resolves.toBe('1')
    await expect(text(page, '#invite-pending')).resolves.toBe('1')
    await expect(text(page, '#invite-friend-0-name')).resolves.toBe('小邀')
    await expect(text(page, '#invite-friend-0-status')).resolves.toBe('待首单')
    await expect(attr(page, '#invite-friend-0', 'data-rewarded')).resolves.toBe('false')

    // The friend's first purchase, credited at the till with the code their card shows.
    const code = await api<{ code: string }>('member', FRIEND, { action: 'code' })
    expect(code.ok).toBe(true)
    const credit = await api<{ status: string }>('staff', CLERK, { action: 'accrue', memberCode: code.data.code, orderId: 'INVITE-1', amountFen: 10_000 })
    expect({ ok: credit.ok, status: credit.data?.status, error: credit.error }).toEqual({ ok: true, status: 'credited', error: undefined })

    // Both sides paid: the inviter's 100 points are on their account.
    expect(await stats(INVITER)).toMatchObject({ joined: 1, rewarded: 1, pending: 0, pointsEarned: 100, friends: [{ nickname: '小邀', rewarded: true }] })
    await expect(api<{ balance: number }>('points', INVITER, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(100)
    await reloadInvite(page)
    await expect(text(page, '#invite-rewarded')).resolves.toBe('1')
    await expect(text(page, '#invite-pending')).resolves.toBe('0')
    await expect(text(page, '#invite-points')).resolves.toBe('100')
    await expect(text(page, '#invite-friend-0-status')).resolves.toBe('已奖励')
    await expect(attr(page, '#invite-friend-0', 'data-rewarded')).resolves.toBe('true')

    await friendContext.close()
    await inviterContext.close()
  })
})
