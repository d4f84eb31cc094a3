import { definition as adminDefinition } from '../../cloudfunctions/admin'
import { deliverWebhooks, type DeliverOptions } from '../../cloudfunctions/_lib/webhook-deliver'
import type { DeliveryRecord } from '../../cloudfunctions/_lib/webhooks'
import type { EventRecord } from '../../cloudfunctions/_lib/events'
import { SaveWebhookResult } from '../../shared/webhooks/schemas'
import type { Envelope } from './harness'
import { openMall } from './mall-fixtures'

export { openReceiver, type Received } from './webhook-receiver'

export const ADMIN = 'openid-boss'
export const MANAGER = 'openid-manager'

/**
 * The mall harness (staff, member, coupon and mall functions on one store and clock) with the
 * console's function beside it, an admin and a manager, and the delivery job at the harness clock.
 */
export async function openWebhooks() {
  const h = openMall()
  const admin = adminDefinition.build(h.deps)
  await h.addStore('S1', null)
  await h.staff(ADMIN, 'S1', 'admin')
  await h.staff(MANAGER, 'S1', 'manager')
  const asAdmin = (event: object, openid = ADMIN) => admin(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  return {
    ...h,
    admin: asAdmin,
    /** Creates a webhook as the admin and answers it with its secret. */
    async webhook(url: string, events: string[], extra: object = {}) {
      const res = await asAdmin({ action: 'saveWebhook', url, events, ...extra })
      if (!res.ok) throw new Error(`saveWebhook: ${res.error.code}`)
      const saved = SaveWebhookResult.parse(res.data)
      return { id: saved.webhook.id, secret: saved.secret! }
    },
    testWebhook: (id: string) => asAdmin({ action: 'testWebhook', id }),
    /** One run of the delivery job at the harness clock (no jitter unless a test brings its own). */
    deliver: (opts: DeliverOptions = {}) => deliverWebhooks(h.deps, h.clock.now(), { random: () => 0, ...opts }),
    events: () => h.store.rawFind('webhook_events') as unknown as EventRecord[],
    deliveries: () => h.store.rawFind('webhook_deliveries') as unknown as DeliveryRecord[],
  }
}

export type WebhookHarness = Awaited<ReturnType<typeof openWebhooks>>
