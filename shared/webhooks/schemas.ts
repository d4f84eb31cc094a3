import * as z from '../zod'
import { EventType, Subscription } from './events'

/** At most this many webhooks (each event is fanned out to every one that subscribes). */
export const MAX_WEBHOOKS = 20

/**
 * Why a webhook address cannot be used, or null: it must be an absolute http(s) URL, and it may
 * not carry a user name or password (the list shows it; requests are signed instead).
 * The handler answers WEBHOOK_URL_INVALID with this message; the console checks the same.
 */
export function webhookUrlProblem(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'Webhook 地址必须是完整的 http 或 https 网址，例如 https://crm.example.com/huika'
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Webhook 地址必须以 http:// 或 https:// 开头'
  if (u.username || u.password) return 'Webhook 地址中不能包含用户名或密码：请求已有签名，可用签名验证来源'
  return null
}

export const WebhookId = z.string().min(1).max(64)

export const SaveWebhookInput = z.object({
  /** Absent: a new webhook. */
  id: WebhookId.optional(),
  url: z.string({ error: '请填写 Webhook 地址' }).trim().min(1, '请填写 Webhook 地址').max(2000, '地址最长 2000 个字符'),
  events: z
    .array(Subscription)
    .min(1, '请至少选择一类事件')
    .max(EventType.options.length)
    .transform((es) => [...new Set(es)]),
  active: z.boolean().default(true),
  description: z.string().trim().max(200, '说明最长 200 个字').default(''),
})
export type SaveWebhookInput = z.input<typeof SaveWebhookInput>

export const WebhookIdInput = z.object({ id: WebhookId })

/** A webhook as the console sees it: the secret only as a hint of its last characters. */
export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  description: z.string(),
  secretHint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type WebhookView = z.infer<typeof WebhookView>

export const WebhooksResult = z.object({ webhooks: z.array(WebhookView) })
/** `secret` is answered once, when the webhook is created (null on an edit). */
export const SaveWebhookResult = z.object({ webhook: WebhookView, created: z.boolean(), secret: z.string().nullable() })
export const RotateWebhookSecretResult = z.object({ webhook: WebhookView, secret: z.string() })

export const DeliveryStatus = z.enum(['pending', 'sending', 'delivered', 'failed'])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

export const WebhookDeliveriesInput = z.object({
  webhookId: WebhookId.optional(),
  status: DeliveryStatus.optional(),
  cursor: z.string().max(400).optional(),
})

/** One event's delivery to one webhook, with how its attempts went. */
export const DeliveryView = z.object({
  /** The id the receiver sees in `X-Huika-Delivery` and the body's `id`. */
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  type: EventType,
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  status: DeliveryStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** The receiver's HTTP status on the last attempt (null: no answer). */
  lastStatus: z.number().int().nullable(),
  /** Why the last attempt failed (a timeout, a refused connection, a non-2xx status). */
  lastError: z.string().nullable(),
  /** The first characters of the receiver's last answer. */
  lastResponse: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
})
export type DeliveryView = z.infer<typeof DeliveryView>

export const WebhookDeliveriesResult = z.object({ deliveries: z.array(DeliveryView), nextCursor: z.string().nullable() })

export const TestWebhookResult = z.object({ delivery: DeliveryView })

export const RedeliverInput = z.object({ deliveryId: z.string().min(1).max(400) })
export const RedeliverResult = z.object({ delivery: DeliveryView })
