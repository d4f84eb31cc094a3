import * as z from '../zod'
import { StoreId } from '../store-id'
import { CouponCode, TemplateId } from '../coupon/schemas'

const Id = (what: string) =>
  z
    .string({ error: `缺少${what}` })
    .trim()
    .regex(/^[\w-]{1,64}$/, `${what}只能包含字母、数字、_ 和 -（最多 64 个字符）`)

export const ItemId = Id('商品编号')

/** An ISO instant with an offset ('2026-12-12T10:00:00+08:00'); stored as given, compared as instants. */
const Instant = z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601，例如 2026-12-12T10:00:00+08:00' })

export const ItemKind = z.enum(['goods', 'coupon', 'voucher'])
export type ItemKind = z.infer<typeof ItemKind>
export const Fulfilment = z.enum(['pickup', 'delivery'])

/** A time-limited price or stock on an item. Unset fields keep the item's own. */
export const FlashSale = z
  .object({
    id: Id('秒杀编号'),
    startsAt: Instant,
    endsAt: Instant,
    pricePoints: z.number().int().min(0).max(100_000_000).optional(),
    priceFen: z.number().int().min(0).max(100_000_000).optional(),
    /** The sale's own allocation; without it the sale sells from the item's stock. */
    stock: z.number().int().min(0).max(1_000_000).optional(),
    perMemberLimit: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .refine((f) => new Date(f.startsAt) < new Date(f.endsAt), { message: '秒杀结束时间应晚于开始时间', path: ['endsAt'] })
export type FlashSale = z.infer<typeof FlashSale>

/**
 * A mall item (`mall_items`, `_id` = id). Its stock lives in stock shards (shared/stock.ts), not
 * here, so the item document is read-mostly; `stock` below is the initial supply when the item is
 * first published (restocking adds to the shards).
 */
export const MallItem = z
  .object({
    id: ItemId,
    title: z.string().trim().min(1, '请填写商品名称').max(30, '商品名称最多 30 个字'),
    subtitle: z.string().trim().max(40).default(''),
    description: z.string().trim().max(1000).default(''),
    category: z.string().trim().min(1).max(12),
    /** Paths of bundled images ('/assets/mall/latte.svg') or https URLs; the first is the cover. */
    images: z.array(z.string().min(1).max(300)).max(9).default([]),
    kind: ItemKind,
    /** goods: handed over at a store (pickup) or sent (delivery). */
    fulfilment: Fulfilment.nullable().default(null),
    /** coupon: the template issued per unit. */
    couponTemplateId: TemplateId.nullable().default(null),
    /** voucher: the partner whose codes are handed out, one per unit ('猫眼电影'); the codes are imported into the item's stock. */
    partner: z.string().trim().min(1).max(20).nullable().default(null),
    pricePoints: z.number().int().min(0).max(100_000_000),
    /** Cash on top of the points, in fen: paid at the store when the goods are picked up. */
    priceFen: z.number().int().min(0).max(100_000_000).default(0),
    /** The shop price, shown struck through (null: not shown). */
    marketPriceFen: z.number().int().min(0).max(100_000_000).nullable().default(null),
    stock: z.number().int().min(0).max(1_000_000),
    /** Stock shards: more lets more buyers commit at once (shared/stock.ts). */
    stockShards: z.number().int().min(1).max(64).default(1),
    /** Units one member may redeem over the item's life (null: no limit). */
    perMemberLimit: z.number().int().min(1).max(1000).nullable().default(null),
    /** Most units in one redemption. */
    maxPerOrder: z.number().int().min(1).max(99).default(5),
    /** Tier level ids that see the item (null: everyone). */
    levels: z.array(z.string().min(1).max(32)).min(1).nullable().default(null),
    saleFrom: Instant.nullable().default(null),
    saleUntil: Instant.nullable().default(null),
    flash: FlashSale.nullable().default(null),
    /** pickup: stores where it can be collected (null: any store). */
    storeIds: z.array(StoreId).min(1).nullable().default(null),
    /** pickup: days to collect before the order expires and the points come back. */
    pickupDays: z.number().int().min(1).max(90).default(14),
    /** Lower first in the list. */
    sort: z.number().int().default(100),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((item, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (item.kind === 'goods' && item.fulfilment === null) issue('fulfilment', '实物商品需要选择门店自提或快递配送')
    if (item.kind !== 'goods' && item.fulfilment !== null) issue('fulfilment', '只有实物商品需要配送方式')
    if (item.kind === 'coupon' && item.couponTemplateId === null) issue('couponTemplateId', '优惠券商品需要选择券模板')
    if (item.kind === 'voucher' && item.partner === null) issue('partner', '合作券商品需要填写合作方')
    // Voucher codes are imported into the item's own stock, so a flash sale cannot bring its own.
    if (item.kind === 'voucher' && item.flash?.stock !== undefined) issue('flash', '合作券商品的秒杀只能使用商品本身的库存')
    // A unit without an imported code could be sold but never delivered.
    if (item.kind === 'voucher' && item.stock > 0) issue('stock', '合作券商品的库存来自导入的券码，初始库存应为 0')
    // Cash is collected at the counter, so only goods picked up in a store may ask for it.
    const cash = item.priceFen > 0 || (item.flash?.priceFen ?? 0) > 0
    if (cash && !(item.kind === 'goods' && item.fulfilment === 'pickup')) issue('priceFen', '积分+现金只适用于门店自提的实物商品（现金在提货时支付）')
    if (item.pricePoints === 0 && item.priceFen === 0) issue('pricePoints', '积分和现金不能都为 0')
    if (item.saleFrom && item.saleUntil && new Date(item.saleFrom) >= new Date(item.saleUntil)) issue('saleUntil', '下架时间应晚于上架时间')
  })
export type MallItem = z.infer<typeof MallItem>
export type MallItemInput = z.input<typeof MallItem>

export const OrderStatus = z.enum(['awaiting_pickup', 'awaiting_delivery', 'completed', 'cancelled', 'expired'])
export type OrderStatus = z.infer<typeof OrderStatus>

/** A mall order's code: the same alphabet and length as a coupon code, shown as the pickup QR. */
export const OrderCode = CouponCode

// ---- inputs

export const ItemsInput = z.object({ category: z.string().trim().max(12).optional() })
export const ItemInput = z.object({ itemId: ItemId })
export const RedeemInput = z.object({
  itemId: ItemId,
  quantity: z.number({ error: '数量必须是整数' }).int('数量必须是整数').min(1, '数量至少为 1').max(99, '单次最多兑换 99 件'),
  /** Made once per tap of "confirm" by the client: a retried call with it redeems nothing more. */
  requestId: z.string({ error: '缺少请求编号' }).trim().regex(/^[\w-]{8,64}$/, '请求编号应为 8–64 位字母、数字、_ 或 -'),
  /** delivery: where to send it. */
  address: z
    .object({
      name: z.string().trim().min(1, '请填写收货人').max(20),
      phone: z.string().trim().regex(/^1\d{10}$/, '请填写正确的手机号'),
      region: z.array(z.string().min(1).max(20)).length(3, '请选择省市区'),
      detail: z.string().trim().min(1, '请填写详细地址').max(100),
    })
    .optional(),
})
export type RedeemInput = z.infer<typeof RedeemInput>
export const OrdersInput = z.object({ status: z.enum(['open', 'done']).optional() })
export const CancelInput = z.object({ orderCode: OrderCode })
export const FulfilInput = z.object({
  orderCode: OrderCode,
  /** delivery: the courier and tracking number. */
  tracking: z.string().trim().min(1).max(60).optional(),
})

// ---- outputs

/** A store as a member reads it: its id and its name (the id when it has no record). */
export const StoreView = z.object({ id: z.string(), name: z.string() })
export type StoreView = z.infer<typeof StoreView>

export const PriceView = z.object({ points: z.number().int(), fen: z.number().int() })

export const ItemView = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  category: z.string(),
  images: z.array(z.string()),
  kind: ItemKind,
  fulfilment: Fulfilment.nullable(),
  partner: z.string().nullable(),
  /** What it costs now (the flash price while a flash sale runs). */
  price: PriceView,
  /** The regular price, when a flash sale changes it. */
  regularPrice: PriceView.nullable(),
  marketPriceFen: z.number().int().nullable(),
  /** Units left in the pool it sells from now. */
  stock: z.number().int(),
  /** How many the caller may still redeem (null: no limit). */
  remainingForMe: z.number().int().nullable(),
  maxPerOrder: z.number().int(),
  flash: z
    .object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), state: z.enum(['upcoming', 'live', 'ended']), stock: z.number().int().nullable() })
    .nullable(),
  /** Can the caller redeem it now, and if not why (a code from shared/errors.ts). */
  canRedeem: z.boolean(),
  blockedBy: z.string().nullable(),
  saleUntil: z.string().nullable(),
  storeIds: z.array(z.string()).nullable(),
  /** pickup: the stores with their names (null: any store). */
  stores: z.array(StoreView).nullable(),
  /** Units one member may redeem under the price now (null: no limit). */
  perMemberLimit: z.number().int().nullable(),
  pickupDays: z.number().int(),
})
export type ItemView = z.infer<typeof ItemView>

