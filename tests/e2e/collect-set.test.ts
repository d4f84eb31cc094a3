import type { Page } from 'playwright-core'
import { addDays, shanghaiDay } from '../../shared/day'
import { browserAvailable } from './browser'
import { saveCampaigns } from './game-catalogue'
import { actAs as actAsAt, apiAs, registerAs, useE2E } from './harness'
import { attr, phonePage, text, waitText } from './page'

jest.setTimeout(180_000)
const describeIfBrowser = browserAvailable() ? describe : describe.skip

const DRINK = 'e2e-set-drink'
// Campaigns running from yesterday to three days from now (Asia/Shanghai), so today is inside them.
const TODAY = shanghaiDay(new Date())
const FROM = addDays(TODAY, -1)
const TO = addDays(TODAY, 3)
const CARDS = [
  { id: 'fu', name: '福', weight: 2 },
  { id: 'lu', name: '禄', weight: 1 },
  { id: 'shou', name: '寿', weight: 1 },
]
type SetView = {
  distinct: number
  drawsLeft: number
  shareDrawsLeft: number
  cards: Array<{ id: string; held: number }>
  tiers: Array<{ id: string; claimable: boolean; claimed: boolean }>
}

// Which card a draw gives is random; every check here holds whichever cards come.
describeIfBrowser('H5 in Chromium: the collect-the-set campaign', () => {
  const server = useE2E('huika-e2e-set-', (dataDir) =>
    saveCampaigns(dataDir, {
      templates: [{ id: DRINK, title: '集卡赠饮券', kind: 'gift', gift: '招牌柠檬茶一杯', validity: { kind: 'days', days: 30 } }],
      campaigns: [
        // The campaign the card links to: three free draws a day and one more for sharing.
        {
          id: 'eight-wishes',
          title: '测试集卡',
          cards: CARDS,
          freeDrawsPerDay: 3,
          shareDrawsPerDay: 1,
          startsOn: FROM,
          days: 5,
          rewardTiers: [
            { id: 'two', label: '集齐 2 种', distinct: 2, points: 20 },
            { id: 'all', label: '集齐 3 种', distinct: 3, points: 50 },
          ],
        },
        // Its first tier is reached by any first draw.
        {
          id: 'e2e-set-claim',
          title: '一张就领',
          cards: CARDS,
          freeDrawsPerDay: 3,
          startsOn: FROM,
          days: 5,
          rewardTiers: [
            { id: 'one', label: '集齐 1 种', distinct: 1, points: 20, couponTemplateId: DRINK },
            { id: 'all', label: '集齐 3 种', distinct: 3, points: 100 },
          ],
        },
        { id: 'e2e-set-closed', title: '已结束集卡', cards: CARDS, startsOn: FROM, days: 5, active: false, rewardTiers: [{ id: 'one', label: '集齐 1 种', distinct: 1, points: 5 }] },
      ],
    }),
  )

  const api = <T = any>(fn: string, openid: string, body: object) => apiAs<T>(server.url, fn, openid, body)
  const setOf = async (openid: string, campaignId: string) => (await api<SetView>('game', openid, { action: 'set', campaignId })).data
  const actAs = (page: Page, openid: string) => actAsAt(page, server.url, openid)
  const newPage = () => phonePage(server.browser)

  async function openSet(page: Page, id: string) {
    await page.goto(`${server.url}/games/set/index?id=${id}`)
    await page.locator('#set-cards').waitFor({ state: 'visible' })
  }

  /** Every card's count as the page shows it. */
  async function heldOnPage(page: Page): Promise<Record<string, number>> {
    const held: Record<string, number> = {}
    for (const c of CARDS) held[c.id] = Number(await attr(page, `#set-card-${c.id}`, 'data-held'))
    return held
  }

  /**
   * Presses 抽一张 with `left` draws left and checks what the page then shows: one draw fewer, the
   * card drawn (新卡! the first time it comes, else how many now), and that card lit in the grid.
   */
  async function drawOnPage(page: Page, left: number, seen: Record<string, number>): Promise<void> {
    await expect(text(page, '#set-draw')).resolves.toBe('抽一张')
    await page.locator('#set-draw').click()
    await waitText(page, '#set-draws-left', `${left - 1} 次`)
    await page.locator('#set-drawn').waitFor({ state: 'visible' })
    const id = (await attr(page, '#set-drawn', 'data-card'))!
    const card = CARDS.find((c) => c.id === id)!
    seen[id] = (seen[id] ?? 0) + 1
    await expect(text(page, '#set-drawn-title')).resolves.toBe(`抽到「${card.name}」`)
    if (seen[id] === 1) await expect(text(page, '#set-drawn-new')).resolves.toBe('新卡！')
    else await expect(text(page, '#set-drawn-repeat')).resolves.toBe(`这张卡您已有 ${seen[id]} 张`)
    await expect(attr(page, `#set-card-${id}`, 'class')).resolves.toContain('set-card--held')
    await expect(text(page, `#set-card-${id}-name`)).resolves.toBe(card.name)
    await expect(text(page, `#set-card-${id}-held`)).resolves.toBe(`×${seen[id]}`)
  }

  test('someone not yet a member is sent to register and back to this campaign', async () => {
    const page = await newPage()
    await actAs(page, 'e2e-set-stranger')
    await page.goto(`${server.url}/games/set/index?id=e2e-set-claim`)
    await page.locator('#page-empty').waitFor({ state: 'visible' })
    await expect(text(page, '#page-empty')).resolves.toContain('集卡活动仅限会员参加')
    expect(await page.locator('#set-draw').count()).toBe(0)
    await page.locator('#page-empty .nut-button').click()
    await page.waitForURL(/\/pages\/register\/index/)
    expect(new URL(page.url()).searchParams.get('back')).toBe('/games/set/index?id=e2e-set-claim')
    await page.close()
  })

  test('from the card: the cards with their odds, three draws, the limit, one more for sharing, and the server agrees', async () => {
    const member = 'e2e-set-member'
    await registerAs(server.url, member, '13700009901', '集卡会员')
    const page = await newPage()
    await actAs(page, member)
    await page.goto(`${server.url}/pages/card/index`)
    await page.locator('#card-collect-link').click()
    await page.waitForURL(/\/games\/set\/index/)
    await page.locator('#set-cards').waitFor({ state: 'visible' })
    await expect(attr(page, '#set', 'data-campaign-id')).resolves.toBe('eight-wishes')
    await expect(text(page, '#set-title')).resolves.toBe('测试集卡')
    await expect(text(page, '#set-dates')).resolves.toBe(`活动时间：${FROM} 至 ${TO}`)

    // Nothing held yet: every card greyed, with its disclosed chance.
    for (const [id, odds] of [
      ['fu', '50%'],
      ['lu', '25%'],
      ['shou', '25%'],
    ]) {
      await expect(attr(page, `#set-card-${id}`, 'class')).resolves.not.toContain('set-card--held')
      await expect(text(page, `#set-card-${id}-held`)).resolves.toBe('未获得')
      await expect(text(page, `#set-card-${id}-odds`)).resolves.toBe(odds)
    }
    await expect(text(page, '#set-fairness')).resolves.toContain('密码学安全随机数')
    await expect(text(page, '#set-distinct')).resolves.toBe('0/3 种')
    await expect(text(page, '#set-draws-left')).resolves.toBe('3 次')
    await expect(text(page, '#set-tier-two-progress')).resolves.toBe('0/2')
    await expect(text(page, '#set-tier-two-status')).resolves.toBe('还差 2 种')
    await expect(text(page, '#set-share')).resolves.toBe('分享得额外次数')
    // The share card opens this campaign.
    await expect(attr(page, '#set-share', 'data-share-path')).resolves.toBe('/games/set/index?id=eight-wishes&from=share')
    expect(await page.locator('#set-message').count()).toBe(0)

    // Three draws: 3 → 2 → 1 → 0.
    const seen: Record<string, number> = {}
    for (const left of [3, 2, 1]) await drawOnPage(page, left, seen)
    const afterThree = await heldOnPage(page)
    expect(Object.values(afterThree).reduce((a, b) => a + b, 0)).toBe(3)
    expect(afterThree).toEqual({ fu: seen.fu ?? 0, lu: seen.lu ?? 0, shou: seen.shou ?? 0 })
    const distinct = Object.keys(seen).length
    await expect(text(page, '#set-distinct')).resolves.toBe(`${distinct}/3 种`)
    await expect(text(page, '#set-tier-two-progress')).resolves.toBe(`${Math.min(distinct, 2)}/2`)

    // No fourth draw: said before pressing, with the way to one more.
    await expect(attr(page, '#set-message', 'data-code')).resolves.toBe('SPIN_LIMIT_REACHED')
    await expect(text(page, '#set-message')).resolves.toBe('今天的抽卡次数已用完，分享活动可再抽一次')
    await expect(text(page, '#set-draw')).resolves.toBe('今日次数已用完')
    await expect(attr(page, '#set-draw', 'class')).resolves.toContain('nut-button-disabled')
    await expect(setOf(member, 'eight-wishes')).resolves.toMatchObject({ drawsLeft: 0, shareDrawsLeft: 1 })

    // Sharing: one more draw, and the share button says there are no more today.
    await page.locator('#set-share').click()
    await waitText(page, '#set-draws-left', '1 次')
    await expect(text(page, '#set-share-result')).resolves.toBe('分享成功，多得 1 次抽卡机会')
    await expect(text(page, '#set-share')).resolves.toBe('今日分享加抽已用完')
    expect(await page.locator('#set-message').count()).toBe(0)
    await expect(text(page, '#set-draw')).resolves.toBe('抽一张')
    await expect(setOf(member, 'eight-wishes')).resolves.toMatchObject({ drawsLeft: 1, shareDrawsLeft: 0 })

    // The extra draw is taken on another phone; this page still offers it, and the server says no.
    expect((await api('game', member, { action: 'draw', campaignId: 'eight-wishes' })).ok).toBe(true)
    await page.locator('#set-draw').click()
    await page.waitForFunction(() => document.querySelector('#set-message')?.getAttribute('data-code') === 'SPIN_LIMIT_REACHED', undefined, { timeout: 10_000 })
    await expect(text(page, '#set-message')).resolves.toBe('今天的抽卡次数已用完，明天再来吧')
    // Then the page catches up with the server: no draws left, four cards held, as game.set says.
    await waitText(page, '#set-draws-left', '0 次')
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#set-cards [data-held]')).reduce((s, el) => s + Number(el.getAttribute('data-held')), 0) === 4, undefined, {
      timeout: 10_000,
    })
    const server4 = await setOf(member, 'eight-wishes')
    expect(server4).toMatchObject({ drawsLeft: 0, shareDrawsLeft: 0 })
    expect(await heldOnPage(page)).toEqual(Object.fromEntries(server4.cards.map((c) => [c.id, c.held])))
    await expect(text(page, '#set-distinct')).resolves.toBe(`${server4.distinct}/3 种`)
    await page.close()
  })

  test('a tier reached is claimed once: points on the account, a coupon in the wallet, 已领取', async () => {
    const member = 'e2e-set-claimer'
    await registerAs(server.url, member, '13700009902', '领奖会员')
    const page = await newPage()
    await actAs(page, member)
    await openSet(page, 'e2e-set-claim')
    await expect(text(page, '#set-tier-one-progress')).resolves.toBe('0/1')
    await expect(text(page, '#set-tier-one-status')).resolves.toBe('还差 1 种')
    expect(await page.locator('#set-tier-one-claim').count()).toBe(0)

    await drawOnPage(page, 3, {})
    await expect(text(page, '#set-tier-one-progress')).resolves.toBe('1/1')
    await expect(text(page, '#set-tier-all-progress')).resolves.toBe('1/3')
    await expect(text(page, '#set-tier-all-status')).resolves.toBe('还差 2 种')
    expect(await page.locator('#set-tier-all-claim').count()).toBe(0)
    await expect(text(page, '#set-tier-one-claim')).resolves.toBe('领取')

    await page.locator('#set-tier-one-claim').click()
    await page.locator('#set-claim-result').waitFor({ state: 'visible' })
    await expect(text(page, '#set-claim-title')).resolves.toBe('已领取「集齐 1 种」')
    await expect(text(page, '#set-claim-points')).resolves.toBe('获得 20 积分，当前积分 20')
    await expect(text(page, '#set-tier-one-status')).resolves.toBe('已领取')
    expect(await page.locator('#set-tier-one-claim').count()).toBe(0)

    // On the server: the points paid once, the tier claimed, and a second claim refused.
    await expect(api('points', member, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(20)
    const view = await setOf(member, 'e2e-set-claim')
    expect(view.tiers.find((t) => t.id === 'one')).toMatchObject({ claimed: true, claimable: false })
    expect(view.tiers.find((t) => t.id === 'all')).toMatchObject({ claimed: false, claimable: false })
    await expect(api('game', member, { action: 'claim', campaignId: 'e2e-set-claim', rewardTier: 'one' })).resolves.toMatchObject({ ok: false, error: { code: 'ALREADY_CLAIMED' } })
    await expect(api('points', member, { action: 'summary' }).then((r) => r.data.balance)).resolves.toBe(20)

    await page.locator('#set-claim-wallet').click()
    await page.waitForURL(/\/pages\/coupons\/index/)
    await waitText(page, '#coupons-count-usable', '1')
    await expect(page.locator('#coupons-list').textContent()).resolves.toContain('集卡赠饮券')
    await page.close()
  })

  test('a closed campaign and one that does not exist say so', async () => {
    const member = 'e2e-set-closed'
    await registerAs(server.url, member, '13700009903', '晚到会员')
    const page = await newPage()
    await actAs(page, member)

    await openSet(page, 'e2e-set-closed')
    await expect(attr(page, '#set-message', 'data-code')).resolves.toBe('GAME_CLOSED')
    await expect(text(page, '#set-message')).resolves.toBe('活动未开始或已结束，敬请期待下一期')
    await expect(text(page, '#set-draw')).resolves.toBe('活动未开放')
    await expect(attr(page, '#set-draw', 'class')).resolves.toContain('nut-button-disabled')
    await expect(text(page, '#set-draws-left')).resolves.toBe('0 次')
    expect(await page.locator('#set-share').count()).toBe(0)
    // The odds stay disclosed.
    await expect(text(page, '#set-card-fu-odds')).resolves.toBe('50%')

    await page.goto(`${server.url}/games/set/index?id=no-such-campaign`)
    await page.locator('#page-error').waitFor({ state: 'visible' })
    await expect(text(page, '#page-error')).resolves.toContain('找不到该活动')
    await page.close()
  })
})
