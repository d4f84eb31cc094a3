import { shanghaiDay } from '../../shared/day'
import type { MemberTier } from '../../shared/tier/member-tier'
import type { CouponRecord } from '../../shared/coupon/coupon'
import type { MallOrderRecord } from '../../shared/mall/order'
import { couponEvent, EVENT_FAMILIES, orderEvent, subscribes, tierEvent, type EventType, type WebhookEvent } from '../../shared/webhooks/events'
import type { Database } from './deps'
import { databaseOf, type Transaction } from './transaction'
import { WEBHOOKS, type WebhookRecord } from './webhooks'

/**
 * `webhook_events`: the transactional outbox of webhooks. A business write that a POS or CRM
 * should see adds its event here IN ITS OWN TRANSACTION, under an id derived from the business
 * record: a rolled-back write leaves no event, a retried one writes the same document again.
 * The `webhook-deliver` job fans pending events out to the webhooks that subscribe (index `status`).
 */
export const WEBHOOK_EVENTS = 'webhook_events'

export interface EventRecord {
  _id: string
  type: EventType
  occurredAt: Date
  data: Record<string, unknown>
  /** `pending` until the job has made its deliveries, then `dispatched`. */
  status: 'pending' | 'dispatched'
  /** Asia/Shanghai day of occurredAt: old events are removed by it (index `day`). */
  day: string
  dispatchedAt?: Date
  deliveries?: number
}

/**
 * What the active webhooks subscribe to (families and types), remembered per database handle (one
 * per deps) for a minute of the writes' own clock: a merchant without webhooks pays one small query
 * a minute, not a second write per business write. `admin.saveWebhook` and `deleteWebhook` forget it
 * at once in their process; other processes (other cloud functions) see a change within the minute.
 */
export const SUBSCRIPTIONS_TTL_MS = 60_000
const subscribed = new WeakMap<object, { atMs: number; subscriptions: string[] }>()

/** Forgets what `db` remembers of the subscriptions (after a webhook is saved or deleted). */
export const forgetSubscriptions = (db: Database) => subscribed.delete(db)

async function subscriptionsOf(db: Database, at: Date): Promise<string[]> {
  const known = subscribed.get(db)
  const age = at.getTime() - (known?.atMs ?? 0)
  if (known && age >= 0 && age < SUBSCRIPTIONS_TTL_MS) return known.subscriptions
  const res = await db.collection(WEBHOOKS).where({ active: true }).limit(1000).get()
  const subscriptions = [...new Set((res.data as WebhookRecord[]).flatMap((w) => w.events))]
  subscribed.set(db, { atMs: at.getTime(), subscriptions })
  return subscriptions
}

/** A transaction not made by withTransaction (none today) counts as subscribed to everything: an event too many, never one lost. */
const ALL: string[] = [...EVENT_FAMILIES]

/** What the active webhooks subscribe to, as seen at `at` (the write's clock). */
const subscriptionsAt = (tx: Transaction, at: Date): Promise<string[]> => {
  const db = databaseOf(tx)
  return db ? subscriptionsOf(db, at) : Promise.resolve(ALL)
}

export const eventRecord = (e: WebhookEvent): Omit<EventRecord, '_id'> => ({
  type: e.type,
  occurredAt: e.occurredAt,
  data: e.data,
  status: 'pending',
  day: shanghaiDay(e.occurredAt),
})

/**
 * Inside a business transaction: records the events some active webhook subscribes to. `set`,
 * not `add`: the ids are the business records' own, and a side channel must never fail the write.
 */
export async function emitEvents(tx: Transaction, events: WebhookEvent[]): Promise<void> {
  if (events.length === 0) return
  const subscriptions = await subscriptionsAt(tx, events[0].occurredAt)
  for (const e of events) if (subscribes(subscriptions, e.type)) await tx.collection(WEBHOOK_EVENTS).doc(e.id).set(eventRecord(e))
}

/**
 * Inside a tier write, before it: a `tier.changed` event if the level being written differs from
 * the level `stored` holds. The stored record is read only when some webhook follows tiers (the
 * writer has read it in the same transaction already).
 */
export async function emitTierChange(tx: Transaction, stored: { get(): Promise<{ data: unknown }> }, after: MemberTier): Promise<void> {
  if (!subscribes(await subscriptionsAt(tx, new Date(after.updatedAt)), 'tier.changed')) return
  const event = tierEvent(((await stored.get()).data as MemberTier | null) ?? null, after)
  if (event) await emitEvents(tx, [event])
}

/** Inside a coupon write: `coupon.issued`, `coupon.used` (a write-off) or `coupon.restored` (its undoing). */
export const emitCoupons = (tx: Transaction, coupons: CouponRecord[], what: 'issued' | 'used' | 'restored') =>
  emitEvents(tx, coupons.map((c) => couponEvent(c, what)))

/** Inside a mall order write: `order.created`, `order.fulfilled`, `order.cancelled` or `order.expired`. */
export const emitOrder = (tx: Transaction, order: MallOrderRecord, what: 'created' | 'fulfilled' | 'cancelled' | 'expired') =>
  emitEvents(tx, [orderEvent(order, what)])
