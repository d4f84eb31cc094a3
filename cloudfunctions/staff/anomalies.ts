import { addDays, shanghaiDay } from '../../shared/day'
import { ok } from '../../shared/errors'
import { findAnomalies, type TillCredit } from '../../shared/staff/anomalies'
import type { OrderRecord } from '../../shared/staff/order-record'
import type { StoreHours, StoreRecord } from '../../shared/staff/staff-record'
import type { Database } from '../_lib/deps'
import type { Handler } from '../_lib/router'
import { authorizeStaff, storeScope } from '../_lib/staff-auth'
import { ORDERS, STORES } from '../_lib/staff-records'

/** At most this many credits are examined per call (newest first): a store's busiest month fits. */
const MAX_CREDITS = 20_000
const PAGE = 1000

async function creditsSince(db: Database, storeId: string | null, from: Date): Promise<TillCredit[]> {
  const _ = db.command
  const filter = storeId === null ? { createdAt: _.gte(from) } : { storeId, createdAt: _.gte(from) }
  const credits: TillCredit[] = []
  while (credits.length < MAX_CREDITS) {
    const res = await db.collection(ORDERS).where(filter).orderBy('createdAt', 'desc').skip(credits.length).limit(PAGE).get()
    const page = res.data as OrderRecord[]
    for (const o of page)
      credits.push({ storeId: o.storeId, orderId: o.orderId, staffOpenid: o.staffOpenid, memberId: o.memberId, amountFen: o.amountFen, createdAt: new Date(o.createdAt) })
    if (page.length < PAGE) break
  }
  return credits
}

async function hoursOf(db: Database, storeIds: string[]): Promise<Map<string, StoreHours | null>> {
  const hours = new Map<string, StoreHours | null>()
  if (storeIds.length === 0) return hours
  const res = await db.collection(STORES).where({ _id: db.command.in(storeIds) }).limit(1000).get()
  for (const s of res.data as StoreRecord[]) hours.set(s._id, s.hours)
  return hours
}

/**
 * staff.anomalies: for managers (their store) and admins (one store, or all): bursts, credits outside
 * opening hours and member concentration over the last `days` Asia/Shanghai days, from the orders.
 */
export const anomalies: Handler<'staff', 'anomalies'> = async (input, ctx) => {
  const { deps, now } = ctx
  const auth = await authorizeStaff(ctx, 'manager')
  if (!auth.ok) return auth
  const scope = storeScope(auth.data, input.storeId)
  if (!scope.ok) return scope
  const from = new Date(`${addDays(shanghaiDay(now), 1 - input.days)}T00:00:00+08:00`)
  const credits = await creditsSince(deps.db, scope.data, from)
  const hours = await hoursOf(deps.db, [...new Set(credits.map((c) => c.storeId))])
  return ok({ from: from.toISOString(), to: now.toISOString(), anomalies: findAnomalies(credits, hours) })
}
