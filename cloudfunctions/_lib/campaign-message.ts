import { renderCopy, type CopyFacts } from '../../shared/marketing/copy'
import { channelsOf, PROMOTION_TEMPLATE, type CampaignDraft } from '../../shared/marketing/schemas'
import type { Recipient } from './campaign-recipients'
import { campaignKey, type CampaignRecord } from './campaigns'
import type { OutgoingMessage } from './messaging'
import type { PreparedReward } from './rewards'

/**
 * What a campaign says to one member: the text rendered from their facts and the campaign's reward
 * (the preview and the sending steps both render through here), and the message handed to `deliver`.
 */

/** The page a campaign's message opens, telling the mini-program which campaign it came from. */
export const campaignPage = (page: string, campaignId: string) => `${page}${page.includes('?') ? '&' : '?'}c=${encodeURIComponent(campaignId)}`

/** The reward as the member reads it: '新人满减券 + 200 积分'. */
export function rewardText(prepared: PreparedReward | null): string | null {
  if (!prepared) return null
  const parts = [prepared.template?.title, prepared.reward.points > 0 ? `${prepared.reward.points} 积分` : null].filter(Boolean)
  return parts.length > 0 ? parts.join(' + ') : null
}

/** The facts a member's copy is rendered from, with the campaign's reward in them. */
export const withReward = (facts: CopyFacts, prepared: PreparedReward | null): CopyFacts => ({
  ...facts,
  coupon: prepared?.template?.title ?? null,
  bonusPoints: prepared && prepared.reward.points > 0 ? prepared.reward.points : null,
})

/** The text one member of the campaign reads (the preview shows the same). */
export const campaignText = (draft: CampaignDraft, r: Recipient, prepared: PreparedReward | null) => renderCopy(draft.copy, withReward(r.facts, prepared))

/** The campaign's message to one member. */
export const campaignMessage = (c: CampaignRecord, memberId: string, text: string): OutgoingMessage => ({
  key: campaignKey(c._id, memberId),
  memberId,
  kind: 'campaign',
  campaignId: c._id,
  channels: channelsOf(c.draft.channel),
  template: PROMOTION_TEMPLATE,
  page: campaignPage(c.draft.page, c._id),
  text,
  data: { title: c.draft.name, text },
})
