import { claimsLeft, COUPON_TEMPLATES, issueByOperator, loadTemplate, saveTemplate } from '../../cloudfunctions/_lib/coupons'
import { activeItems, importVouchers, loadItem, poolStock, saveItem } from '../../cloudfunctions/_lib/mall'
import { memberByNo } from '../../cloudfunctions/_lib/members'
import { restock } from '../../cloudfunctions/_lib/stock'
import { CouponTemplate } from '../../shared/coupon/schemas'
import { flashPool, itemPool } from '../../shared/mall/item'
import { MallItem } from '../../shared/mall/schemas'
import { yuanText } from '../../shared/money'
import type * as z from '../../shared/zod'
import { CliError, type CliContext, type Command } from './command'
import { readJson, readText, required } from './flags'

function positiveInt(ctx: CliContext, flag: string, fallback?: number): number {
  const v = ctx.values[flag]
  if (v === undefined && fallback !== undefined) return fallback
  const n = Number(v)
  if (typeof v !== 'string' || !Number.isSafeInteger(n) || n === 0) throw new CliError(`--${flag} must be a whole number other than 0`)
  return n
}

/** One object or an array of them from `--file`, each checked with `schema`; every problem listed. */
function readMany<T extends z.ZodTypeAny>(ctx: CliContext, schema: T, what: string): Array<z.output<T>> {
  const file = required(ctx, 'file')
  const raw = readJson(file)
  const list = Array.isArray(raw) ? raw : [raw]
  const problems: string[] = []
  const parsed = list.map((entry, i) => {
    const r = schema.safeParse(entry)
    if (!r.success) problems.push(...r.error.issues.map((issue) => `  ${what} ${i + 1}: ${issue.path.join('.') || '(root)'}: ${issue.message}`))
    return r.success ? r.data : null
  })
  if (problems.length > 0) throw new CliError([`invalid ${what} in ${file}:`, ...problems].join('\n'))
  return parsed as Array<z.output<T>>
}

/** `coupon template --file F`: creates or replaces coupon templates (JSON: one or an array). */
export const couponTemplate: Command = {
  words: ['coupon', 'template'],
  usage: '--file TEMPLATES.json',
  summary: 'create or update coupon templates from JSON (one object or an array)',
  options: { file: { type: 'string' } },
  async run(ctx) {
    const templates = readMany(ctx, CouponTemplate, 'template')
    const { deps } = ctx.runtime()
    for (const t of templates) await saveTemplate(deps.db, t)
    return { json: { saved: templates.map((t) => t.id) }, text: `saved ${templates.length} template(s): ${templates.map((t) => t.id).join(', ')}` }
  },
}

/** `coupon issue`: an operator's grant to one member. It is outside the claim caps, and `--key` makes a retry a no-op. */
export const couponIssue: Command = {
  words: ['coupon', 'issue'],
  usage: '--template ID --member NO --reason TEXT [--count N] [--key KEY]',
  summary: 'issue coupons to a member by hand (outside the claim caps; --key makes a retry issue nothing more)',
  options: { template: { type: 'string' }, member: { type: 'string' }, count: { type: 'string' }, reason: { type: 'string' }, key: { type: 'string' } },
  async run(ctx) {
    const templateId = required(ctx, 'template')
    const memberNo = required(ctx, 'member')
    const reason = required(ctx, 'reason')
    const count = positiveInt(ctx, 'count', 1)
    if (count < 1 || count > 100) throw new CliError('--count is 1 to 100')
    const { deps } = ctx.runtime()
    const template = await loadTemplate(deps.db, templateId)
    if (!template) throw new CliError(`no coupon template ${templateId}`)
    const member = await memberByNo(deps.db, memberNo)
    if (!member) throw new CliError(`no member with number ${memberNo}`)
    const now = deps.now()
    const key = typeof ctx.values.key === 'string' ? ctx.values.key : `${member._id}:${templateId}:${now.getTime()}`
    const { issueKey, issued } = await issueByOperator(deps, template, member, { key, count, now })
    const codes = issued?.map((c) => c._id) ?? []
    return {
      json: { memberNo, templateId, issueKey, reason, issued: codes.length, codes, repeated: issued === null },
      text: issued === null ? `nothing issued: ${issueKey} was used before` : `issued ${codes.length} × ${template.title} to member ${memberNo} (${reason})`,
    }
  },
}

/** `coupon list`: every template with how many are left to claim. */
export const couponList: Command = {
  words: ['coupon', 'list'],
  summary: 'list coupon templates and what is left to claim',
  async run(ctx) {
    const { deps } = ctx.runtime()
    const res = await deps.db.collection(COUPON_TEMPLATES).limit(1000).get()
    const rows = []
    for (const { _id, ...doc } of res.data as Array<Record<string, unknown>>) {
      const t = CouponTemplate.parse({ ...doc, id: _id })
      rows.push({ id: t.id, title: t.title, kind: t.kind, claimable: t.claimable, active: t.active, totalLimit: t.totalLimit, left: await claimsLeft(deps.db, t) })
    }
    return {
      json: { templates: rows },
      text: rows.map((r) => `${r.id}  ${r.title}  ${r.kind}${r.claimable ? '  claimable' : ''}${r.active ? '' : '  inactive'}  left ${r.left ?? 'no cap'}`).join('\n') || 'no templates',
    }
  },
}

