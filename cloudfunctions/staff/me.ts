import { ok } from '../../shared/errors'
import { toStaffView } from '../../shared/staff/staff-record'
import { authorizeStaff } from '../_lib/staff-auth'
import { storeById } from '../_lib/staff-records'
import type { Handler } from '../_lib/router'

/** staff.me: the caller's staff account, so the staff pages know the role and the store. */
export const me: Handler<'staff', 'me'> = async (_input, ctx) => {
  const { deps } = ctx
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  return ok(toStaffView(auth.data, await storeById(deps.db, auth.data.storeId)))
}
