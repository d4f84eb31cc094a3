import { fail, ok, type Result } from '../../shared/errors'
import { toApprovalView, type ApprovalRecord } from '../../shared/staff/order-record'
import type { Handler } from '../_lib/router'
import type { ApprovalView } from '../../shared/staff/schemas'
import { authorizeStaff, checkStore } from '../_lib/staff-auth'
import { APPROVALS, ORDERS } from '../_lib/staff-records'
import { commit, rollback, withTransaction } from '../_lib/transaction'

/**
 * staff.reject: a manager of the order's store (or an admin) refuses a held credit; the order is
 * kept as `rejected` and earns nothing. Rejecting again answers the same approval.
 */
export const reject: Handler<'staff', 'reject'> = async ({ approvalId, reason }, ctx) => {
  const { deps, now } = ctx
  const auth = await authorizeStaff(ctx, 'manager')
  if (!auth.ok) return auth
  const manager = auth.data
  return withTransaction<Result<ApprovalView>>(deps.db, async (tx) => {
    const approval = (await tx.collection(APPROVALS).doc(approvalId).get()).data as ApprovalRecord | null
    if (!approval) return rollback(fail('APPROVAL_NOT_FOUND'))
    const store = checkStore(manager, approval.storeId)
    if (!store.ok) return rollback(store)
    if (approval.status === 'rejected') return rollback(ok(toApprovalView(approval)))
    if (approval.status !== 'pending') return rollback(fail('APPROVAL_DECIDED'))
    const decided: ApprovalRecord = { ...approval, status: 'rejected', decidedBy: manager.openid, decidedAt: now, rejectReason: reason }
    await tx.collection(APPROVALS).doc(approval._id).update({ status: 'rejected', decidedBy: manager.openid, decidedAt: now, rejectReason: reason })
    await tx.collection(ORDERS).doc(approval._id).update({ status: 'rejected', updatedAt: now })
    return commit(ok(toApprovalView(decided)))
  })
}
