import { ok } from '../../shared/errors'
import { authorizeOperator, OPERATOR_CHANGES, type OperatorChange } from '../_lib/operators'
import type { Handler } from '../_lib/router'

const PAGE = 50

/**
 * admin.changes: the record of operator changes, newest first (ids sort by time), optionally of one
 * kind or one target. A manager sees the changes made by people of their own store.
 */
export const changes: Handler<'admin', 'changes'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx)
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const _ = db.command
  const where: Record<string, unknown> = {}
  if (input.kind) where.kind = input.kind
  if (input.targetId) where.targetId = input.targetId
  if (auth.data.role !== 'admin') where['by.storeId'] = auth.data.storeId
  if (input.cursor) where._id = _.lt(input.cursor)
  const res = await db.collection(OPERATOR_CHANGES).where(where).orderBy('_id', 'desc').limit(PAGE + 1).get()
  const docs = res.data as OperatorChange[]
  const page = docs.slice(0, PAGE)
  return ok({
    changes: page.map((c) => ({
      id: c._id,
      at: new Date(c.at).toISOString(),
      by: { openid: c.by.openid, name: c.by.name, role: c.by.role },
      kind: c.kind,
      targetId: c.targetId,
      action: c.action,
      reason: c.reason,
      before: c.before,
      after: c.after,
    })),
    nextCursor: docs.length > PAGE ? page[page.length - 1]._id : null,
  })
}