export const ItemsResult = z.object({
  items: z.array(ItemView),
  categories: z.array(z.string()),
  /** Spendable points now, so the page can say what the caller can afford. */
  available: z.number().int(),
  serverTime: z.string(),
})
export type ItemsResult = z.infer<typeof ItemsResult>

export const OrderView = z.object({
  code: z.string(),
  itemId: z.string(),
  title: z.string(),
  image: z.string().nullable(),
  kind: ItemKind,
  quantity: z.number().int(),
  points: z.number().int(),
  fen: z.number().int(),
  status: OrderStatus,
  /** pickup: the last day to collect. */
  pickupBy: z.string().nullable(),
  storeIds: z.array(z.string()).nullable(),
  stores: z.array(StoreView).nullable(),
  /** delivery: where it goes (the phone masked). */
  address: z.object({ name: z.string(), phone: z.string(), region: z.array(z.string()), detail: z.string() }).nullable(),
  couponCodes: z.array(z.string()),
  voucherCodes: z.array(z.string()),
  tracking: z.string().nullable(),
  createdAt: z.string(),
  fulfilledAt: z.string().nullable(),
  closedAt: z.string().nullable(),
})
export type OrderView = z.infer<typeof OrderView>

export const ItemDetailResult = z.object({ item: ItemView, available: z.number().int(), serverTime: z.string() })

export const RedeemResult = z.object({ order: OrderView, balance: z.number().int(), available: z.number().int(), duplicate: z.boolean() })
export type RedeemResult = z.infer<typeof RedeemResult>
export const OrdersResult = z.object({ orders: z.array(OrderView) })
export const CancelResult = z.object({ order: OrderView, balance: z.number().int() })

export const FulfilResult = z.object({
  order: OrderView,
  memberNo: z.string(),
  nickname: z.string().nullable(),
  /** Cash to collect at the counter, in fen. */
  collectFen: z.number().int(),
  duplicate: z.boolean(),
})
export type FulfilResult = z.infer<typeof FulfilResult>

/** What the fulfilment page shows after a scan, before the clerk hands the goods over. */
export const CheckOrderResult = z.object({
  order: OrderView,
  memberNo: z.string(),
  nickname: z.string().nullable(),
  collectFen: z.number().int(),
  /** Why it cannot be handed over here and now (a code from shared/errors.ts), or null. */
  refusal: z.string().nullable(),
})
export type CheckOrderResult = z.infer<typeof CheckOrderResult>
