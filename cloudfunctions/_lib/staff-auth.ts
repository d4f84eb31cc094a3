import { fail, ok, type Result } from '../../shared/errors'
import { isManager, mayActFor, type StaffRecord } from '../../shared/staff/staff-record'
import type { ActionContext } from './router'
import { staffByOpenid } from './staff-records'

/**
 * Who may use the staff function: only active staff records (NOT_STAFF otherwise), and for the
 * manager actions (approvals, anomalies) only managers and admins (FORBIDDEN for clerks). A clerk's
 * till actions always act for the clerk's own store; which store a manager action reaches is
 * decided by `storeScope`. The call's audit learns who the caller is, so it need not read it again.
 */
export async function authorizeStaff(ctx: ActionContext, need: 'staff' | 'manager' = 'staff'): Promise<Result<StaffRecord>> {
  const staff = await staffByOpenid(ctx.deps.db, ctx.identity.openid)
  ctx.audit?.caller(staff)
  if (!staff || !staff.active) return fail('NOT_STAFF')
  if (need === 'manager' && !isManager(staff)) return fail('FORBIDDEN', '只有店长或管理员可以执行此操作')
  return ok(staff)
}

/**
 * The store a manager-level request reaches: a manager only their own (asking for another is
 * STORE_MISMATCH); an admin the one asked for, or every store (null) when none is asked for.
 */
export function storeScope(staff: StaffRecord, requested: string | undefined): Result<string | null> {
  if (requested === undefined) return ok(staff.role === 'admin' ? null : staff.storeId)
  return mayActFor(staff, requested) ? ok(requested) : fail('STORE_MISMATCH')
}

/** For a record that belongs to a store (an approval): may this staff member act on it? */
export const checkStore = (staff: StaffRecord, storeId: string): Result<null> => (mayActFor(staff, storeId) ? ok(null) : fail('STORE_MISMATCH'))
