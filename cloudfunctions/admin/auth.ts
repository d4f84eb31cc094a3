import { fail, ok } from '../../shared/errors'
import { endSession, login as openSession } from '../_lib/console-auth'
import { authorizeOperator, operatorView } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { staffByOpenid } from '../_lib/staff-records'

/** admin.login: username and password (production's sign-in); only managers and admins get a session. */
export const login: Handler<'admin', 'login'> = async (input, { deps, now }) => {
  const r = await openSession(deps.db, input.username, input.password, now)
  if (!r.ok) return fail(r.code)
  const staff = await staffByOpenid(deps.db, r.openid)
  if (!staff || !staff.active || (staff.role !== 'admin' && staff.role !== 'manager')) return fail('NOT_OPERATOR')
  return ok({ token: r.token, expiresAt: r.expiresAt.toISOString(), operator: await operatorView(deps.db, staff) })
}

/** admin.logout: ends this session (a dev-header caller has none to end). */
export const logout: Handler<'admin', 'logout'> = async (_input, { deps, identity }) => {
  if (identity.session) await endSession(deps.db, identity.session)
  return ok({ done: true as const })
}

/** admin.me: who is signed in, and which stores they see. */
export const me: Handler<'admin', 'me'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  return ok(await operatorView(ctx.deps.db, auth.data))
}
