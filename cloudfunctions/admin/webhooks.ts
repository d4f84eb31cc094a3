import { fail, ok, type Result } from '../../shared/errors'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { MAX_WEBHOOKS, webhookUrlProblem } from '../../shared/webhooks/schemas'
import { forgetSubscriptions } from '../_lib/events'
import { authorizeOperator, recordChange } from '../_lib/operators'
import type { ActionContext, Handler } from '../_lib/router'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import { createOnce, newDelivery } from '../_lib/webhook-deliver'
import {
  allWebhooks,
  loadDelivery,
  loadWebhook,
  newSecret,
  recordedWebhook,
  toDeliveryView,
  toWebhookView,
  WEBHOOK_DELIVERIES,
  WEBHOOKS,
  type DeliveryRecord,
  type WebhookRecord,
} from '../_lib/webhooks'

/** Webhooks reach outside the programme with its data: the admin's alone. */
async function authorizeAdmin(ctx: ActionContext): Promise<Result<StaffRecord>> {
  const auth = await authorizeOperator(ctx, 'admin')
  if (!auth.ok && auth.error.code === 'FORBIDDEN') return fail('FORBIDDEN', '只有管理员可以管理 Webhook')
  return auth
}

const KIND = 'webhook'

/** admin.webhooks: every webhook, its secret masked. */
const webhooks: Handler<'admin', 'webhooks'> = async (_input, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  return ok({ webhooks: (await allWebhooks(ctx.deps.db)).map(toWebhookView) })
}

/**
 * admin.saveWebhook: creates a webhook (with a new secret, answered this once) or edits one (its
 * secret unchanged), with the change record in the same transaction (never the secret).
 */
const saveWebhook: Handler<'admin', 'saveWebhook'> = async (input, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  const problem = webhookUrlProblem(input.url)
  if (problem) return fail('WEBHOOK_URL_INVALID', problem, 'url')
  const { deps, now } = ctx
  const fields = { url: input.url, events: input.events, active: input.active, description: input.description, updatedAt: now }
  if (!input.id && (await allWebhooks(deps.db)).length >= MAX_WEBHOOKS) return fail('INVALID_INPUT', `最多可配置 ${MAX_WEBHOOKS} 个 Webhook`)
  const id = input.id ?? `wh_${deps.ids.code().toLowerCase()}`
  const result = await withTransaction<Result<WebhookRecord>>(deps.db, async (tx) => {
    const before = (await tx.collection(WEBHOOKS).doc(id).get()).data as WebhookRecord | null
    if (input.id && !before) return rollback(fail('WEBHOOK_NOT_FOUND'))
    const after: WebhookRecord = before ? { ...before, ...fields, _id: id } : { _id: id, ...fields, secret: newSecret(), createdAt: now }
    const { _id, ...data } = after
    await tx.collection(WEBHOOKS).doc(id).set(data)
    const change = { before: before && recordedWebhook(before), after: recordedWebhook(after) }
    await recordChange(tx, auth.data, { kind: KIND, targetId: id, action: 'save', ...change, now, random: deps.ids.code() })
    return commit(ok(after))
  })
  if (!result.ok) return result
  forgetSubscriptions(deps.db)
  const created = !input.id
  return ok({ webhook: toWebhookView(result.data), created, secret: created ? result.data.secret : null })
}

/** admin.rotateWebhookSecret: a new secret, answered this once; the old one stops signing at once. */
const rotateWebhookSecret: Handler<'admin', 'rotateWebhookSecret'> = async ({ id }, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  const { deps, now } = ctx
  const result = await withTransaction<Result<WebhookRecord>>(deps.db, async (tx) => {
    const before = (await tx.collection(WEBHOOKS).doc(id).get()).data as WebhookRecord | null
    if (!before) return rollback(fail('WEBHOOK_NOT_FOUND'))
    const after: WebhookRecord = { ...before, _id: id, secret: newSecret(), updatedAt: now }
    await tx.collection(WEBHOOKS).doc(id).update({ secret: after.secret, updatedAt: now })
    await recordChange(tx, auth.data, { kind: KIND, targetId: id, action: 'rotateSecret', before: null, after: { rotatedAt: now.toISOString() }, now, random: deps.ids.code() })
    return commit(ok(after))
  })
  if (!result.ok) return result
  return ok({ webhook: toWebhookView(result.data), secret: result.data.secret })
}