/** `mall item --file F`: creates or replaces mall items; stock is set once, on creation (then `mall restock`). */
export const mallItem: Command = {
  words: ['mall', 'item'],
  usage: '--file ITEMS.json',
  summary: 'create or update mall items from JSON (stock is set when an item is created; later use mall restock)',
  options: { file: { type: 'string' } },
  async run(ctx) {
    const items = readMany(ctx, MallItem, 'item')
    const { deps } = ctx.runtime()
    for (const item of items) {
      if (item.kind === 'coupon' && !(await loadTemplate(deps.db, item.couponTemplateId!))) throw new CliError(`item ${item.id}: no coupon template ${item.couponTemplateId}`)
      await saveItem(deps.db, item)
    }
    return { json: { saved: items.map((i) => i.id) }, text: `saved ${items.length} item(s): ${items.map((i) => i.id).join(', ')}` }
  },
}

/** `mall restock`: adds units (or takes unsold ones away) from an item's stock or its flash sale's. */
export const mallRestock: Command = {
  words: ['mall', 'restock'],
  usage: '--item ID --units N [--flash] (negative: --units=-N)',
  summary: 'add units to an item\'s stock (negative takes unsold units away); --flash: the running flash sale\'s allocation',
  options: { item: { type: 'string' }, units: { type: 'string' }, flash: { type: 'boolean' } },
  async run(ctx) {
    const itemId = required(ctx, 'item')
    const units = positiveInt(ctx, 'units')
    const { deps } = ctx.runtime()
    const item = await loadItem(deps.db, itemId)
    if (!item) throw new CliError(`no mall item ${itemId}`)
    if (item.kind === 'voucher') throw new CliError('voucher items are stocked by importing codes: mall vouchers')
    if (ctx.values.flash && item.flash?.stock === undefined) throw new CliError(`item ${itemId} has no flash sale with its own stock`)
    const pool = ctx.values.flash ? flashPool(item.id, item.flash!.id) : itemPool(item.id)
    const { remaining } = await restock(deps.db, pool, units)
    return { json: { itemId, pool, units, remaining }, text: `${itemId}: ${units > 0 ? '+' : ''}${units}, ${remaining} left` }
  },
}

/** `mall vouchers`: imports partner codes (one per line) into a voucher item's stock. */
export const mallVouchers: Command = {
  words: ['mall', 'vouchers'],
  usage: '--item ID --file CODES.txt',
  summary: 'import partner codes (one per line) into a voucher item; codes it already has are skipped',
  options: { item: { type: 'string' }, file: { type: 'string' } },
  async run(ctx) {
    const itemId = required(ctx, 'item')
    const file = required(ctx, 'file')
    const codes = readText(file).split(/\r?\n/)
    const { deps } = ctx.runtime()
    const item = await loadItem(deps.db, itemId)
    if (!item) throw new CliError(`no mall item ${itemId}`)
    if (item.kind !== 'voucher') throw new CliError(`item ${itemId} is not a voucher item`)
    const r = await importVouchers(deps.db, itemId, codes, deps.now())
    const left = await poolStock(deps.db, itemPool(itemId))
    return { json: { itemId, ...r, stock: left }, text: `${itemId}: ${r.added} code(s) added, ${r.skipped} already there; ${left} in stock` }
  },
}

/** `mall list`: active items with price, stock and flash sale. */
export const mallList: Command = {
  words: ['mall', 'list'],
  summary: 'list active mall items with price and stock',
  async run(ctx) {
    const { deps } = ctx.runtime()
    const rows = []
    for (const item of await activeItems(deps.db)) {
      rows.push({
        id: item.id,
        title: item.title,
        kind: item.kind,
        pricePoints: item.pricePoints,
        priceFen: item.priceFen,
        stock: await poolStock(deps.db, itemPool(item.id)),
        flash: item.flash ? { ...item.flash, stockLeft: item.flash.stock !== undefined ? await poolStock(deps.db, flashPool(item.id, item.flash.id)) : null } : null,
      })
    }
    rows.sort((a, b) => a.id.localeCompare(b.id))
    return {
      json: { items: rows },
      text:
        rows.map((r) => `${r.id}  ${r.title}  ${r.pricePoints} 分${r.priceFen ? ` + ¥${yuanText(r.priceFen)}` : ''}  stock ${r.stock}${r.flash ? `  flash ${r.flash.startsAt}..${r.flash.endsAt} left ${r.flash.stockLeft ?? 'item stock'}` : ''}`).join('\n') ||
        'no items',
    }
  },
}
