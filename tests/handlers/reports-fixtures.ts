import { definition as adminDefinition } from '../../cloudfunctions/admin'
import { saveStore } from '../../cloudfunctions/_lib/staff-records'
import type { Envelope } from './harness'
import { openMall } from './mall-fixtures'

/** The mall, till and coupon functions with the console's `admin` beside them, on one store and clock. */
export function openReports() {
  const h = openMall()
  const admin = adminDefinition.build(h.deps)
  return {
    ...h,
    /** Calls the admin function as `openid`. */
    admin: (openid: string, event: object) => admin(event, { identity: { openid, unionid: null } }) as Promise<Envelope>,
    async shop(id: string, mallId: string | null) {
      const now = h.clock.now()
      await saveStore(h.deps.db, { _id: id, name: `门店 ${id}`, hours: null, mallId, createdAt: now, updatedAt: now })
    },
    /** A credit at the till with a fresh member code, as a clerk scans it. */
    async accrue(clerk: string, member: string, orderId: string, amountFen: number) {
      h.nextCode()
      const res = await h.call(clerk, { action: 'accrue', memberCode: await h.code(member), orderId, amountFen })
      if (!res.ok) throw new Error(`accrue ${orderId}: ${res.error.code}`)
      return res.data
    },
    async refund(clerk: string, orderId: string, amountFen: number) {
      const res = await h.call(clerk, { action: 'refund', orderId, amountFen })
      if (!res.ok) throw new Error(`refund ${orderId}: ${res.error.code}`)
      return res.data
    },
    async claim(member: string, templateId: string): Promise<string> {
      const res = await h.coupon(member, { action: 'claim', templateId })
      if (!res.ok) throw new Error(`claim ${templateId}: ${res.error.code}`)
      return res.data.coupon.code
    },
    async order(member: string, itemId: string): Promise<string> {
      const res = await h.redeem(member, itemId)
      if (!res.ok) throw new Error(`redeem ${itemId}: ${res.error.code}`)
      return res.data.order.code
    },
    async ok(res: Promise<Envelope>) {
      const r = await res
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
      return r.data
    },
  }
}

export type ReportsHarness = ReturnType<typeof openReports>
