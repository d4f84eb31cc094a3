import { shanghaiDay } from '../../shared/day'
import type { TierBadge } from '../../shared/member/schemas'
import type { Deps } from './deps'
import { memberByOpenid } from './members'
import { deliver, type DeliveryOutcome } from './messaging'

/**
 * The congratulation for a new level, through the message layer (a `tier-changed` opt-in, else SMS
 * where the member agreed to it): once per member, level and day (key
 * `tier-up:<memberId>:<levelId>:<day>`), so a retried credit, or a refund and a purchase that reach
 * the level again the same day, congratulate once. Called by `congratulate` in tiers.ts.
 */
export async function sendCongratulation(deps: Deps, openid: string, level: TierBadge): Promise<DeliveryOutcome> {
  const member = await memberByOpenid(deps.db, openid)
  if (!member) return { status: 'skipped', reason: 'no_member' }
  return deliver(deps, {
    key: `tier-up:${member._id}:${level.id}:${shanghaiDay(deps.now())}`,
    memberId: member._id,
    kind: 'tier-changed',
    campaignId: null,
    channels: ['subscribe', 'sms'],
    template: 'tier-changed',
    page: 'pages/tier/index',
    text: `恭喜您升级为${level.name.zh}！新等级的积分倍数与会员折扣已生效，点击查看全部权益。`,
    data: { kind: 'upgraded', level: level.name.zh, levelId: level.id },
  })
}
