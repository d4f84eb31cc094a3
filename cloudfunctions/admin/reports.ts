import { fail, ok } from '../../shared/errors'
import { PER_STORE } from '../../shared/finance/reports'
import { authorizeOperator } from '../_lib/operators'
import { runReport } from '../_lib/reports'
import type { Handler } from '../_lib/router'

/**
 * admin.report: one finance report as JSON, and as CSV when asked. A manager's figures are their own
 * store's (another store: STORE_MISMATCH) and only the reports with a store dimension; an admin sees
 * every store, or the one asked for. Reading changes nothing, so nothing is recorded.
 */
export const report: Handler<'admin', 'report'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const staff = auth.data
  if (staff.role !== 'admin' && input.storeId !== undefined && input.storeId !== staff.storeId) return fail('STORE_MISMATCH')
  const storeIds = staff.role === 'admin' ? (input.storeId ? [input.storeId] : null) : [staff.storeId]
  if (storeIds && !PER_STORE[input.name]) return fail('REPORT_NOT_PER_STORE')
  if (input.from && input.to && input.from > input.to) return fail('INVALID_INPUT', '开始月份不能晚于结束月份', 'from')
  return ok(await runReport(ctx.deps, input, { storeIds }))
}
