import { fail, ok, type Result } from '../../shared/errors'
import type { MemberRecord } from '../../shared/member/member-record'
import type { StaffRecord, StoreRecord } from '../../shared/staff/staff-record'
import type { OperatorView, StoreRow } from '../../shared/admin/schemas'
import type { Database } from './deps'
import { memberById } from './members'
import type { ActionContext } from './router'
import { everyRecord, staffByOpenid, STORES } from './staff-records'
import type { Transaction } from './transaction'

/**
 * Who may use the console: active staff records with the manager or admin role. Programme-wide
 * settings (`need: 'admin'`) are the admin's alone; a manager works on their own store.
 */
export async function authorizeOperator(ctx: ActionContext, need: 'manager' | 'admin' = 'manager'): Promise<Result<StaffRecord>> {
  const staff = ctx.identity.openid ? await staffByOpenid(ctx.deps.db, ctx.identity.openid) : null
  if (!staff || !staff.active || (staff.role !== 'admin' && staff.role !== 'manager')) return fail('NOT_OPERATOR')
  if (need === 'admin' && staff.role !== 'admin') return fail('FORBIDDEN', '只有管理员可以修改会员计划的设置')
  return ok(staff)
}

/** A console action on one member: the operator (manager or admin) and the member, or why not. */
export async function operatorOnMember(ctx: ActionContext, memberId: string): Promise<Result<{ staff: StaffRecord; member: MemberRecord }>> {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const member = await memberById(ctx.deps.db, memberId)
  if (!member) return fail('MEMBER_NOT_FOUND')
  return ok({ staff: auth.data, member })
}

/** Who the command line acts as: an admin with no store of its own, named in the change record as `cli`. */
export const CLI_OPERATOR: StaffRecord = {
  _id: 'cli',
  openid: 'cli',
  role: 'admin',
  storeId: '',
  name: '命令行',
  phone: null,
  active: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
}

/** Every store, by id: in pages by `_id`, as a query returns at most 1,000. */
export const allStores = (db: Database): Promise<StoreRecord[]> => everyRecord<StoreRecord>(db, STORES)

/** The stores an operator sees: an admin all of them, a manager their own. */
export async function storesOf(db: Database, staff: StaffRecord): Promise<StoreRow[]> {
  const stores = await allStores(db)
  const rows = stores.map((s) => ({ id: s._id, name: s.name, mallId: s.mallId ?? null }))
  if (staff.role === 'admin') return rows
  // A manager's store may have no record yet (staff add before store add): its id stands for it.
  return [rows.find((s) => s.id === staff.storeId) ?? { id: staff.storeId, name: staff.storeId, mallId: null }]
}

export async function operatorView(db: Database, staff: StaffRecord): Promise<OperatorView> {
  return { openid: staff.openid, name: staff.name, role: staff.role, storeId: staff.storeId, allStores: staff.role === 'admin', stores: await storesOf(db, staff) }
}

/**
 * `operator_changes`: every change an operator makes, with who, when, and the document before and
 * after (before null: created). Written in the change's own transaction where there is one.
 */
export const OPERATOR_CHANGES = 'operator_changes'

export interface OperatorChange {
  _id: string
  at: Date
  by: { openid: string; name: string | null; role: string; storeId: string }
  /** What was changed: a settings kind ('earning'), a catalogue kind ('items'), 'member', 'tiers' … */
  kind: string
  targetId: string
  /** 'save', 'restock', 'adjustPoints', 'grantTier', 'issueCoupon', 'publish', 'import' … */
  action: string
  reason: string | null
  before: unknown
  after: unknown
}

let last = { ms: 0, n: 0 }

/**
 * Ids sort by time, then by a counter within the millisecond (in this process), then randomness,
 * so the record pages newest first by `_id` and one operator's changes keep their order.
 */
export function changeId(now: Date, random: string): string {
  const ms = now.getTime()
  last = ms === last.ms ? { ms, n: last.n + 1 } : { ms, n: 0 }
  return `${ms.toString(36).padStart(9, '0')}-${last.n.toString(36).padStart(3, '0')}-${random}`
}

export async function recordChange(
  db: Database | Transaction,
  staff: StaffRecord,
  change: { kind: string; targetId: string; action: string; reason?: string | null; before: unknown; after: unknown; now: Date; random: string },
): Promise<void> {
  const doc: Omit<OperatorChange, '_id'> = {
    at: change.now,
    by: { openid: staff.openid, name: staff.name, role: staff.role, storeId: staff.storeId },
    kind: change.kind,
    targetId: change.targetId,
    action: change.action,
    reason: change.reason ?? null,
    before: strip(change.before),
    after: strip(change.after),
  }
  await db.collection(OPERATOR_CHANGES).doc(changeId(change.now, change.random)).set(doc)
}

/** Documents are recorded without their `_id` (the targetId says it) and without undefined fields. */
function strip(doc: unknown): unknown {
  if (doc === null || doc === undefined) return null
  if (typeof doc !== 'object' || Array.isArray(doc)) return doc
  const { _id, ...rest } = doc as Record<string, unknown>
  return JSON.parse(JSON.stringify(rest))
}
