import { EVENT_FAMILIES, EVENT_TYPES, type EventFamily } from '../../../shared/webhooks/events'
import type { DeliveryStatus } from '../../../shared/webhooks/schemas'

/** The events an operator picks from, in their words. */
export const FAMILY_NAMES: Record<EventFamily, string> = {
  points: '积分变动',
  tier: '等级变动',
  coupon: '优惠券',
  order: '商城订单',
}

export const TYPE_NAMES: Record<string, string> = {
  'points.earned': '获得积分',
  'points.spent': '使用积分',
  'points.expired': '积分过期',
  'points.reversed': '积分冲正（退款、取消兑换）',
  'points.adjusted': '人工调整积分',
  'tier.changed': '等级升降',
  'coupon.issued': '发券',
  'coupon.used': '核销',
  'coupon.restored': '撤销核销',
  'order.created': '下单',
  'order.fulfilled': '提货或发货',
  'order.cancelled': '会员取消',
  'order.expired': '逾期未提货',
  ping: '测试消息',
}

/** Each family with its types, for the checkboxes. */
export const FAMILIES = EVENT_FAMILIES.map((f) => ({ family: f, types: EVENT_TYPES.filter((t) => t.startsWith(`${f}.`)) }))

/** A subscription (family or type) as a short label. */
export const subscriptionName = (s: string) => (s in FAMILY_NAMES ? `全部${FAMILY_NAMES[s as EventFamily]}` : (TYPE_NAMES[s] ?? s))

export const STATUS: Record<DeliveryStatus, { text: string; color: string }> = {
  pending: { text: '等待发送', color: 'gold' },
  sending: { text: '发送中', color: 'blue' },
  delivered: { text: '已送达', color: 'green' },
  failed: { text: '失败', color: 'red' },
}
