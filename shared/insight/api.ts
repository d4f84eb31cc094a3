/** The admin actions of member insight, tags and segments (spread into shared/api.ts). */
export const InsightAdminApi = {} as const
