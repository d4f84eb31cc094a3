import { addDays, shanghaiDay } from '../../shared/day'
import { retryDelayMs, MAX_ATTEMPTS } from '../../shared/webhooks/backoff'
import { subscribes } from '../../shared/webhooks/events'
import { isDuplicate } from './db-errors'
import type { Database, Deps } from './deps'
import { WEBHOOK_EVENTS, type EventRecord } from './events'
import { memberById } from './members'
import { postDelivery } from './webhook-post'
import { allWebhooks, deliveryId, WEBHOOK_DELIVERIES, type DeliveryRecord, type SentEvent, type WebhookRecord } from './webhooks'

/** A claimed delivery is another run's to finish for this long (a send takes at most 5 s). */
export const LEASE_MS = 2 * 60_000
/** Events and deliveries are kept this many days, then removed by the job. */
export const RETENTION_DAYS = 30
/** The job's timer fires every minute and its function times out at 60 s: stop taking work after this. */
export const DEFAULT_BUDGET_MS = 40_000
const EVENT_PAGE = 100
const DELIVERY_PAGE = 50
const CONCURRENCY = 4

export interface DeliverOptions {
  /** The jitter of the retry schedule, in [0, 1): Math.random unless a test fixes it. */
  random?: () => number
  budgetMs?: number
  /** Sends at once (one receiver that times out then holds up only one of them). */
  concurrency?: number
  /** Per attempt (default 5 s). */
  timeoutMs?: number
}

export interface DeliverSummary {
  /** Events fanned out into deliveries. */
  events: number
  /** Deliveries made (one per event and subscribing webhook). */
  created: number
  /** POSTs made. */
  attempts: number
  delivered: number
  /** Failed attempts that will be tried again. */
  retrying: number
  /** Deliveries given up (after the last attempt, or their webhook removed or paused). */
  failed: number
  /** Old events and deliveries removed. */
  pruned: number
  /** True when the run stopped at its time budget with work left (the next run goes on). */
  budgetSpent: boolean
}

/** A new delivery of `event` to one webhook, due at once. */
export function newDelivery(event: SentEvent, webhookId: string, now: Date): DeliveryRecord {
  const id = deliveryId(event.id, webhookId)
  return {
    _id: id,
    webhookId,
    event,
    status: 'pending',
    attempts: 0,
    dueAt: now,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    lastResponse: null,
    deliveredAt: null,
    createdAt: now,
    day: shanghaiDay(now),
    sortKey: `${now.toISOString()}|${id}`,
  }
}

/**
 * The `webhook-deliver` job, at `now`:
 * 1. fans each pending event out: a delivery `<eventId>@<webhookId>` for every active webhook that
 *    subscribes (created with `add`, so a rerun finds it and makes no second one), with the member's
 *    number added; then the event is `dispatched`;
 * 2. sends every due delivery (pending and due, or claimed by a run whose claim has lapsed): each is
 *    claimed first (a compare-and-set on its status and attempt count, held LEASE_MS), so racing runs
 *    never post the same delivery at the same time; 2xx is delivered, anything else is tried again on
 *    the backoff schedule, and given up (`failed`) after MAX_ATTEMPTS;
 * 3. removes events and deliveries older than RETENTION_DAYS.
 * At-least-once: a run that dies after a receiver answered but before recording it sends again,
 * under the same delivery id.
 */
export async function deliverWebhooks(deps: Deps, now: Date, opts: DeliverOptions = {}): Promise<DeliverSummary> {
  const summary: DeliverSummary = { events: 0, created: 0, attempts: 0, delivered: 0, retrying: 0, failed: 0, pruned: 0, budgetSpent: false }
  // Wall time, not the injected clock: the budget is about the function's real timeout.
  const started = performance.now()
  const budget = opts.budgetMs ?? DEFAULT_BUDGET_MS
  const spent = () => {
    if (performance.now() - started < budget) return false
    summary.budgetSpent = true
    return true
  }
  const hooks = new Map((await allWebhooks(deps.db)).map((w) => [w._id, w]))
  await fanOut(deps.db, now, [...hooks.values()], summary, spent)
  await sendDue(deps, now, hooks, opts, summary, spent)
  summary.pruned = await prune(deps.db, now)
  return summary
}

async function fanOut(db: Database, now: Date, hooks: WebhookRecord[], summary: DeliverSummary, spent: () => boolean): Promise<void> {
  const _ = db.command
  const memberNos = new Map<string, string | null>()
  const memberNo = async (id: string) => {
    if (!memberNos.has(id)) memberNos.set(id, (await memberById(db, id))?.memberNo ?? null)
    return memberNos.get(id)!
  }
  // Each event leaves `pending` once handled; `_id > after` only guards against one that will not.
  let after = ''
  while (!spent()) {
    const res = await db.collection(WEBHOOK_EVENTS).where({ status: 'pending', _id: _.gt(after) }).orderBy('_id', 'asc').limit(EVENT_PAGE).get()
    const page = res.data as EventRecord[]
    for (const ev of page) {
      const targets = hooks.filter((w) => w.active && subscribes(w.events, ev.type))
      const data = typeof ev.data.memberId === 'string' ? { ...ev.data, memberNo: await memberNo(ev.data.memberId) } : ev.data
      const event: SentEvent = { id: ev._id, type: ev.type, occurredAt: new Date(ev.occurredAt).toISOString(), data }
      for (const w of targets) if (await createOnce(db, newDelivery(event, w._id, now))) summary.created++
      await db.collection(WEBHOOK_EVENTS).doc(ev._id).update({ status: 'dispatched', dispatchedAt: now, deliveries: targets.length })
      summary.events++
    }
    if (page.length < EVENT_PAGE) return
    after = page[page.length - 1]._id
  }
}

