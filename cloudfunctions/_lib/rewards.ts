import { issuable } from '../../shared/coupon/coupon'
import type { CouponTemplate } from '../../shared/coupon/schemas'
import { addDays, shanghaiDay } from '../../shared/day'
import type { Reward } from '../../shared/marketing/schemas'
import type { MemberRecord } from '../../shared/member/member-record'
import type { EntrySource } from '../../shared/points/schemas'
import { COUPON_ISSUES, issueCoupons, loadTemplate } from './coupons'
import { isDuplicate } from './db-errors'
import type { Database, Deps } from './deps'
import { grantPoints, LEDGER } from './ledger'
import { commit, withTransaction } from './transaction'

/**
 * The rewards of campaigns and journeys: a coupon and/or bonus points, once per key
 * (`campaign:<id>:<memberId>`, `welcome:<memberId>` …). The coupon is issued under the key as its
 * issue key, the points are one `earn` lot with entry id `reward:<key>`, so a repeated or racing
 * call gives nothing more.
 */
export const rewardEntryId = (key: string) => `reward:${key}`

/** The reward ready to give: its coupon template loaded and checked once for a whole step. */
export interface PreparedReward {
  reward: Reward
  template: CouponTemplate | null
  /** Why it cannot be given now (the template is gone or no longer issued), or null. */
  problem: string | null
}

export async function prepareReward(db: Database, reward: Reward, today: string): Promise<PreparedReward> {
  if (reward.couponTemplateId === null) return { reward, template: null, problem: null }
  const template = await loadTemplate(db, reward.couponTemplateId)
  if (!template) return { reward, template: null, problem: `券模板 ${reward.couponTemplateId} 不存在` }
  if (issuable(template, today)) return { reward, template, problem: `券模板 ${template.title} 已停止发放` }
  return { reward, template, problem: null }
}

/** What the member got under the key (now or by an earlier call); `fresh` when this call gave it. */
export interface RewardGiven {
  codes: string[]
  points: number
  fresh: boolean
}

/** Gives the reward once per key; the caller has checked `problem` is null. */
export async function giveReward(
  deps: Deps,
  member: Pick<MemberRecord, '_id' | 'openid'>,
  prepared: PreparedReward,
  args: { key: string; reason: string; source: EntrySource; now: Date },
): Promise<RewardGiven> {
  const { reward, template } = prepared
  let codes: string[] = []
  let fresh = false
  if (template) {
    let issued: string[] | null = null
    try {
      issued = await withTransaction(deps.db, async (tx) => {
        const coupons = await issueCoupons(tx, deps, template, member, { channel: 'campaign', issueKey: args.key, count: 1, now: args.now })
        return commit(coupons ? coupons.map((c) => c._id) : null)
      })
    } catch (err) {
      // A racing call issued under the same key first.
      if (!isDuplicate(err)) throw err
    }
    fresh = issued !== null
    codes = issued ?? (await issuedCodes(deps.db, [args.key])).get(args.key) ?? []
  }
  if (reward.points > 0) {
    try {
      fresh = (await grantPoints(deps.db, member._id, {
        entryId: rewardEntryId(args.key),
        points: reward.points,
        expiresOn: addDays(shanghaiDay(args.now), reward.pointsValidDays),
        source: args.source,
        reason: args.reason,
        now: args.now,
      })) || fresh
    } catch (err) {
      if (!isDuplicate(err)) throw err
    }
  }
  return { codes, points: reward.points, fresh }
}

/** The coupon codes issued under each of `keys` (absent: none). */
export async function issuedCodes(db: Database, keys: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (keys.length === 0) return out
  const res = await db.collection(COUPON_ISSUES).where({ _id: db.command.in(keys) }).limit(1000).get()
  for (const d of res.data as Array<{ _id: string; codes: string[] }>) out.set(d._id, d.codes)
  return out
}

/** The bonus points credited under each of `keys` (absent: none). */
export async function creditedPoints(db: Database, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (keys.length === 0) return out
  const ids = keys.map(rewardEntryId)
  const res = await db.collection(LEDGER).where({ _id: db.command.in(ids) }).field({ points: true }).limit(1000).get()
  for (const d of res.data as Array<{ _id: string; points: number }>) out.set(d._id.slice('reward:'.length), d.points)
  return out
}
