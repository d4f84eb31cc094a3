import { ok } from '../../shared/errors'
import { toApprovalView, type ApprovalRecord } from '../../shared/staff/order-record'
import type { Handler } from '../_lib/router'
import { authorizeStaff, storeScope } from '../_lib/staff-auth'
import { APPROVALS } from '../_lib/staff-records'

/** staff.approvals: credits waiting for a manager (or decided ones, by `status`), newest first, at most 200. */
export const approvals: Handler<'staff', 'approvals'> = async (input, ctx) => {
  const { deps } = ctx
  const auth = await authorizeStaff(ctx, 'manager')
  if (!auth.ok) return auth
  const scope = storeScope(auth.data, input.storeId)
  if (!scope.ok) return scope
  const filter = scope.data === null ? { status: input.status } : { storeId: scope.data, status: input.status }
  const res = await deps.db.collection(APPROVALS).where(filter).orderBy('createdAt', 'desc').limit(200).get()
  return ok({ approvals: (res.data as ApprovalRecord[]).map(toApprovalView) })
}
