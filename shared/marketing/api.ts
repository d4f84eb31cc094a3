import { Empty } from '../member/schemas'
import * as S from './schemas'

/** The admin actions of campaigns, journeys and their measurement (spread into shared/api.ts). */
export const CampaignAdminApi = {
  campaigns: { input: Empty, output: S.CampaignsResult },
  campaign: { input: S.CampaignIdInput, output: S.CampaignView },
  saveCampaign: { input: S.SaveCampaignInput, output: S.CampaignView },
  campaignPreview: { input: S.CampaignPreviewInput, output: S.CampaignPreviewResult },
  campaignSend: { input: S.CampaignIdInput, output: S.CampaignView },
  campaignStep: { input: S.CampaignIdInput, output: S.CampaignView },
  campaignCancel: { input: S.CampaignIdInput, output: S.CampaignView },
  campaignReport: { input: S.CampaignReportInput, output: S.CampaignReportResult },
  journeys: { input: Empty, output: S.JourneysResult },
} as const
