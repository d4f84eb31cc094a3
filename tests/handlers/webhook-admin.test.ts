import { RedeliverResult, RotateWebhookSecretResult, TestWebhookResult, WebhookDeliveriesResult, WebhooksResult } from '../../shared/webhooks/schemas'
import { MANAGER, openReceiver, openWebhooks, type WebhookHarness } from './webhook-fixtures'

let h: WebhookHarness
beforeEach(async () => {
  h = await openWebhooks()
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

const list = async () => WebhooksResult.parse((await h.admin({ action: 'webhooks' }) as { data: unknown }).data).webhooks
const changes = async () => {
  const res = await h.admin({ action: 'changes', kind: 'webhook' })
  if (!res.ok) throw new Error(res.error.code)
  return res.data.changes as Array<{ action: string; targetId: string; before: unknown; after: unknown }>
}

describe('admin webhooks', () => {
  test('create answers the secret once; the list masks it; edits keep it; nothing recorded holds it', async () => {
    const created = await h.admin({ action: 'saveWebhook', url: 'https://crm.example.com/huika', events: ['points', 'coupon.used'], description: 'CRM' })
    expect(created).toMatchObject({ ok: true, data: { created: true, webhook: { url: 'https://crm.example.com/huika', events: ['points', 'coupon.used'], active: true, description: 'CRM' } } })
    const { id, secretHint } = (created as { data: { webhook: { id: string; secretHint: string } } }).data.webhook
    const secret = (created as { data: { secret: string } }).data.secret
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(secretHint).toBe(`whsec_…${secret.slice(-4)}`)

    const edited = await h.admin({ action: 'saveWebhook', id, url: 'https://crm.example.com/v2', events: ['order'], active: false })
    expect(edited).toMatchObject({ ok: true, data: { created: false, secret: null, webhook: { id, url: 'https://crm.example.com/v2', events: ['order'], active: false, secretHint } } })
    expect(h.store.rawGet('webhooks', id)).toMatchObject({ secret })

    expect(await list()).toEqual([expect.objectContaining({ id, url: 'https://crm.example.com/v2', secretHint })])
    const recorded = await changes()
    expect(recorded.map((c) => c.action)).toEqual(['save', 'save'])
    expect(recorded[0]).toMatchObject({ targetId: id, before: { url: 'https://crm.example.com/huika' }, after: { url: 'https://crm.example.com/v2', active: false } })
    expect(JSON.stringify(await list())).not.toContain(secret)
    // The change record keeps not even the hint.
    for (const text of [JSON.stringify(recorded), JSON.stringify(h.store.rawFind('operator_changes'))]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain('whsec_')
    }
  })

  test('rotating answers a new secret that replaces the old; the record says when, not what', async () => {
    const { id, secret } = await h.webhook('https://crm.example.com/huika', ['tier'])
    const rotated = RotateWebhookSecretResult.parse((await h.admin({ action: 'rotateWebhookSecret', id }) as { data: unknown }).data)
    expect(rotated.secret).not.toBe(secret)
    expect(h.store.rawGet('webhooks', id)).toMatchObject({ secret: rotated.secret })
    const recorded = JSON.stringify(await changes())
    expect(recorded).toContain('rotateSecret')
    expect(recorded).not.toContain(rotated.secret)
    expect(recorded).not.toContain(secret)
  })

  test('addresses must be http(s) without credentials; unknown events and ids are refused', async () => {
    for (const url of ['ftp://crm.example.com/x', 'not a url', 'https://u:p@crm.example.com/x'])
      expect(await h.admin({ action: 'saveWebhook', url, events: ['points'] })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_URL_INVALID', field: 'url' } })
    expect(await h.admin({ action: 'saveWebhook', url: 'https://x.test/h', events: ['points.gifted'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await h.admin({ action: 'saveWebhook', id: 'wh_nope', url: 'https://x.test/h', events: ['points'] })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_NOT_FOUND' } })
    for (const action of ['rotateWebhookSecret', 'deleteWebhook', 'testWebhook'])
      expect(await h.admin({ action, id: 'wh_nope' })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_NOT_FOUND' } })
    expect(await h.admin({ action: 'redeliver', deliveryId: 'nope' })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_DELIVERY_NOT_FOUND' } })
    expect(h.store.rawFind('webhooks')).toEqual([])
  })

  test('a manager may not see or change webhooks; a clerk is no operator', async () => {
    const { id } = await h.webhook('https://crm.example.com/huika', ['points'])
    await h.staff('openid-clerk', 'S1', 'clerk')
    const calls = [
      { action: 'webhooks' },
      { action: 'saveWebhook', url: 'https://x.test/h', events: ['points'] },
      { action: 'rotateWebhookSecret', id },
      { action: 'deleteWebhook', id },
      { action: 'webhookDeliveries' },
      { action: 'testWebhook', id },
      { action: 'redeliver', deliveryId: 'x' },
    ]
    for (const call of calls) {
      expect(await h.admin(call, MANAGER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只有管理员可以管理 Webhook' } })
      expect(await h.admin(call, 'openid-clerk')).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    }
    expect(await list()).toHaveLength(1)
  })

  test('delete removes it and is recorded; its unsent deliveries fail at their next attempt', async () => {
    const { id } = await h.webhook('https://crm.example.com/huika', ['points'])
    await h.admin({ action: 'testWebhook', id })
    expect(await h.admin({ action: 'deleteWebhook', id })).toEqual({ ok: true, data: { done: true } })
    expect(await list()).toEqual([])
    expect((await changes())[0]).toMatchObject({ action: 'delete', targetId: id, after: null })
    expect(await h.deliver()).toMatchObject({ attempts: 0, failed: 1 })
    expect(h.deliveries()).toEqual([expect.objectContaining({ status: 'failed', lastError: 'Webhook 已删除' })])
    expect(await h.admin({ action: 'redeliver', deliveryId: h.deliveries()[0]._id })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_NOT_FOUND' } })
  })

  test('test sends a signed ping; deliveries list newest first, by webhook and status; redeliver sends again under the same id', async () => {
    const receiver = await openReceiver()
    try {
      const a = await h.webhook(receiver.url, ['points'])
      const b = await h.webhook(receiver.url, ['order'], { active: false })
      const ping = TestWebhookResult.parse((await h.admin({ action: 'testWebhook', id: a.id }) as { data: unknown }).data).delivery
      expect(ping).toMatchObject({ webhookId: a.id, type: 'ping', status: 'pending', attempts: 0, nextAttemptAt: '2027-01-31T02:00:00.000Z' })
      h.advance(1000)
      // A paused webhook can still be tested.
      await h.admin({ action: 'testWebhook', id: b.id })
      expect(await h.deliver()).toMatchObject({ attempts: 2, delivered: 2 })
      expect(receiver.received.map((r) => r.headers['x-huika-event'])).toEqual(['ping', 'ping'])

      const page = async (input: object) => WebhookDeliveriesResult.parse((await h.admin({ action: 'webhookDeliveries', ...input }) as { data: unknown }).data)
      const all = await page({})
      expect(all.deliveries.map((d) => d.webhookId)).toEqual([b.id, a.id])
      expect(all.deliveries[1]).toMatchObject({ id: ping.id, status: 'delivered', attempts: 1, lastStatus: 200, lastResponse: 'ok', nextAttemptAt: null })
      expect((await page({ webhookId: a.id })).deliveries.map((d) => d.id)).toEqual([ping.id])
      expect((await page({ status: 'failed' })).deliveries).toEqual([])

      const again = RedeliverResult.parse((await h.admin({ action: 'redeliver', deliveryId: ping.id }) as { data: unknown }).data).delivery
      expect(again).toMatchObject({ id: ping.id, status: 'pending', attempts: 0 })
      expect(await h.deliver()).toMatchObject({ attempts: 1, delivered: 1 })
      expect(receiver.received.filter((r) => r.headers['x-huika-delivery'] === ping.id)).toHaveLength(2)
      expect((await changes()).map((c) => c.action)).toContain('redeliver')
    } finally {
      await receiver.close()
    }
  })

  test('the deliveries list pages by its cursor', async () => {
    const { id } = await h.webhook('http://127.0.0.1:9/none', ['points'])
    for (let i = 0; i < 53; i++) {
      await h.admin({ action: 'testWebhook', id })
      h.advance(1000)
    }
    const first = WebhookDeliveriesResult.parse((await h.admin({ action: 'webhookDeliveries' }) as { data: unknown }).data)
    expect(first.deliveries).toHaveLength(50)
    const second = WebhookDeliveriesResult.parse((await h.admin({ action: 'webhookDeliveries', cursor: first.nextCursor }) as { data: unknown }).data)
    expect(second).toMatchObject({ nextCursor: null })
    const rows = [...first.deliveries, ...second.deliveries]
    expect(new Set(rows.map((d) => d.id)).size).toBe(53)
    const times = rows.map((d) => d.createdAt)
    expect(times).toEqual([...times].sort().reverse())
  })
})