/** Creates the delivery unless it exists (a rerun of the fan-out): true when this call made it. */
export async function createOnce(db: Database, d: DeliveryRecord): Promise<boolean> {
  try {
    await db.collection(WEBHOOK_DELIVERIES).add(d)
    return true
  } catch (err) {
    if (isDuplicate(err)) return false
    throw err
  }
}

async function sendDue(deps: Deps, now: Date, hooks: Map<string, WebhookRecord>, opts: DeliverOptions, summary: DeliverSummary, spent: () => boolean) {
  const _ = deps.db.command
  const tried = new Set<string>()
  while (!spent()) {
    const res = await deps.db
      .collection(WEBHOOK_DELIVERIES)
      .where({ status: _.in(['pending', 'sending']), dueAt: _.lte(now) })
      .orderBy('dueAt', 'asc')
      .limit(DELIVERY_PAGE)
      .get()
    const due = res.data as DeliveryRecord[]
    // One attempt per delivery per run: one that another run holds stays due here until its claim lapses.
    const fresh = due.filter((d) => !tried.has(d._id))
    if (fresh.length === 0) return
    for (const d of fresh) tried.add(d._id)
    await inParallel(fresh, opts.concurrency ?? CONCURRENCY, spent, (d) => attempt(deps, d, hooks.get(d.webhookId) ?? null, opts, summary))
    if (due.length < DELIVERY_PAGE) return
  }
}

/** Runs `work` over `items`, at most `n` at a time, starting no new one once `stop()` says so. */
async function inParallel<T>(items: T[], n: number, stop: () => boolean, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length && !stop()) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker))
}

type Finish = Pick<DeliveryRecord, 'status' | 'dueAt'> & Partial<DeliveryRecord>

async function attempt(deps: Deps, d: DeliveryRecord, hook: WebhookRecord | null, opts: DeliverOptions, summary: DeliverSummary): Promise<void> {
  const deliveries = deps.db.collection(WEBHOOK_DELIVERIES)
  // Every write below is a compare-and-set on (status, attempts): a run that lost the race changes nothing.
  const from = (status: DeliveryRecord['status'], attempts: number, to: Finish) => deliveries.where({ _id: d._id, status, attempts }).update(to)
  const giveUp = async (why: string) => {
    const r = await from(d.status, d.attempts, { status: 'failed', dueAt: null, lastError: why })
    if (r.updated === 1) summary.failed++
  }
  // Nothing to send to: the delivery fails now (and may be sent again by hand once the webhook is back).
  if (!hook) return giveUp('Webhook 已删除')
  if (!hook.active && d.event.type !== 'ping') return giveUp('Webhook 已停用')
  // A claim that lapsed on the last attempt (its run died while sending): no attempt is left.
  if (d.attempts >= MAX_ATTEMPTS) return giveUp('最后一次发送中断，未收到应答')

  const at = deps.now()
  const n = d.attempts + 1
  const claimed = await from(d.status, d.attempts, { status: 'sending', attempts: n, dueAt: new Date(at.getTime() + LEASE_MS), lastAttemptAt: at })
  if (claimed.updated !== 1) return
  summary.attempts++
  const out = await postDelivery({
    url: hook.url,
    secret: hook.secret,
    deliveryId: d._id,
    eventType: d.event.type,
    body: JSON.stringify({ id: d._id, event: d.event }),
    timestamp: Math.floor(at.getTime() / 1000),
    timeoutMs: opts.timeoutMs,
  })
  const done = deps.now()
  const delay = out.ok ? null : retryDelayMs(n, (opts.random ?? Math.random)())
  const outcome: Finish = out.ok
    ? { status: 'delivered', dueAt: null, deliveredAt: done }
    : delay === null
      ? { status: 'failed', dueAt: null }
      : { status: 'pending', dueAt: new Date(done.getTime() + delay) }
  const r = await from('sending', n, { ...outcome, lastStatus: out.status, lastError: out.error, lastResponse: out.response })
  if (r.updated !== 1) return // the claim lapsed and another run took the delivery over: its record stands
  if (outcome.status === 'delivered') summary.delivered++
  else if (outcome.status === 'failed') summary.failed++
  else summary.retrying++
}

/**
 * Removes the events and deliveries made RETENTION_DAYS to a week more ago, by their `day` (index
 * `day`): equality on a few days, not a range over the whole collection. Each run removes what is due.
 */
async function prune(db: Database, now: Date): Promise<number> {
  const _ = db.command
  const today = shanghaiDay(now)
  const days = Array.from({ length: 7 }, (_x, k) => addDays(today, -(RETENTION_DAYS + k)))
  let removed = 0
  for (const coll of [WEBHOOK_DELIVERIES, WEBHOOK_EVENTS]) {
    const r = (await db.collection(coll).where({ day: _.in(days) }).remove()) as { deleted?: number }
    removed += r.deleted ?? 0
  }
  return removed
}
