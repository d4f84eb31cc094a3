import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import type { SegmentFilter } from '../../shared/insight/segment'
import { groupOf } from '../../shared/marketing/control'
import { channelsOf, hasReward, PROMOTION_TEMPLATE, sendsMessage, type CampaignDraft, type CampaignPreviewResult } from '../../shared/marketing/schemas'
import { resolveTemplate } from '../../shared/messaging/config'
import { choose } from '../../shared/messaging/contacts'
import { displayName, isUnclaimed } from '../../shared/member/member-record'
import { campaignText, rewardText } from './campaign-message'
import { loadRecipients } from './campaign-recipients'
import { loadSegment } from './campaigns'
import { readContacts, readNeeds } from './contacts'
import type { Deps } from './deps'
import { prepareReward } from './rewards'
import { currentSnapshot, walkSegment } from './segment-walk'
import { loadSettings } from './settings'
import { loadTierConfig } from './tiers'

/**
 * The preview of a campaign: the first members of its audience (from the snapshot, in member order)
 * with the exact text each would read, whether they would be held back, and the channel the message
 * would go by if it were sent now (their opt-ins, SMS consent and frequency cap, as `deliver`
 * decides it). Rendered by the same function the sending steps use.
 */
export async function previewCampaign(
  deps: Deps,
  args: { campaignId: string; draft: CampaignDraft; filter: SegmentFilter | null; limit: number },
): Promise<Result<CampaignPreviewResult>> {
  const { db } = deps
  const now = deps.now()
  const { draft } = args
  let filter = args.filter
  if (!filter) {
    const segment = await loadSegment(db, draft.segmentId)
    if (!segment) return fail('SEGMENT_NOT_FOUND', undefined, 'segmentId')
    filter = segment.filter
  }
  const prepared = hasReward(draft.reward) ? await prepareReward(db, draft.reward, shanghaiDay(now)) : null
  if (prepared?.problem) return fail(prepared.template ? 'COUPON_UNAVAILABLE' : 'TEMPLATE_NOT_FOUND', prepared.problem, 'reward.couponTemplateId')
  const snapshot = await currentSnapshot(db)
  if (!snapshot) return fail('INSIGHT_NOT_READY')

  const ids: string[] = []
  await walkSegment(db, filter, 0, async (found) => void ids.push(...[...found].sort()), () => ids.length >= args.limit)
  const sample = ids.slice(0, args.limit)
  const [tiers, insight, messaging] = await Promise.all([loadTierConfig(db), loadSettings(db, 'insight'), loadSettings(db, 'messaging')])
  const recipients = await loadRecipients(db, sample, { tiers, insight, now })
  const template = resolveTemplate(messaging, PROMOTION_TEMPLATE, 'campaign')
  const channels = channelsOf(draft.channel)

  const samples = []
  for (const memberId of sample) {
    const r = recipients.get(memberId)
    if (!r) continue
    const group = groupOf(args.campaignId, memberId, draft.controlPercent)
    const rendered = group === 'treated' && sendsMessage(draft) ? campaignText(draft, r, prepared) : null
    let channel: 'subscribe' | 'sms' | null = null
    let skip: 'capped' | 'no_consent' | 'unclaimed' | null = null
    if (rendered) {
      if (isUnclaimed(r.member)) skip = 'unclaimed'
      else {
        const [contacts, needs] = await Promise.all([readContacts(db, memberId), readNeeds(db, memberId, now)])
        const chosen = choose({ contacts, config: messaging, kind: 'campaign', template: channels.includes('subscribe') ? template : null, channels, needs, now })
        if ('channel' in chosen) channel = chosen.channel
        else skip = chosen.skip
      }
    }
    samples.push({
      memberId,
      memberNo: r.member.memberNo,
      name: displayName(r.member),
      group,
      text: rendered?.text ?? null,
      variant: rendered?.variant ?? null,
      channel,
      skip,
    })
  }
  return ok({ asOf: snapshot.asOf, samples, reward: rewardText(prepared) })
}
