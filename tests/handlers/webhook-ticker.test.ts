import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createOnce, newDelivery } from '../../cloudfunctions/_lib/webhook-deliver'
import { WEBHOOKS } from '../../cloudfunctions/_lib/webhooks'
import { openLocalRuntime, type LocalRuntime } from '../../scripts/server/runtime'
import { tickWebhooks } from '../../scripts/server/webhook-ticker'
import { openReceiver } from './webhook-receiver'

jest.setTimeout(30_000)

describe('local mode runs webhook-deliver by itself (what `npm start` turns on)', () => {
  let dir: string
  let rt: LocalRuntime
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'huika-ticker-'))
    rt = openLocalRuntime({ dataDir: dir, mode: 'local', log: { error: () => undefined } })
  })
  afterEach(() => {
    rt.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('a due delivery reaches its receiver without anyone running the job; stop waits for a run in progress', async () => {
    const receiver = await openReceiver()
    const now = rt.clock.now()
    await rt.deps.db.collection(WEBHOOKS).doc('wh_local').set({ url: receiver.url, events: ['points'], active: true, description: '', secret: 'whsec_local', createdAt: now, updatedAt: now })
    await createOnce(rt.deps.db, newDelivery({ id: 'ping:local', type: 'ping', occurredAt: now.toISOString(), data: {} }, 'wh_local', now))
    const ticker = tickWebhooks(rt, 50)
    try {
      for (let i = 0; i < 200 && receiver.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
      expect(receiver.received.map((r) => r.headers['x-huika-delivery'])).toEqual(['ping:local@wh_local'])
    } finally {
      await ticker.stop()
      await receiver.close()
    }
    expect(rt.store.rawGet('webhook_deliveries', 'ping:local@wh_local')).toMatchObject({ status: 'delivered' })
  })
})