/** admin.deleteWebhook: removes it; its deliveries not yet sent fail at their next attempt. */
const deleteWebhook: Handler<'admin', 'deleteWebhook'> = async ({ id }, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  const { deps, now } = ctx
  const result = await withTransaction<Result<{ done: true }>>(deps.db, async (tx) => {
    const before = (await tx.collection(WEBHOOKS).doc(id).get()).data as WebhookRecord | null
    if (!before) return rollback(fail('WEBHOOK_NOT_FOUND'))
    await tx.collection(WEBHOOKS).doc(id).remove()
    await recordChange(tx, auth.data, { kind: KIND, targetId: id, action: 'delete', before: recordedWebhook(before), after: null, now, random: deps.ids.code() })
    return commit(ok({ done: true as const }))
  })
  if (result.ok) forgetSubscriptions(deps.db)
  return result
}

const PAGE = 50

/**
 * admin.webhookDeliveries: deliveries newest first (by `sortKey`, `<createdAt>|<id>`), of one
 * webhook and/or one status, 50 a page.
 */
const webhookDeliveries: Handler<'admin', 'webhookDeliveries'> = async (input, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const where: Record<string, unknown> = {}
  if (input.webhookId) where.webhookId = input.webhookId
  if (input.status) where.status = input.status
  if (input.cursor) where.sortKey = db.command.lt(input.cursor)
  const res = await db.collection(WEBHOOK_DELIVERIES).where(where).orderBy('sortKey', 'desc').limit(PAGE + 1).get()
  const docs = res.data as DeliveryRecord[]
  const page = docs.slice(0, PAGE)
  return ok({ deliveries: page.map(toDeliveryView), nextCursor: docs.length > PAGE ? page[page.length - 1].sortKey : null })
}

/**
 * admin.testWebhook: a `ping` delivery to this webhook (active or not), due at once: the next run
 * of the job sends it like any other, signed, with retries.
 */
const testWebhook: Handler<'admin', 'testWebhook'> = async ({ id }, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  const { deps, now } = ctx
  const hook = await loadWebhook(deps.db, id)
  if (!hook) return fail('WEBHOOK_NOT_FOUND')
  const eventId = `ping:${now.getTime().toString(36)}-${deps.ids.code()}`
  const delivery = newDelivery(
    { id: eventId, type: 'ping', occurredAt: now.toISOString(), data: { webhookId: id, message: '这是一条测试消息：收到即说明地址与签名配置正确' } },
    id,
    now,
  )
  await createOnce(deps.db, delivery)
  return ok({ delivery: toDeliveryView(delivery) })
}

/**
 * admin.redeliver: sends a delivery again, under the same id, with a fresh round of attempts due
 * at once (a failed one, or a delivered one the receiver lost). One being sent right now is left as it is.
 */
const redeliver: Handler<'admin', 'redeliver'> = async ({ deliveryId }, ctx) => {
  const auth = await authorizeAdmin(ctx)
  if (!auth.ok) return auth
  const { deps, now } = ctx
  const d = await loadDelivery(deps.db, deliveryId)
  if (!d) return fail('WEBHOOK_DELIVERY_NOT_FOUND')
  if (!(await loadWebhook(deps.db, d.webhookId))) return fail('WEBHOOK_NOT_FOUND', '该投递的 Webhook 已删除，无法重新发送')
  if (d.status === 'sending') return ok({ delivery: toDeliveryView(d) })
  const reset = { status: 'pending' as const, attempts: 0, dueAt: now }
  // Compare-and-set: a job run that claims it in between keeps it.
  const r = await deps.db.collection(WEBHOOK_DELIVERIES).where({ _id: d._id, status: d.status, attempts: d.attempts }).update(reset)
  const after = r.updated === 1 ? { ...d, ...reset } : ((await loadDelivery(deps.db, deliveryId)) ?? d)
  if (r.updated === 1)
    await recordChange(deps.db, auth.data, {
      kind: KIND,
      targetId: d.webhookId,
      action: 'redeliver',
      before: { delivery: d._id, status: d.status, attempts: d.attempts },
      after: { delivery: d._id, status: 'pending', attempts: 0 },
      now,
      random: deps.ids.code(),
    })
  return ok({ delivery: toDeliveryView(after) })
}

/** The handlers of webhooks (spread into the function's definition in index.ts). */
export const webhookHandlers = { webhooks, saveWebhook, rotateWebhookSecret, deleteWebhook, webhookDeliveries, testWebhook, redeliver }
