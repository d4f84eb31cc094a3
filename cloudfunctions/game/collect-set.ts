import { addDays, shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { cardAt, cardWeight, claimRefusal, drawsLeft, endsOn, isRunning, setView } from '../../shared/game/collect-set'
import type { DrawResult, SetCampaign, SetView } from '../../shared/game/schemas'
import type { MemberRecord } from '../../shared/member/member-record'
import { earn } from '../../shared/points/account'
import { issueCoupons, loadTemplate } from '../_lib/coupons'
import { appendEntries, loadAccount, readAccount, saveAccount } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { ActionContext, Handler } from '../_lib/router'
import { loadCampaign, readPlay, SET_DAYS, SET_DRAWS, SET_HOLDINGS } from '../_lib/sets'
import { commit, rollback, withTransaction } from '../_lib/transaction'

/** Tier rewards may be claimed for this many days after the last day of the campaign. */
const CLAIM_DAYS_AFTER = 7

/** The member and the campaign, or the refusal (only members play). */
async function player(ctx: Pick<ActionContext, 'deps' | 'identity'>, campaignId: string): Promise<Result<{ member: MemberRecord; campaign: SetCampaign }>> {
  const member = await memberByOpenid(ctx.deps.db, ctx.identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const campaign = await loadCampaign(ctx.deps.db, campaignId)
  return campaign ? ok({ member, campaign }) : fail('GAME_NOT_FOUND')
}

/** game.set: the campaign as the caller stands in it: cards with their odds and counts, tiers, draws left today. */
export const set: Handler<'game', 'set'> = async ({ campaignId }, ctx) => {
  const p = await player(ctx, campaignId)
  if (!p.ok) return p
  const today = shanghaiDay(ctx.now)
  const { holding, drawDay } = await readPlay(ctx.deps.db, p.data.member._id, campaignId, today)
  return ok(setView(p.data.campaign, holding, drawDay, today))
}

/**
 * game.draw: one card, by a cryptographic draw over the cards' weights (the disclosed odds), within
 * today's draws (free ones plus those earned by sharing). One transaction counts the draw, adds the
 * card to the member's holding and records the draw.
 */
export const draw: Handler<'game', 'draw'> = async ({ campaignId }, ctx) => {
  const { deps, now } = ctx
  const p = await player(ctx, campaignId)
  if (!p.ok) return p
  const { member, campaign } = p.data
  const today = shanghaiDay(now)
  if (!isRunning(campaign, today)) return fail('GAME_CLOSED')
  const noDraws = () => fail('SPIN_LIMIT_REACHED', '今天的抽卡次数已用完，分享活动可多抽一次')
  // No draw is made for a member with none left (the transaction checks again where it counts).
  if (drawsLeft(campaign, (await readPlay(deps.db, member._id, campaignId, today)).drawDay) === 0) return noDraws()
  const roll = deps.ids.draw(cardWeight(campaign))
  const card = cardAt(campaign, roll)
  return withTransaction<Result<DrawResult>>(deps.db, async (tx) => {
    const { holding, drawDay } = await readPlay(tx, member._id, campaignId, today)
    if (drawsLeft(campaign, drawDay) === 0) return rollback(noDraws())
    const isNew = (holding.cards[card.id] ?? 0) === 0
    holding.cards[card.id] = (holding.cards[card.id] ?? 0) + 1
    const day = { ...drawDay, draws: drawDay.draws + 1 }
    const n = day.draws
    await tx.collection(SET_HOLDINGS).doc(`${member._id}:${campaignId}`).set({ ...holding, memberId: member._id, campaignId })
    await tx.collection(SET_DAYS).doc(`${member._id}:${campaignId}:${today}`).set({ ...day, memberId: member._id, campaignId, day: today })
    await tx.collection(SET_DRAWS).add({ _id: `${member._id}:${campaignId}:${today}:${n}`, memberId: member._id, campaignId, day: today, roll, totalWeight: cardWeight(campaign), cardId: card.id, at: now })
    return commit(ok({ card: { id: card.id, name: card.name }, isNew, set: setView(campaign, holding, day, today) }))
  })
}

/**
 * game.shareDraw: an extra draw for sharing the campaign, at most `shareDrawsPerDay` a day. WeChat no
 * longer tells a mini-program whether a share was sent, so the page asks for it when the member opens
 * the share sheet; the daily cap is what keeps it honest.
 */
export const shareDraw: Handler<'game', 'shareDraw'> = async ({ campaignId }, ctx) => {
  const p = await player(ctx, campaignId)
  if (!p.ok) return p
  const { member, campaign } = p.data
  const today = shanghaiDay(ctx.now)
  if (!isRunning(campaign, today)) return fail('GAME_CLOSED')
  return withTransaction(ctx.deps.db, async (tx) => {
    const { holding, drawDay } = await readPlay(tx, member._id, campaignId, today)
    if (drawDay.shared >= campaign.shareDrawsPerDay) return rollback(ok(setView(campaign, holding, drawDay, today)))
    const day = { ...drawDay, shared: drawDay.shared + 1 }
    await tx.collection(SET_DAYS).doc(`${member._id}:${campaignId}:${today}`).set({ ...day, memberId: member._id, campaignId, day: today })
    return commit(ok(setView(campaign, holding, day, today)))
  })
}

/**
 * game.claim: a reward tier's prize, once per member and tier, when they hold enough different
 * cards; until CLAIM_DAYS_AFTER days after the campaign's last day. One transaction marks the tier
 * claimed on the holding and pays the points (and the coupon).
 */
export const claim: Handler<'game', 'claim'> = async ({ campaignId, rewardTier }, ctx) => {
  const { deps, now } = ctx
  const p = await player(ctx, campaignId)
  if (!p.ok) return p
  const { member, campaign } = p.data
  const today = shanghaiDay(now)
  if (today < campaign.startsOn || today > addDays(endsOn(campaign), CLAIM_DAYS_AFTER)) return fail('GAME_CLOSED')
  const tier = campaign.rewardTiers.find((t) => t.id === rewardTier)
  if (!tier) return fail('REWARD_TIER_NOT_FOUND')
  const template = tier.couponTemplateId ? await loadTemplate(deps.db, tier.couponTemplateId) : null
  const done = await withTransaction<Result<{ balance: number | null; couponCodes: string[]; set: SetView }>>(deps.db, async (tx) => {
    const { holding, drawDay } = await readPlay(tx, member._id, campaignId, today)
    const refusal = claimRefusal(campaign, holding, rewardTier)
    if (refusal === 'ALREADY_CLAIMED') return rollback(fail('ALREADY_CLAIMED'))
    if (refusal === 'NOT_ENOUGH_CARDS') return rollback(fail('NOT_ENOUGH_CARDS', `需要集齐 ${tier.distinct} 种不同的卡片`))
    holding.claimed.push(rewardTier)
    await tx.collection(SET_HOLDINGS).doc(`${member._id}:${campaignId}`).set({ ...holding, memberId: member._id, campaignId })
    let balance: number | null = null
    if (tier.points > 0) {
      const change = earn(await loadAccount(tx, member._id), {
        entryId: `set:${member._id}:${campaignId}:${rewardTier}`,
        points: tier.points,
        expiresOn: addDays(today, 364),
        availableOn: null,
        orderKey: null,
        source: { kind: 'member', id: member.openid, storeId: null },
        reason: `${campaign.title}：${tier.label}`,
        now,
      })
      await saveAccount(tx, change.account)
      await appendEntries(tx, change.entries)
      balance = change.account.balance
    }
    const coupons = template?.active ? await issueCoupons(tx, deps, template, member, { channel: 'campaign', issueKey: `set:${member._id}:${campaignId}:${rewardTier}`, count: 1, now }) : null
    return commit(ok({ balance, couponCodes: coupons?.map((c) => c._id) ?? [], set: setView(campaign, holding, drawDay, today) }))
  })
  if (!done.ok) return done
  const balance = done.data.balance ?? (await readAccount(deps.db, member._id)).balance
  return ok({ tier: rewardTier, points: tier.points, couponCodes: done.data.couponCodes, balance, set: done.data.set })
}
