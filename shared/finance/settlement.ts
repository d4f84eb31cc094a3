import type { MallOrderRecord } from '../mall/order'
import type { LedgerEntry } from '../points/ledger-entry'
import { issueStoreOf, madeAt } from './attribution'
import { fenOf } from './fen'
import type { PointValue } from './liability'
import { inPeriod, monthOf, sortedKeys, type Period } from './period'

/** A store as the settlement needs it: a tenant when `mallId` is set. */
export interface TenantStore {
  id: string
  name: string
  mallId: string | null
}

interface Counts {
  /** Points issued at the tenant's till, net of the reversals of those earnings. */
  funded: number
  /** Points redeemed at the tenant, net of give-backs. */
  owed: number
}

export interface SettlementFigures {
  fundedPoints: number
  /** fundedPoints in fen at the point value: what the tenant pays the mall operator for points issued. */
  fundedFen: number
  owedPoints: number
  /** owedPoints in fen: what the operator pays the tenant for points its customers redeemed there. */
  owedFen: number
  /** owedFen − fundedFen: positive, the operator pays the tenant; negative, the tenant pays. */
  netFen: number
}

export interface SettlementReport {
  pointValue: PointValue
  period: Period
  malls: Array<{
    mallId: string
    tenants: Array<{ storeId: string; name: string; months: Array<{ month: string } & SettlementFigures>; total: SettlementFigures }>
    total: SettlementFigures
  }>
  /**
   * Every point of the period, tenants' or not (null for a report limited to some stores):
   * fundedPoints + issuedElsewherePoints = the points report's issued − reversed, and
   * owedPoints + redeemedElsewherePoints = its redeemed, for the same months.
   */
  reconciliation: { fundedPoints: number; issuedElsewherePoints: number; owedPoints: number; redeemedElsewherePoints: number } | null
}

const figures = (c: Counts, value: PointValue): SettlementFigures => {
  const fundedFen = fenOf(c.funded, value)
  const owedFen = fenOf(c.owed, value)
  return { fundedPoints: c.funded, fundedFen, owedPoints: c.owed, owedFen, netFen: owedFen - fundedFen }
}

const add = (a: Counts, b: Counts) => {
  a.funded += b.funded
  a.owed += b.owed
}

/**
 * The settlement between mall operators and their tenant stores, fed from the ledger and the mall
 * orders, per tenant and Asia/Shanghai month.
 * - funded: `earn` entries made at the tenant's till, less the reversals voiding them (issueStoreOf).
 * - owed: `spend` entries made at the tenant less give-backs made there, plus the points of mall
 *   orders the tenant handed over (status completed, fulfilledStoreId = tenant), in the month the
 *   order was placed (its spend's month). A handed-over order is never given back, so its points are
 *   exactly its spend's. Those spends are made online (storeId null), so they move from elsewhere to
 *   the tenant: nothing counts twice.
 * `mallId` limits it to one mall; `stores` to some stores (a manager's), null for all.
 */
export function settlement(stores: TenantStore[], opts: { mallId?: string; stores: ReadonlySet<string> | null }) {
  const tenants = new Map(
    stores
      .filter((s) => s.mallId !== null && (!opts.mallId || s.mallId === opts.mallId) && (!opts.stores || opts.stores.has(s.id)))
      .map((s) => [s.id, s]),
  )
  const counts = new Map<string, Map<string, Counts>>()
  const elsewhere = new Map<string, Counts>()
  const cell = (store: string, month: string): Counts => {
    let months = elsewhere
    if (tenants.has(store)) {
      months = counts.get(store) ?? new Map()
      counts.set(store, months)
    }
    let c = months.get(month)
    if (!c) months.set(month, (c = { funded: 0, owed: 0 }))
    return c
  }
  return {
    addEntry(e: Pick<LedgerEntry, 'kind' | 'points' | 'source' | 'voids' | 'createdAt'>) {
      const issueStore = issueStoreOf(e)
      if (issueStore !== null) cell(issueStore, monthOf(e.createdAt)).funded += e.points
      else if (e.kind === 'spend' || e.kind === 'reverse') cell(madeAt(e), monthOf(e.createdAt)).owed -= e.points
    },
    addMallOrder(o: Pick<MallOrderRecord, 'status' | 'fulfilledStoreId' | 'spendEntryId' | 'points' | 'createdAt'>) {
      if (o.status !== 'completed' || !o.fulfilledStoreId || !o.spendEntryId || !tenants.has(o.fulfilledStoreId)) return
      const month = monthOf(o.createdAt)
      cell(o.fulfilledStoreId, month).owed += o.points
      cell('', month).owed -= o.points // '' is never a tenant: the elsewhere column
    },
    result(value: PointValue, period: Period = {}): SettlementReport {
      const byMall = new Map<string, SettlementReport['malls'][number]>()
      const mallTotals = new Map<string, Counts>()
      const all: Counts = { funded: 0, owed: 0 }
      for (const storeId of sortedKeys(tenants)) {
        const store = tenants.get(storeId)!
        const months = counts.get(storeId) ?? new Map<string, Counts>()
        const total: Counts = { funded: 0, owed: 0 }
        const rows = sortedKeys(months)
          .filter((m) => inPeriod(m, period))
          .map((month) => {
            add(total, months.get(month)!)
            return { month, ...figures(months.get(month)!, value) }
          })
        add(all, total)
        const mallId = store.mallId!
        const mall = byMall.get(mallId) ?? { mallId, tenants: [], total: figures({ funded: 0, owed: 0 }, value) }
        byMall.set(mallId, mall)
        const mallTotal = mallTotals.get(mallId) ?? { funded: 0, owed: 0 }
        mallTotals.set(mallId, mallTotal)
        add(mallTotal, total)
        mall.tenants.push({ storeId, name: store.name, months: rows, total: figures(total, value) })
      }
      for (const [mallId, mall] of byMall) mall.total = figures(mallTotals.get(mallId)!, value)
      const rest: Counts = { funded: 0, owed: 0 }
      for (const [month, c] of elsewhere) if (inPeriod(month, period)) add(rest, c)
      return {
        pointValue: value,
        period,
        malls: sortedKeys(byMall).map((id) => byMall.get(id)!),
        reconciliation: opts.stores ? null : { fundedPoints: all.funded, issuedElsewherePoints: rest.funded, owedPoints: all.owed, redeemedElsewherePoints: rest.owed },
      }
    },
  }
}
