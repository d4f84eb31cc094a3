import { fail, ok, type Result } from '../../shared/errors'
import type { CampaignDraft } from '../../shared/marketing/schemas'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { CAMPAIGNS, emptyCounts, loadCampaign, loadSegment, operatorOf, type CampaignRecord } from './campaigns'
import { loadTemplate } from './coupons'
import type { Deps } from './deps'
import { recordChange } from './operators'

/** Ids sort by creation time, so the newest campaigns list first. */
const newCampaignId = (now: Date, random: string) => `${now.getTime().toString(36).padStart(9, '0')}-${random}`

/**
 * Creates a draft, or changes one (a campaign that started sending is no longer editable). The
 * segment and the coupon template must exist; the change is recorded with the draft before and after.
 */
export async function saveDraft(deps: Deps, staff: StaffRecord, args: { campaignId?: string; draft: CampaignDraft }): Promise<Result<CampaignRecord>> {
  const { db } = deps
  const now = deps.now()
  const { draft } = args
  const segment = await loadSegment(db, draft.segmentId)
  if (!segment) return fail('SEGMENT_NOT_FOUND', undefined, 'campaign.segmentId')
  const templateId = draft.reward?.couponTemplateId
  if (templateId && !(await loadTemplate(db, templateId))) return fail('TEMPLATE_NOT_FOUND', `券模板 ${templateId} 不存在`, 'campaign.reward.couponTemplateId')
  const change = (id: string, before: unknown) =>
    recordChange(db, staff, { kind: 'campaign', targetId: id, action: 'save', reason: draft.name, before, after: draft, now, random: deps.ids.code() })

  if (args.campaignId === undefined) {
    const id = newCampaignId(now, deps.ids.code())
    const record: Omit<CampaignRecord, '_id'> = {
      draft,
      segmentName: segment.name,
      status: 'draft',
      filter: null,
      snapshot: null,
      estimate: null,
      nextChunk: 0,
      nextOffset: 0,
      chunkSize: 0,
      counts: emptyCounts(),
      by: operatorOf(staff),
      sentBy: null,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
    }
    await db.collection(CAMPAIGNS).doc(id).set(record)
    await change(id, null)
    return ok((await loadCampaign(db, id))!)
  }
  const c = await loadCampaign(db, args.campaignId)
  if (!c) return fail('CAMPAIGN_NOT_FOUND')
  if (c.status !== 'draft') return fail('CAMPAIGN_NOT_EDITABLE')
  const res = (await db
    .collection(CAMPAIGNS)
    .where({ _id: c._id, status: 'draft' })
    .update({ draft: db.command.set(draft), segmentName: segment.name, updatedAt: now })) as { updated?: number }
  if (res.updated !== 1) return fail('CAMPAIGN_NOT_EDITABLE')
  await change(c._id, c.draft)
  return ok((await loadCampaign(db, c._id))!)
}
