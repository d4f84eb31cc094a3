import type { ErrorCode } from '../errors'
import { maskPhone } from '../phone'
import { namedStores } from './item'
import type { ItemKind, OrderStatus, OrderView } from './schemas'

/** One mall order (`mall_orders`, `_id` = its unguessable code, which is also the pickup code). */
export interface MallOrderRecord {
  _id: string
  memberId: string
  openid: string
  /** `<memberId>:<requestId>`: one order per confirmed tap, however often it is retried. */
  requestKey: string
  itemId: string
  title: string
  image: string | null
  kind: ItemKind
  fulfilment: 'pickup' | 'delivery' | null
  quantity: number
  /** Unit prices at the time of the order. */
  unitPoints: number
  unitFen: number
  points: number
  fen: number
  flashId: string | null
  /** The stock shard the units came from (they go back there on cancel). */
  shardId: string
  /** The per-member counter the units count against (`mall_limits`). */
  limitId: string
  /** The ledger entry that took the points (null for a cash-only item). */
  spendEntryId: string | null
  status: OrderStatus
  pickupBy: string | null
  storeIds: string[] | null
  address: { name: string; phone: string; region: string[]; detail: string } | null
  couponCodes: string[]
  voucherCodes: string[]
  tracking: string | null
  createdAt: Date
  fulfilledAt: Date | null
  fulfilledBy: string | null
  fulfilledStoreId: string | null
  closedAt: Date | null
  closeReason: string | null
}

/** Orders waiting for the store: they can still be cancelled, expire, or be handed over. */
export const isOpen = (s: OrderStatus) => s === 'awaiting_pickup' || s === 'awaiting_delivery'

/** The status a new order starts in: coupons and vouchers are delivered at once. */
export const initialStatus = (kind: ItemKind, fulfilment: 'pickup' | 'delivery' | null): OrderStatus =>
  kind !== 'goods' ? 'completed' : fulfilment === 'delivery' ? 'awaiting_delivery' : 'awaiting_pickup'

/** Why the member cannot cancel this order, if they cannot. Only goods not yet handed over come back. */
export function cancelRefusal(o: MallOrderRecord): ErrorCode | null {
  if (o.status === 'cancelled' || o.status === 'expired') return 'ORDER_CLOSED'
  if (!isOpen(o.status)) return 'ORDER_NOT_CANCELLABLE'
  return null
}

/** Why a clerk at `storeId` cannot hand this order over, if they cannot. */
export function fulfilRefusal(o: MallOrderRecord, storeId: string, today: string): ErrorCode | null {
  if (o.status === 'completed') return 'ORDER_FULFILLED'
  if (o.status === 'cancelled' || o.status === 'expired') return 'ORDER_CLOSED'
  if (o.status === 'awaiting_pickup' && o.pickupBy !== null && today > o.pickupBy) return 'ORDER_CLOSED'
  if (o.status === 'awaiting_pickup' && o.storeIds !== null && !o.storeIds.includes(storeId)) return 'STORE_MISMATCH'
  return null
}

/** True when this clerk's store just handed the order over (a repeated scan): answered as a duplicate. */
export const sameFulfilment = (o: MallOrderRecord, by: { staffOpenid: string; storeId: string }) =>
  o.status === 'completed' && o.kind === 'goods' && o.fulfilledBy === by.staffOpenid && o.fulfilledStoreId === by.storeId

/** The order closed (cancelled by the member, or expired uncollected): what goes back is the caller's to write. */
export function close(o: MallOrderRecord, status: 'cancelled' | 'expired', reason: string, now: Date): MallOrderRecord {
  return { ...o, status, closedAt: now, closeReason: reason }
}

export function fulfil(o: MallOrderRecord, by: { staffOpenid: string; storeId: string; tracking: string | null }, now: Date): MallOrderRecord {
  return { ...o, status: 'completed', fulfilledAt: now, fulfilledBy: by.staffOpenid, fulfilledStoreId: by.storeId, tracking: by.tracking ?? o.tracking }
}

export function toOrderView(o: MallOrderRecord, storeNames: Record<string, string> = {}): OrderView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
  return {
    code: o._id,
    itemId: o.itemId,
    title: o.title,
    image: o.image,
    kind: o.kind,
    quantity: o.quantity,
    points: o.points,
    fen: o.fen,
    status: o.status,
    pickupBy: o.pickupBy,
    storeIds: o.storeIds,
    stores: namedStores(o.storeIds, storeNames),
    address: o.address ? { ...o.address, phone: maskPhone(o.address.phone) } : null,
    couponCodes: o.couponCodes,
    voucherCodes: o.voucherCodes,
    tracking: o.tracking,
    createdAt: new Date(o.createdAt).toISOString(),
    fulfilledAt: iso(o.fulfilledAt),
    closedAt: iso(o.closedAt),
  }
}
