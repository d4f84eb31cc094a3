import { pickupBy } from '../../shared/mall/item'
import type { MallOrderRecord } from '../../shared/mall/order'
import type { MallItem } from '../../shared/mall/schemas'
import type { MemberRecord } from '../../shared/member/member-record'

/**
 * A mall item won on the wheel: a free order to pick up at a store, like a redemption but for no
 * points and no cash. Cancelled or expired, its unit goes back to the item's stock (closeOrder);
 * there are no points to give back and no member limit to lower.
 */
export function prizeOrder(
  item: MallItem,
  args: { code: string; member: Pick<MemberRecord, '_id' | 'openid'>; spinId: string; shardId: string; now: Date },
): MallOrderRecord {
  return {
    _id: args.code,
    memberId: args.member._id,
    openid: args.member.openid,
    requestKey: `${args.member._id}:game:${args.spinId}`,
    itemId: item.id,
    title: `${item.title}（转盘奖品）`,
    image: item.images[0] ?? null,
    kind: 'goods',
    fulfilment: 'pickup',
    quantity: 1,
    unitPoints: 0,
    unitFen: 0,
    points: 0,
    fen: 0,
    flashId: null,
    shardId: args.shardId,
    limitId: `${args.member._id}:prize:${args.spinId}`,
    spendEntryId: null,
    status: 'awaiting_pickup',
    pickupBy: pickupBy(item, args.now),
    storeIds: item.storeIds,
    address: null,
    couponCodes: [],
    voucherCodes: [],
    tracking: null,
    createdAt: args.now,
    fulfilledAt: null,
    fulfilledBy: null,
    fulfilledStoreId: null,
    closedAt: null,
    closeReason: null,
  }
}
