import { randomBytes } from 'node:crypto'
import { MAX_ATTEMPTS } from '../../shared/webhooks/backoff'
import type { EventType } from '../../shared/webhooks/events'
import type { DeliveryStatus, DeliveryView, WebhookView } from '../../shared/webhooks/schemas'
import type { Database } from './deps'

/**
 * The webhook collections, named in one place:
 * - `webhooks`: `_id` = the webhook's id; the receiving URL, what it subscribes to, its signing secret.
 * - `webhook_events` (`_lib/events.ts`): the outbox the business writes add to in their own transaction.
 * - `webhook_deliveries`: `_id` = `<eventId>@<webhookId>`, one event's delivery to one webhook
 *   (the id the receiver drops duplicates by); indexed by status, webhook and day.
 */
export const WEBHOOKS = 'webhooks'
export const WEBHOOK_DELIVERIES = 'webhook_deliveries'

export interface WebhookRecord {
  _id: string
  url: string
  /** Families (`points`) or types (`coupon.used`). */
  events: string[]
  active: boolean
  description: string
  /** Signs every request (HMAC-SHA256); shown to the operator only when made. */
  secret: string
  createdAt: Date
  updatedAt: Date
}

/** The body's `event`, as sent (and as it was when the delivery was made, whatever happens later). */
export interface SentEvent {
  id: string
  type: EventType
  occurredAt: string
  data: Record<string, unknown>
}

export interface DeliveryRecord {
  _id: string
  webhookId: string
  event: SentEvent
  /** `pending` (due at `dueAt`) → `sending` (claimed until `dueAt`) → `delivered` | back to `pending` | `failed`. */
  status: DeliveryStatus
  attempts: number
  /** The next attempt (pending), or the end of the claim (sending); null once finished. */
  dueAt: Date | null
  lastAttemptAt: Date | null
  lastStatus: number | null
  lastError: string | null
  lastResponse: string | null
  deliveredAt: Date | null
  createdAt: Date
  /** Asia/Shanghai day of `createdAt`: old deliveries are removed by it (index `day`). */
  day: string
  /** `<createdAt ISO>|<_id>`: the console pages deliveries newest first by it. */
  sortKey: string
}

export const deliveryId = (eventId: string, webhookId: string) => `${eventId}@${webhookId}`

/** A new signing secret: 32 random bytes. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`

export async function loadWebhook(db: Database, id: string): Promise<WebhookRecord | null> {
  return ((await db.collection(WEBHOOKS).doc(id).get()).data as WebhookRecord[])[0] ?? null
}

/** Every webhook (at most MAX_WEBHOOKS), oldest first. */
export async function allWebhooks(db: Database): Promise<WebhookRecord[]> {
  const res = await db.collection(WEBHOOKS).orderBy('_id', 'asc').limit(1000).get()
  return res.data as WebhookRecord[]
}

export async function loadDelivery(db: Database, id: string): Promise<DeliveryRecord | null> {
  return ((await db.collection(WEBHOOK_DELIVERIES).doc(id).get()).data as DeliveryRecord[])[0] ?? null
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function toWebhookView(w: WebhookRecord): WebhookView {
  return {
    id: w._id,
    url: w.url,
    events: w.events,
    active: w.active,
    description: w.description,
    secretHint: `whsec_…${w.secret.slice(-4)}`,
    createdAt: iso(w.createdAt)!,
    updatedAt: iso(w.updatedAt)!,
  }
}

/** What the change record keeps of a webhook: never its secret, nor part of it. */
export const recordedWebhook = (w: WebhookRecord) => ({ url: w.url, events: w.events, active: w.active, description: w.description })

export function toDeliveryView(d: DeliveryRecord): DeliveryView {
  return {
    id: d._id,
    webhookId: d.webhookId,
    eventId: d.event.id,
    type: d.event.type,
    occurredAt: d.event.occurredAt,
    data: d.event.data,
    status: d.status,
    attempts: d.attempts,
    maxAttempts: MAX_ATTEMPTS,
    nextAttemptAt: d.status === 'pending' ? iso(d.dueAt) : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastResponse: d.lastResponse,
    deliveredAt: iso(d.deliveredAt),
    createdAt: iso(d.createdAt)!,
  }
}
