import type { CouponRecord } from '../coupon/coupon'
import type { MallOrderRecord } from '../mall/order'
import type { LedgerEntry } from '../points/ledger-entry'
import type { MemberTier } from '../tier/member-tier'
import * as z from '../zod'

/**
 * What a POS or CRM can follow: one event per business write, in four families. A webhook
 * subscribes to whole families (`points`) or single types (`coupon.used`); `ping` is only ever
 * sent by `admin.testWebhook`, to the webhook tested.
 */
export const EVENT_FAMILIES = ['points', 'tier', 'coupon', 'order'] as const
export type EventFamily = (typeof EVENT_FAMILIES)[number]

export const EVENT_TYPES = [
  'points.earned',
  'points.spent',
  'points.expired',
  'points.reversed',
  'points.adjusted',
  'tier.changed',
  'coupon.issued',
  'coupon.used',
  'coupon.restored',
  'order.created',
  'order.fulfilled',
  'order.cancelled',
  'order.expired',
] as const
export const EventType = z.enum([...EVENT_TYPES, 'ping'])
export type EventType = z.infer<typeof EventType>

/** What a webhook may subscribe to: a family or one type. */
export const Subscription = z.enum([...EVENT_FAMILIES, ...EVENT_TYPES], { error: '未知的事件类型' })
export type Subscription = z.infer<typeof Subscription>

export const familyOf = (type: EventType): string => type.split('.')[0]

/** True when a webhook subscribed to `subscriptions` receives events of `type`. */
export const subscribes = (subscriptions: readonly string[], type: EventType): boolean =>
  subscriptions.includes(type) || subscriptions.includes(familyOf(type))

/**
 * One event as the business write records it. `id` is deterministic from the business record
 * (a retried write produces the same id), `occurredAt` is the write's clock, `data` carries ids
 * and amounts only: member id (the member number is added when the event is sent), never a phone.
 */
export interface WebhookEvent {
  id: string
  type: EventType
  occurredAt: Date
  data: Record<string, unknown>
}

const POINTS_TYPE: Record<LedgerEntry['kind'], EventType> = {
  earn: 'points.earned',
  spend: 'points.spent',
  expire: 'points.expired',
  reverse: 'points.reversed',
  adjust: 'points.adjusted',
}

/** A ledger entry as an event (`points:<entryId>`; entry ids are unique, so each is sent once). */
export function pointsEvent(e: LedgerEntry): WebhookEvent {
  return {
    id: `points:${e._id}`,
    type: POINTS_TYPE[e.kind],
    occurredAt: e.createdAt,
    data: {
      entryId: e._id,
      memberId: e.memberId,
      // The member's own sequence: a receiver can order one member's entries and notice a gap.
      seq: e.seq,
      points: e.points,
      reason: e.reason,
      source: e.source.kind,
      storeId: e.source.storeId,
      orderKey: e.orderKey,
      expiresOn: e.lot?.expiresOn ?? null,
      availableOn: e.lot?.availableOn ?? null,
      voids: e.voids,
    },
  }
}

/**
 * The level move a tier write makes, if it makes one: from the stored record (null: the member
 * had none yet, so they stood on the level of their first move) to the one being written.
 */
export function tierEvent(before: MemberTier | null, after: MemberTier): WebhookEvent | null {
  const from = before ? before.levelId : (after.moves[0]?.from ?? after.levelId)
  if (from === after.levelId) return null
  const move = after.moves[after.moves.length - 1]
  const at = new Date(after.updatedAt)
  return {
    id: `tier:${after._id}:${at.getTime()}`,
    type: 'tier.changed',
    occurredAt: at,
    data: { memberId: after._id, from, to: after.levelId, why: move?.why ?? null, day: move?.day ?? null, orderKey: move?.orderKey ?? null, reviewOn: after.reviewOn },
  }
}

/**
 * A coupon issued, written off or given back. A coupon is issued once; its n-th write-off and the
 * undoing of it get their own ids (`coupon:<code>:used:<n>`, `coupon:<code>:restored:<n>`).
 */
export function couponEvent(c: CouponRecord, what: 'issued' | 'used' | 'restored'): WebhookEvent {
  const n = c.writeOffs.length
  const last = c.writeOffs[n - 1]
  const base = { code: c._id, memberId: c.memberId, templateId: c.templateId, title: c.title, kind: c.kind }
  if (what === 'issued')
    return {
      id: `coupon:${c._id}:issued`,
      type: 'coupon.issued',
      occurredAt: c.issuedAt,
      data: { ...base, channel: c.channel, issueKey: c.issueKey, validFrom: c.validFrom, validUntil: c.validUntil },
    }
  if (!last) throw new Error(`coupon ${c._id} has no write-off to report`)
  if (what === 'used') return { id: `coupon:${c._id}:used:${n}`, type: 'coupon.used', occurredAt: last.at, data: { ...base, storeId: last.storeId } }
  return {
    id: `coupon:${c._id}:restored:${n}`,
    type: 'coupon.restored',
    occurredAt: last.undoneAt ?? last.at,
    data: { ...base, storeId: last.storeId, reason: last.undoReason },
  }
}

/**
 * A mall order created, handed over, cancelled or expired (`order:<code>:<what>`: each happens to
 * an order once). Coupon and voucher orders are complete when created: they only get `created`.
 * The delivery address (a phone number) is never sent.
 */
export function orderEvent(o: MallOrderRecord, what: 'created' | 'fulfilled' | 'cancelled' | 'expired'): WebhookEvent {
  const occurredAt = what === 'created' ? o.createdAt : what === 'fulfilled' ? (o.fulfilledAt ?? o.createdAt) : (o.closedAt ?? o.createdAt)
  return {
    id: `order:${o._id}:${what}`,
    type: `order.${what}`,
    occurredAt,
    data: {
      orderId: o._id,
      memberId: o.memberId,
      itemId: o.itemId,
      title: o.title,
      kind: o.kind,
      fulfilment: o.fulfilment,
      quantity: o.quantity,
      points: o.points,
      fen: o.fen,
      status: o.status,
      storeId: o.fulfilledStoreId,
      reason: o.closeReason,
    },
  }
}
