import { defineJob, jobMain } from '../_lib/job'
import { deliverWebhooks } from '../_lib/webhook-deliver'

/**
 * Timer-triggered function `webhook-deliver` (every minute): fans new events out to the webhooks
 * that subscribe, sends what is due (signed, retried with backoff) and removes old records.
 * Safe to run at any time and to race with itself.
 */
export const webhookDeliver = defineJob({
  name: 'webhook-deliver',
  description: 'send the webhook events that are due to the configured URLs (signed, retried with backoff)',
  run: (deps, now) => deliverWebhooks(deps, now),
})

export const jobs = [webhookDeliver]

export const main = jobMain(webhookDeliver)
