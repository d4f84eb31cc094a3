import { shanghaiDay } from '../../shared/day'
import type { MemberRecord } from '../../shared/member/member-record'
import type { TierBadge } from '../../shared/member/schemas'
import { programmeOn, type TierConfig } from '../../shared/tier/programme'
import { issueCoupons, loadTemplate } from './coupons'
import type { Deps } from './deps'
import { congratulate } from './tiers'
import { withTransaction, commit } from './transaction'

/**
 * After a purchase lifted a member to a level: the level's coupon pack, once per member, level and
 * template (the issue key makes a repeat a no-op), then the congratulation. Runs after the credit
 * committed: a failure here is logged and never undoes the credit.
 */
export async function welcomeToLevel(deps: Deps, tiers: TierConfig, member: Pick<MemberRecord, '_id' | 'openid'>, level: TierBadge, now: Date): Promise<void> {
  const found = programmeOn(tiers, shanghaiDay(now)).levels.find((l) => l.id === level.id)
  for (const templateId of found?.benefits.couponPack ?? []) {
    try {
      const template = await loadTemplate(deps.db, templateId)
      if (!template || !template.active) {
        deps.log.error(`tier ${level.id}: coupon pack template ${templateId} is missing or inactive`)
        continue
      }
      const issueKey = `tier:${member._id}:${level.id}:${templateId}`
      await withTransaction(deps.db, async (tx) => commit(await issueCoupons(tx, deps, template, member, { channel: 'tier', issueKey, count: 1, now })))
    } catch (err) {
      deps.log.error(`tier ${level.id}: coupon pack ${templateId} not issued`, err)
    }
  }
  await congratulate(deps, member.openid, level)
}
