import { Phone } from '../../shared/phone'
import { StaffRole, StoreId } from '../../shared/staff/schemas'
import { isClockTime, type StaffRecord, type StoreRecord } from '../../shared/staff/staff-record'
import { listStaff, saveStaff, saveStore, staffByOpenid, storeById } from '../../cloudfunctions/_lib/staff-records'
import { CliError, type CliContext, type Command } from './command'
import { required } from './flags'

function optional(ctx: CliContext, flag: string): string | null {
  const v = ctx.values[flag]
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null
}

function parsed<T>(what: string, result: { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } }): T {
  if (!result.success) throw new CliError(`${what}: ${result.error.issues[0]?.message ?? 'invalid'}`)
  return result.data
}

const staffJson = (s: StaffRecord) => ({ openid: s.openid, role: s.role, storeId: s.storeId, name: s.name, phone: s.phone, active: s.active })

/** `staff add`: creates or updates a staff account (re-adding a removed one reactivates it). */
export const staffAdd: Command = {
  words: ['staff', 'add'],
  usage: '--openid O --store S --role clerk|manager|admin [--name N] [--phone P]',
  summary: 'add a staff account (or change its store, role, name, phone)',
  options: { openid: { type: 'string' }, store: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' } },
  async run(ctx) {
    const openid = required(ctx, 'openid')
    if (openid.length > 128) throw new CliError('--openid is too long')
    const storeId = parsed('--store', StoreId.safeParse(required(ctx, 'store')))
    const role = parsed('--role', StaffRole.safeParse(required(ctx, 'role')))
    const phoneArg = optional(ctx, 'phone')
    const phone = phoneArg === null ? null : parsed('--phone', Phone.safeParse(phoneArg))
    const name = optional(ctx, 'name')
    const { deps } = ctx.runtime()
    const now = deps.now()
    const before = await staffByOpenid(deps.db, openid)
    const staff: StaffRecord = {
      _id: openid,
      openid,
      role,
      storeId,
      name: name ?? before?.name ?? null,
      phone: phone ?? before?.phone ?? null,
      active: true,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    }
    await saveStaff(deps.db, staff)
    const store = await storeById(deps.db, storeId)
    const created = !before
    return {
      json: { staff: staffJson(staff), created, storeKnown: store !== null },
      text: [
        `${created ? 'added' : 'updated'}  ${openid}  ${role} at ${storeId}${staff.name ? `  ${staff.name}` : ''}`,
        ...(store ? [] : [`note: store ${storeId} has no record yet (no name or opening hours): \`store add --id ${storeId} --name ...\``]),
      ].join('\n'),
    }
  },
}

/** `staff remove`: deactivates the account at once; the record stays so the audit can name it. */
export const staffRemove: Command = {
  words: ['staff', 'remove'],
  usage: '--openid O',
  summary: 'remove a staff account (it can no longer use staff actions)',
  options: { openid: { type: 'string' } },
  async run(ctx) {
    const openid = required(ctx, 'openid')
    const { deps } = ctx.runtime()
    const staff = await staffByOpenid(deps.db, openid)
    if (!staff) throw new CliError(`no staff account ${openid}`)
    const removed = staff.active
    if (removed) await saveStaff(deps.db, { ...staff, active: false, updatedAt: deps.now() })
    return {
      json: { openid, removed },
      text: removed ? `removed  ${openid}` : `${openid} was already removed`,
    }
  },
}

export const staffList: Command = {
  words: ['staff', 'list'],
  usage: '[--all]',
  summary: 'list the staff accounts (--all: removed ones too)',
  options: { all: { type: 'boolean' } },
  async run(ctx) {
    const all = (await listStaff(ctx.runtime().deps.db)).filter((s) => ctx.values.all || s.active)
    return {
      json: { staff: all.map(staffJson) },
      text: all.length
        ? all.map((s) => `${s.storeId.padEnd(12)} ${s.role.padEnd(8)} ${s.openid}${s.name ? `  ${s.name}` : ''}${s.active ? '' : '  (removed)'}`).join('\n')
        : 'no staff accounts: add one with `staff add --openid O --store S --role clerk`',
    }
  },
}

/** `store add`: a store's name and opening hours (used by the anomaly list's "outside hours"). */
export const storeAdd: Command = {
  words: ['store', 'add'],
  usage: "--id S --name N [--open 09:00 --close 22:00] [--mall M | --mall '']",
  summary: 'add or update a store: name, opening hours (Asia/Shanghai), the mall it is a tenant of',
  options: { id: { type: 'string' }, name: { type: 'string' }, open: { type: 'string' }, close: { type: 'string' }, mall: { type: 'string' } },
  async run(ctx) {
    const id = parsed('--id', StoreId.safeParse(required(ctx, 'id')))
    const name = required(ctx, 'name')
    const open = optional(ctx, 'open')
    const close = optional(ctx, 'close')
    if ((open === null) !== (close === null)) throw new CliError('give both --open and --close, or neither')
    for (const t of [open, close]) if (t !== null && !isClockTime(t)) throw new CliError(`${t}: times are HH:mm, e.g. 09:00`)
    // --mall M: a tenant of mall operator M (the settlement report); --mall '': stand-alone; absent: unchanged.
    const mallArg = typeof ctx.values.mall === 'string' ? ctx.values.mall.trim() : undefined
    if (mallArg && !/^[\w-]{1,64}$/.test(mallArg)) throw new CliError('--mall: letters, digits, _ and - (at most 64)')
    const { deps } = ctx.runtime()
    const before = await storeById(deps.db, id)
    const now = deps.now()
    const store: StoreRecord = {
      _id: id,
      name,
      hours: open !== null && close !== null ? { open, close } : (before?.hours ?? null),
      mallId: mallArg === undefined ? (before?.mallId ?? null) : mallArg || null,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    }
    await saveStore(deps.db, store)
    return {
      json: { store: { id, name, hours: store.hours, mallId: store.mallId ?? null }, created: !before },
      text: `${before ? 'updated' : 'added'}  store ${id}  ${name}${store.hours ? `  ${store.hours.open}–${store.hours.close}` : ''}${store.mallId ? `  tenant of mall ${store.mallId}` : ''}`,
    }
  },
}
