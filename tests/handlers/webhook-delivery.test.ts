import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { webhookDeliver } from '../../cloudfunctions/webhook-deliver'
import { LEASE_MS, RETENTION_DAYS } from '../../cloudfunctions/_lib/webhook-deliver'
import { MAX_ATTEMPTS } from '../../shared/webhooks/backoff'
import { verify } from '../../shared/webhooks/signing'
import { openReceiver, openWebhooks, type Received, type WebhookHarness } from './webhook-fixtures'

// The clock is frozen at 2027-01-31 10:00 Shanghai.
const ALICE = 'openid-alice'
const CLERK = 'openid-clerk'
const MIN = 60_000
const DAY = 86_400_000

let h: WebhookHarness
let receiver: Awaited<ReturnType<typeof openReceiver>> | null = null
beforeEach(async () => {
  h = await openWebhooks()
  await h.register(ALICE, '13812345678')
  await h.staff(CLERK, 'S1', 'clerk')
})
afterEach(async () => {
  await receiver?.close()
  receiver = null
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

async function listen(answer?: (n: number) => number) {
  receiver = await openReceiver(answer)
  return receiver
}
async function accrue(orderId: string, amountFen = 10_000) {
  h.nextCode()
  const res = await h.call(CLERK, { action: 'accrue', memberCode: await h.code(ALICE), orderId, amountFen })
  if (!res.ok) throw new Error(`accrue: ${res.error.code}`)
}
/** A request as a receiver checks it, against its own clock (here: the harness clock). */
const check = (r: Received, secret: string) =>
  verify({
    secret,
    body: r.body,
    timestamp: r.headers['x-huika-timestamp'] as string,
    signature: r.headers['x-huika-signature'] as string,
    nowSeconds: Math.floor(h.clock.now().getTime() / 1000),
  })
const delivery = () => {
  const [d] = h.deliveries()
  return d
}
/** Moves the clock to the delivery's next attempt. */
const untilDue = () => h.clock.set(new Date(delivery().dueAt!), { frozen: true })

describe('job webhook-deliver', () => {
  test('a till credit reaches the receiver once: signed, with the delivery id and the member number', async () => {
    const r = await listen()
    const hook = await h.webhook(r.url, ['points'])
    await accrue('POS-1')
    const summary = await h.deliver()
    expect(summary).toMatchObject({ events: 1, created: 1, attempts: 1, delivered: 1, retrying: 0, failed: 0 })
    expect(r.received).toHaveLength(1)
    const [req] = r.received
    const id = `points:earn:S1:POS-1@${hook.id}`
    expect(req.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-huika-delivery': id, 'x-huika-event': 'points.earned', 'x-huika-timestamp': String(h.clock.now().getTime() / 1000) })
    expect(check(req, hook.secret)).toEqual({ ok: true })
    expect(check(req, 'whsec_someone-else')).toEqual({ ok: false, reason: 'mismatch' })
    expect(JSON.parse(req.body)).toEqual({
      id,
      event: {
        id: 'points:earn:S1:POS-1',
        type: 'points.earned',
        occurredAt: h.clock.now().toISOString(),
        data: expect.objectContaining({ memberId: h.memberId(ALICE), memberNo: expect.stringMatching(/^\d{10}$/), points: 100, entryId: 'earn:S1:POS-1' }),
      },
    })
    expect(req.body).not.toContain('13812345678')
    expect(h.events()).toEqual([expect.objectContaining({ status: 'dispatched', deliveries: 1 })])
    expect(delivery()).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null, dueAt: null })

    // A rerun, at once or later, sends nothing more.
    expect(await h.deliver()).toMatchObject({ events: 0, created: 0, attempts: 0 })
    h.advance(DAY)
    expect(await h.deliver()).toMatchObject({ attempts: 0 })
    expect(r.received).toHaveLength(1)
  })

  test('each subscribing webhook gets its own delivery; types it does not follow are not sent', async () => {
    const r = await listen()
    const all = await h.webhook(r.url, ['points'])
    const some = await h.webhook(r.url, ['points.spent', 'coupon'])
    await accrue('POS-1')
    expect(await h.deliver()).toMatchObject({ events: 1, created: 1, delivered: 1 })
    expect(r.received.map((x) => x.headers['x-huika-delivery'])).toEqual([`points:earn:S1:POS-1@${all.id}`])
    expect(h.deliveries().filter((d) => d.webhookId === some.id)).toEqual([])
  })

  test('a receiver that fails twice gets the same delivery three times, 1 and 5 minutes apart on the clock', async () => {
    const r = await listen((n) => (n <= 2 ? 500 : 200))
    const hook = await h.webhook(r.url, ['points'])
    await accrue('POS-1')
    const t0 = h.clock.now().getTime()

    expect(await h.deliver()).toMatchObject({ attempts: 1, retrying: 1 })
    expect(delivery()).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500', lastResponse: 'receiver says no (500)' })
    expect(new Date(delivery().dueAt!).getTime()).toBe(t0 + 1 * MIN)
    // Not due yet: nothing is sent.
    h.advance(MIN - 1000)
    expect(await h.deliver()).toMatchObject({ attempts: 0 })

    untilDue()
    expect(await h.deliver()).toMatchObject({ attempts: 1, retrying: 1 })
    expect(new Date(delivery().dueAt!).getTime()).toBe(t0 + 1 * MIN + 5 * MIN)

    untilDue()
    expect(await h.deliver()).toMatchObject({ attempts: 1, delivered: 1 })
    expect(delivery()).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null })

    expect(r.received.map((x) => x.headers['x-huika-delivery'])).toEqual(Array(3).fill(`points:earn:S1:POS-1@${hook.id}`))
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1)
    const stamps = r.received.map((x) => Number(x.headers['x-huika-timestamp']))
    expect([stamps[1] - stamps[0], stamps[2] - stamps[1]]).toEqual([60, 300])
    // Each attempt is signed for its own time.
    for (const x of r.received)
      expect(verify({ secret: hook.secret, body: x.body, timestamp: x.headers['x-huika-timestamp'] as string, signature: x.headers['x-huika-signature'] as string, nowSeconds: Number(x.headers['x-huika-timestamp']) })).toEqual({ ok: true })
  })

  test(`gives up after ${MAX_ATTEMPTS} attempts; an operator's redeliver starts a fresh round under the same id`, async () => {
    let up = false
    const r = await listen(() => (up ? 200 : 503))
    await h.webhook(r.url, ['points'])
    await accrue('POS-1')
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const s = await h.deliver()
      expect(s).toMatchObject({ attempts: 1, ...(i < MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 }) })
      if (i < MAX_ATTEMPTS) untilDue()
    }
    expect(delivery()).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, dueAt: null, lastStatus: 503 })
    h.advance(7 * DAY)
    expect(await h.deliver()).toMatchObject({ attempts: 0 })
    expect(r.received).toHaveLength(MAX_ATTEMPTS)

    up = true
    expect(await h.admin({ action: 'redeliver', deliveryId: delivery()._id })).toMatchObject({ ok: true, data: { delivery: { status: 'pending', attempts: 0 } } })
    expect(await h.deliver()).toMatchObject({ attempts: 1, delivered: 1 })
    expect(new Set(r.received.map((x) => x.headers['x-huika-delivery'])).size).toBe(1)
  })

  test('no answer in time, or no one listening, is a failed attempt retried later', async () => {
    // A receiver that takes the request and never answers.
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const slow = await h.webhook(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, ['points'])
      await h.testWebhook(slow.id)
      expect(await h.deliver({ timeoutMs: 200 })).toMatchObject({ attempts: 1, retrying: 1 })
      expect(delivery()).toMatchObject({ status: 'pending', lastStatus: null, lastError: '超时：0.2 秒内没有应答' })
    } finally {
      silent.closeAllConnections()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  test('a refused connection is recorded as such', async () => {
    const r = await listen()
    const url = r.url
    await r.close()
    receiver = null
    const gone = await h.webhook(url, ['points'])
    await h.testWebhook(gone.id)
    expect(await h.deliver()).toMatchObject({ attempts: 1, retrying: 1 })
    expect(delivery()).toMatchObject({ status: 'pending', lastStatus: null, lastError: '连接被拒绝（ECONNREFUSED）' })
  })

  test('two runs racing post each delivery once', async () => {
    const r = await listen()
    const a = await h.webhook(r.url, ['points'])
    const b = await h.webhook(r.url, ['points'])
    for (let i = 1; i <= 6; i++) await accrue(`POS-${i}`)
    const [x, y] = await Promise.all([h.deliver(), h.deliver()])
    expect(x.created + y.created).toBe(12)
    expect(x.delivered + y.delivered).toBe(12)
    const ids = r.received.map((q) => q.headers['x-huika-delivery'])
    expect(ids).toHaveLength(12)
    expect(new Set(ids).size).toBe(12)
    expect(h.deliveries().every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true)
    expect(ids.filter((id) => String(id).endsWith(`@${a.id}`))).toHaveLength(6)
    expect(ids.filter((id) => String(id).endsWith(`@${b.id}`))).toHaveLength(6)
  })

  test('a claim whose run died is taken over once its lease ends, as another attempt', async () => {
    const r = await listen()
    await h.webhook(r.url, ['points'])
    await accrue('POS-1')
    const now = h.clock.now()
    // A run fanned out (no sender: concurrency 0), claimed the delivery and died before sending.
    await h.deliver({ concurrency: 0 })
    const id = delivery()._id
    await h.deps.db.collection('webhook_deliveries').doc(id).update({ status: 'sending', attempts: 1, dueAt: new Date(now.getTime() + LEASE_MS), lastAttemptAt: now })
    h.advance(LEASE_MS - 1000)
    expect(await h.deliver()).toMatchObject({ attempts: 0 })
    h.advance(1000)
    expect(await h.deliver()).toMatchObject({ attempts: 1, delivered: 1 })
    expect(delivery()).toMatchObject({ status: 'delivered', attempts: 2 })
    expect(r.received).toHaveLength(1)
  })

  test('a paused webhook\'s pending deliveries fail; test pings still go', async () => {
    const r = await listen()
    const hook = await h.webhook(r.url, ['points'])
    await accrue('POS-1')
    await h.deliver({ concurrency: 0 }) // fanned out, nothing sent
    await h.admin({ action: 'saveWebhook', id: hook.id, url: r.url, events: ['points'], active: false })
    await h.testWebhook(hook.id)
    expect(await h.deliver()).toMatchObject({ attempts: 1, delivered: 1, failed: 1 })
    expect(h.deliveries().map((d) => [d.event.type, d.status, d.lastError])).toEqual(
      expect.arrayContaining([
        ['points.earned', 'failed', 'Webhook 已停用'],
        ['ping', 'delivered', null],
      ]),
    )
  })

  test('the scheduled job jitters retries by under 20%, and removes records after the retention days', async () => {
    const r = await listen(() => 500)
    await h.webhook(r.url, ['points'])
    await accrue('POS-1')
    const t0 = h.clock.now().getTime()
    await webhookDeliver.run(h.deps, h.clock.now())
    const due = new Date(delivery().dueAt!).getTime() - t0
    expect(due).toBeGreaterThanOrEqual(MIN)
    expect(due).toBeLessThan(1.2 * MIN + 1)

    h.advance((RETENTION_DAYS - 1) * DAY)
    expect(await webhookDeliver.run(h.deps, h.clock.now())).toMatchObject({ pruned: 0 })
    h.advance(DAY)
    expect(await webhookDeliver.run(h.deps, h.clock.now())).toMatchObject({ pruned: 2 })
    expect(h.deliveries()).toEqual([])
    expect(h.events()).toEqual([])
  })
})
