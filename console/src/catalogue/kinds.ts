import type { CatalogueKind } from '../../../shared/admin/schemas'
import { StaffInput, StoreInput } from '../../../shared/admin/catalogue'
import { CouponTemplate } from '../../../shared/coupon/schemas'
import { SetCampaign, Wheel } from '../../../shared/game/schemas'
import { MallItem } from '../../../shared/mall/schemas'
import type * as z from '../../../shared/zod'

/** A field with a form control; the rest of a document is edited as JSON. `fen` fields are shown in yuan. */
export type Field = { name: string; label: string; type: 'text' | 'number' | 'fen' | 'switch' | 'select' | 'textarea'; options?: Array<{ value: string; label: string }>; required?: boolean; idOnly?: boolean }

export type KindSpec = {
  label: string
  /** The document's key: fixed once created. */
  key: string
  fields: Field[]
  /** Columns beyond the key, as field names. */
  columns: string[]
  /** Checked before sending when the document has a schema in shared/ (the server checks in any case). */
  schema?: z.ZodType
  /** A new document's starting value. */
  blank: Record<string, unknown>
  /** Fields the list adds (stock left, claims left): shown, never sent back. */
  derived?: string[]
}

const active: Field = { name: 'active', label: '上架/启用', type: 'switch' }

export const KINDS: Record<CatalogueKind, KindSpec> = {
  coupons: {
    label: '优惠券',
    key: 'id',
    schema: CouponTemplate,
    columns: ['title', 'kind', 'claimable', 'active'],
    fields: [
      { name: 'id', label: '编号', type: 'text', required: true, idOnly: true },
      { name: 'title', label: '名称', type: 'text', required: true },
      { name: 'kind', label: '类型', type: 'select', options: [{ value: 'cash', label: '代金券' }, { value: 'percent', label: '折扣券' }, { value: 'gift', label: '礼品券' }] },
      { name: 'offFen', label: '减免金额（元，代金券）', type: 'fen' },
      { name: 'thresholdFen', label: '使用门槛（元）', type: 'fen' },
      { name: 'claimable', label: '会员可在领券中心领取', type: 'switch' },
      { name: 'note', label: '使用说明', type: 'textarea' },
      active,
    ],
    blank: { id: '', title: '', kind: 'cash', offFen: 1000, thresholdFen: 0, validity: { kind: 'days', days: 30 }, claimable: false, active: true },
    derived: ['left'],
  },
  items: {
    label: '积分商城商品',
    key: 'id',
    schema: MallItem,
    columns: ['title', 'category', 'pricePoints', 'priceFen', 'stockLeft', 'active'],
    derived: ['stockLeft', 'flashLeft'],
    fields: [
      { name: 'id', label: '编号', type: 'text', required: true, idOnly: true },
      { name: 'title', label: '名称', type: 'text', required: true },
      { name: 'category', label: '分类', type: 'text' },
      { name: 'kind', label: '类型', type: 'select', options: [{ value: 'goods', label: '实物' }, { value: 'coupon', label: '优惠券' }, { value: 'voucher', label: '兑换码' }] },
      { name: 'pricePoints', label: '所需积分', type: 'number', required: true },
      { name: 'priceFen', label: '另付现金（元）', type: 'fen' },
      { name: 'description', label: '介绍', type: 'textarea' },
      active,
    ],
    blank: { id: '', title: '', category: '礼品', kind: 'goods', fulfilment: 'pickup', pricePoints: 100, priceFen: 0, stock: 0, images: [], active: true },
  },
  wheels: {
    label: '幸运转盘',
    key: 'id',
    schema: Wheel,
    columns: ['title', 'costPoints', 'freeSpinsPerDay', 'startsAt', 'endsAt', 'active'],
    fields: [
      { name: 'id', label: '编号', type: 'text', required: true, idOnly: true },
      { name: 'title', label: '名称', type: 'text', required: true },
      { name: 'costPoints', label: '每次消耗积分', type: 'number' },
      { name: 'freeSpinsPerDay', label: '每日免费次数', type: 'number' },
      { name: 'maxSpinsPerDay', label: '每日最多次数', type: 'number' },
      active,
    ],
    blank: { id: '', title: '', costPoints: 20, freeSpinsPerDay: 1, maxSpinsPerDay: 3, prizes: [], active: false },
  },
  campaigns: {
    label: '集卡活动',
    key: 'id',
    schema: SetCampaign,
    columns: ['title', 'startsOn', 'days', 'active'],
    fields: [
      { name: 'id', label: '编号', type: 'text', required: true, idOnly: true },
      { name: 'title', label: '名称', type: 'text', required: true },
      { name: 'startsOn', label: '开始日期（YYYY-MM-DD）', type: 'text' },
      { name: 'days', label: '持续天数', type: 'number' },
      { name: 'freeDrawsPerDay', label: '每日免费抽卡次数', type: 'number' },
      active,
    ],
    blank: { id: '', title: '', cards: [], rewardTiers: [], freeDrawsPerDay: 1, active: false },
  },
  stores: {
    label: '门店',
    key: 'id',
    schema: StoreInput,
    columns: ['name', 'mallId'],
    fields: [
      { name: 'id', label: '门店编号', type: 'text', required: true, idOnly: true },
      { name: 'name', label: '门店名称', type: 'text', required: true },
      { name: 'mallId', label: '所属商场（可不填）', type: 'text' },
    ],
    blank: { id: '', name: '' },
  },
  staff: {
    label: '员工',
    key: 'openid',
    schema: StaffInput,
    derived: ['id'],
    columns: ['name', 'role', 'storeId', 'phone', 'active'],
    fields: [
      { name: 'openid', label: 'OpenID', type: 'text', required: true, idOnly: true },
      { name: 'name', label: '姓名', type: 'text' },
      { name: 'role', label: '角色', type: 'select', options: [{ value: 'clerk', label: '店员' }, { value: 'manager', label: '店长' }, { value: 'admin', label: '管理员' }] },
      { name: 'storeId', label: '门店编号', type: 'text', required: true },
      { name: 'phone', label: '手机号', type: 'text' },
      { name: 'active', label: '在职', type: 'switch' },
    ],
    blank: { openid: '', name: '', role: 'clerk', storeId: '', active: true },
  },
}

/** A row's key whether the server names it `id`, `_id` or `openid`. */
export const rowKey = (spec: KindSpec, row: Record<string, unknown>) => String(row[spec.key] ?? row._id ?? row.id ?? '')
