import { fail, ok } from '../../shared/errors'
import { flashPool, itemPool } from '../../shared/mall/item'
import { loadItem } from '../_lib/mall'
import { authorizeOperator, recordChange } from '../_lib/operators'
import { invalidInput, type Handler } from '../_lib/router'
import { restock as restockPool } from '../_lib/stock'
import { KINDS } from './catalogue-kinds'

/** admin.catalogue: every document of a kind (a manager sees their own store and its staff). */
export const catalogue: Handler<'admin', 'catalogue'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  return ok({ kind: input.kind, rows: await KINDS[input.kind].list(ctx.deps.db, auth.data) })
}

/** admin.saveCatalogue: creates or replaces one document, checked with its kind's schema, and records the change. */
export const saveCatalogue: Handler<'admin', 'saveCatalogue'> = async (input, ctx) => {
  const kind = KINDS[input.kind]
  const auth = await authorizeOperator(ctx, kind.need)
  if (!auth.ok) return auth
  const parsed = kind.schema.safeParse(input.value)
  if (!parsed.success) return invalidInput(parsed.error)
  const { deps, now } = ctx
  const id = kind.idOf(parsed.data)
  const beforeRes = await deps.db.collection(kind.collection).doc(id).get()
  const before = ((beforeRes.data as Array<Record<string, unknown>>)[0] ?? null) as Record<string, unknown> | null
  const refusal = kind.refuse?.(auth.data, parsed.data, before)
  if (refusal && !refusal.ok) return refusal
  const result = await kind.save(deps.db, parsed.data, now, before)
  if (!result.ok) return result
  await recordChange(deps.db, auth.data, { kind: input.kind, targetId: id, action: 'save', before, after: parsed.data, now, random: deps.ids.code() })
  return ok({ kind: input.kind, id, created: before === null })
}

/** admin.restock (admins): adds units to an item's stock or its flash sale's (negative takes unsold ones away). */
export const restock: Handler<'admin', 'restock'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'admin')
  if (!auth.ok) return auth
  const { deps, now } = ctx
  const item = await loadItem(deps.db, input.itemId)
  if (!item) return fail('ITEM_NOT_FOUND')
  if (item.kind === 'voucher') return fail('INVALID_INPUT', '券码类商品的库存来自导入的券码', 'itemId')
  if (input.flash && item.flash?.stock === undefined) return fail('INVALID_INPUT', '该商品没有单独库存的限时抢购', 'flash')
  const pool = input.flash ? flashPool(item.id, item.flash!.id) : itemPool(item.id)
  const { remaining } = await restockPool(deps.db, pool, input.units)
  await recordChange(deps.db, auth.data, {
    kind: 'items',
    targetId: item.id,
    action: 'restock',
    before: null,
    after: { units: input.units, flash: input.flash, stock: remaining },
    now,
    random: deps.ids.code(),
  })
  return ok({ itemId: item.id, stock: remaining, flash: input.flash })
}
