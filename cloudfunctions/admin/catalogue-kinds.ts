import { StaffInput, StoreInput } from '../../shared/admin/catalogue'
import type { CatalogueKind } from '../../shared/admin/schemas'
import { CouponTemplate } from '../../shared/coupon/schemas'
import { fail, ok, type Result } from '../../shared/errors'
import { SetCampaign, Wheel } from '../../shared/game/schemas'
import { flashPool, itemPool } from '../../shared/mall/item'
import { MallItem } from '../../shared/mall/schemas'
import type { StaffRecord } from '../../shared/staff/staff-record'
import type * as z from '../../shared/zod'
import { claimsLeft, COUPON_TEMPLATES, loadTemplate, saveTemplate } from '../_lib/coupons'
import type { Database } from '../_lib/deps'
import { GAMES, saveWheel } from '../_lib/games'
import { MALL_ITEMS, poolStock, saveItem } from '../_lib/mall'
import { allStores } from '../_lib/operators'
import { saveCampaign, SET_CAMPAIGNS } from '../_lib/sets'
import { listStaff, saveStaff, saveStore, STAFF, STORES } from '../_lib/staff-records'

type Row = Record<string, unknown>

/**
 * One entry per catalogue kind: the schema the functions read it with, where it lives, how it is
 * listed and saved (through the same save functions the CLI and the seed use, so stock pools and
 * claim pools are made the same way), and who may change it.
 */
export interface KindSpec<S extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: S
  collection: string
  idOf(value: z.output<S>): string
  list(db: Database, staff: StaffRecord): Promise<Row[]>
  /** A refusal for this operator and value (a manager outside their store), or null. */
  refuse?(staff: StaffRecord, value: z.output<S>, before: Row | null): Result<null> | null
  save(db: Database, value: z.output<S>, now: Date, before: Row | null): Promise<Result<null>>
  /** Programme-wide kinds are the admin's; stores and staff are also a manager's, for their store. */
  need: 'admin' | 'manager'
}

const spec = <S extends z.ZodTypeAny>(s: KindSpec<S>): KindSpec => s as unknown as KindSpec

/** Documents as rows: `_id` becomes `id`. */
async function rows(db: Database, collection: string): Promise<Row[]> {
  const res = await db.collection(collection).orderBy('_id', 'asc').limit(1000).get()
  return (res.data as Row[]).map(({ _id, ...rest }) => ({ id: _id, ...rest }))
}

const saved = ok(null)

/** A programme-wide kind listed as stored and saved by its own save function, with nothing more to check. */
const plain = <S extends z.ZodType<{ id: string }>>(schema: S, collection: string, save: (db: Database, value: z.output<S>) => Promise<void>) =>
  spec({
    schema,
    collection,
    idOf: (v) => v.id,
    need: 'admin',
    list: (db) => rows(db, collection),
    async save(db, value) {
      await save(db, value)
      return saved
    },
  })

export const KINDS: Record<CatalogueKind, KindSpec> = {
  coupons: spec({
    schema: CouponTemplate,
    collection: COUPON_TEMPLATES,
    idOf: (t) => t.id,
    need: 'admin',
    async list(db) {
      const out: Row[] = []
      for (const row of await rows(db, COUPON_TEMPLATES)) out.push({ ...row, left: await claimsLeft(db, CouponTemplate.parse(row)) })
      return out
    },
    async save(db, t) {
      await saveTemplate(db, t)
      return saved
    },
  }),
  items: spec({
    schema: MallItem,
    collection: MALL_ITEMS,
    idOf: (i) => i.id,
    need: 'admin',
    async list(db) {
      const out: Row[] = []
      for (const row of await rows(db, MALL_ITEMS)) {
        const item = MallItem.parse(row)
        const flashLeft = item.flash?.stock !== undefined ? await poolStock(db, flashPool(item.id, item.flash.id)) : null
        out.push({ ...row, stockLeft: await poolStock(db, itemPool(item.id)), flashLeft })
      }
      return out
    },
    async save(db, item) {
      if (item.kind === 'coupon' && !(await loadTemplate(db, item.couponTemplateId!)))
        return fail('TEMPLATE_NOT_FOUND', `没有券模板 ${item.couponTemplateId}：请先创建优惠券`)
      await saveItem(db, item)
      return saved
    },
  }),
  wheels: plain(Wheel, GAMES, saveWheel),
  campaigns: plain(SetCampaign, SET_CAMPAIGNS, saveCampaign),
  stores: spec({
    schema: StoreInput,
    collection: STORES,
    idOf: (s) => s.id,
    need: 'manager',
    async list(db, staff) {
      const stores = await allStores(db)
      return stores
        .filter((s) => staff.role === 'admin' || s._id === staff.storeId)
        .map(({ _id, ...rest }) => ({ id: _id, ...rest, mallId: rest.mallId ?? null }))
    },
    refuse(staff, s, before) {
      if (staff.role === 'admin') return null
      if (s.id !== staff.storeId) return fail('STORE_MISMATCH')
      if ((before?.mallId ?? null) !== s.mallId) return fail('FORBIDDEN', '只有管理员可以设置门店所属商场')
      return null
    },
    async save(db, s, now, before) {
      await saveStore(db, { _id: s.id, name: s.name, hours: s.hours, mallId: s.mallId, createdAt: (before?.createdAt as Date | undefined) ?? now, updatedAt: now })
      return saved
    },
  }),
  staff: spec({
    schema: StaffInput,
    collection: STAFF,
    idOf: (s) => s.openid,
    need: 'manager',
    async list(db, staff) {
      const all = await listStaff(db)
      return all
        .filter((s) => staff.role === 'admin' || s.storeId === staff.storeId)
        .map(({ _id, ...rest }) => ({ id: _id, ...rest }))
    },
    refuse(staff, s, before) {
      if (s.openid === staff.openid && (!s.active || s.role !== staff.role)) return fail('FORBIDDEN', '不能停用自己或修改自己的角色')
      if (staff.role === 'admin') return null
      // A manager runs their own store's clerks, and nobody else.
      if (s.storeId !== staff.storeId || (before && before.storeId !== staff.storeId)) return fail('STORE_MISMATCH')
      if (s.role !== 'clerk' || (before && before.role !== 'clerk' && s.openid !== staff.openid)) return fail('FORBIDDEN', '店长只能管理本店的店员')
      return null
    },
    async save(db, s, now, before) {
      await saveStaff(db, { _id: s.openid, ...s, createdAt: (before?.createdAt as Date | undefined) ?? now, updatedAt: now })
      return saved
    },
  }),
}
