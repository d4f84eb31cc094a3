import { fail, ok } from '../../shared/errors'
import { previewCampaign } from '../_lib/campaign-preview'
import { stepReport } from '../_lib/campaign-report'
import { saveDraft } from '../_lib/campaign-save'
import { cancelCampaign, startCampaign, stepCampaign } from '../_lib/campaign-send'
import { latestCampaigns, loadCampaign, toCampaignView } from '../_lib/campaigns'
import { authorizeOperator } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { journeysHandler } from './campaign-journeys'

/**
 * Campaigns (issue 9). Managers and admins may look (list, one campaign, preview, report); sending
 * reaches members programme-wide, so saving, sending and cancelling are the admin's.
 */

/** admin.campaigns: the 50 newest campaigns. */
export const campaigns: Handler<'admin', 'campaigns'> = async (_input, ctx) => {
  const staff = await authorizeOperator(ctx)
  if (!staff.ok) return staff
  return ok({ campaigns: (await latestCampaigns(ctx.deps.db)).map(toCampaignView) })
}

/** admin.campaign {campaignId}. */
export const campaign: Handler<'admin', 'campaign'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx)
  if (!staff.ok) return staff
  const c = await loadCampaign(ctx.deps.db, input.campaignId)
  return c ? ok(toCampaignView(c)) : fail('CAMPAIGN_NOT_FOUND')
}

/** admin.saveCampaign {campaignId?, campaign}: creates or changes a draft. */
export const saveCampaign: Handler<'admin', 'saveCampaign'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const saved = await saveDraft(ctx.deps, staff.data, { campaignId: input.campaignId, draft: input.campaign })
  return saved.ok ? ok(toCampaignView(saved.data)) : saved
}

/** admin.campaignPreview {campaignId | campaign, limit}: sample members and their exact text. */
export const campaignPreview: Handler<'admin', 'campaignPreview'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx)
  if (!staff.ok) return staff
  // An unsaved draft is held back as a campaign of its own would be; a saved one by its id.
  if (input.campaignId === undefined) return previewCampaign(ctx.deps, { campaignId: 'preview', draft: input.campaign!, filter: null, limit: input.limit })
  const c = await loadCampaign(ctx.deps.db, input.campaignId)
  if (!c) return fail('CAMPAIGN_NOT_FOUND')
  // Edits of a draft preview as they stand; once sending, the audience is the frozen one.
  const draft = c.status === 'draft' && input.campaign ? input.campaign : c.draft
  return previewCampaign(ctx.deps, { campaignId: c._id, draft, filter: c.filter, limit: input.limit })
}

/** admin.campaignSend {campaignId}: starts sending (the console then calls campaignStep until it is sent). */
export const campaignSend: Handler<'admin', 'campaignSend'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const started = await startCampaign(ctx.deps, input.campaignId, staff.data)
  return started.ok ? ok(toCampaignView(started.data)) : started
}

/** admin.campaignStep {campaignId}: sends on from the checkpoint for up to 8 s. */
export const campaignStep: Handler<'admin', 'campaignStep'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const c = await loadCampaign(ctx.deps.db, input.campaignId)
  if (!c) return fail('CAMPAIGN_NOT_FOUND')
  if (c.status === 'draft') return fail('CAMPAIGN_NOT_SENDING', '该活动还没有开始发送')
  return ok(toCampaignView((await stepCampaign(ctx.deps, c._id))!))
}

/** admin.campaignCancel {campaignId}: stops a draft or a campaign being sent. */
export const campaignCancel: Handler<'admin', 'campaignCancel'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx, 'admin')
  if (!staff.ok) return staff
  const cancelled = await cancelCampaign(ctx.deps, input.campaignId, staff.data)
  return cancelled.ok ? ok(toCampaignView(cancelled.data)) : cancelled
}

/** admin.campaignReport {campaignId, refresh}: the measurement, counted on for up to 8 s a call. */
export const campaignReport: Handler<'admin', 'campaignReport'> = async (input, ctx) => {
  const staff = await authorizeOperator(ctx)
  if (!staff.ok) return staff
  const c = await loadCampaign(ctx.deps.db, input.campaignId)
  if (!c) return fail('CAMPAIGN_NOT_FOUND')
  if (!c.startedAt) return fail('CAMPAIGN_NOT_SENDING', '该活动还没有开始发送，没有效果数据')
  return ok(await stepReport(ctx.deps, c, { refresh: input.refresh }))
}

/** The handlers of campaigns, journeys and measurement (spread into the function's definition in index.ts). */
export const campaignHandlers = { campaigns, campaign, saveCampaign, campaignPreview, campaignSend, campaignStep, campaignCancel, campaignReport, journeys: journeysHandler }
