import { Empty } from '../member/schemas'
import { Done } from '../admin/schemas'
import * as W from './schemas'

/** The admin actions of webhooks and their deliveries (spread into shared/api.ts). */
export const WebhookAdminApi = {
  webhooks: { input: Empty, output: W.WebhooksResult },
  saveWebhook: { input: W.SaveWebhookInput, output: W.SaveWebhookResult },
  rotateWebhookSecret: { input: W.WebhookIdInput, output: W.RotateWebhookSecretResult },
  deleteWebhook: { input: W.WebhookIdInput, output: Done },
  webhookDeliveries: { input: W.WebhookDeliveriesInput, output: W.WebhookDeliveriesResult },
  testWebhook: { input: W.WebhookIdInput, output: W.TestWebhookResult },
  redeliver: { input: W.RedeliverInput, output: W.RedeliverResult },
} as const
