/** The admin actions of campaigns, journeys and their measurement (spread into shared/api.ts). */
export const CampaignAdminApi = {} as const
