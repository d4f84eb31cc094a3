/** The admin actions of webhooks and their deliveries (spread into shared/api.ts). */
export const WebhookAdminApi = {} as const
