import type { ReportName } from '../../shared/admin/schemas'
import type { CouponRecord } from '../../shared/coupon/coupon'
import { shanghaiDay } from '../../shared/day'
import { madeAt } from '../../shared/finance/attribution'
import { costShare } from '../../shared/finance/cost'
import { couponRates } from '../../shared/finance/coupon-rates'
import { reportCsv } from '../../shared/finance/csv-layouts'
import { FinanceConfig, liabilityOf, type PointValue } from '../../shared/finance/liability'
import type { Period } from '../../shared/finance/period'
import { pointsFlow } from '../../shared/finance/points-flow'
import { redemptionRates } from '../../shared/finance/redemption'
import { PER_STORE, ReportError, reportFilename } from '../../shared/finance/reports'
import { settlement } from '../../shared/finance/settlement'
import { tierReport } from '../../shared/finance/tiers'
import type { MallOrderRecord } from '../../shared/mall/order'
import type { Account } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { MemberTier } from '../../shared/tier/member-tier'
import { COUPON_TEMPLATES, COUPONS } from './coupons'
import type { Database, Deps } from './deps'
import { ACCOUNTS } from './ledger'
import { forEachCostRecord, forEachReportEntry } from './closed-months'
import { MALL_ORDERS } from './mall'
import { MEMBERS } from './members'
import { storedSettings } from './settings'
import { allStores } from './operators'
import { forEachById } from './paging'
import { loadTierConfig, MEMBER_TIERS } from './tiers'

/**
 * The finance reports, shared by the console (`admin.report`) and the CLI (`report <name>`). Each
 * pages through its collections by `_id` and feeds a pure accumulator (shared/finance/): memory grows
 * with months, stores and templates, never with documents.
 */
const PAGE = 1000

/** `config/finance` completed with defaults; a malformed document is an error, not a silent default. */
async function pointValueOf(db: Database): Promise<PointValue> {
  const parsed = FinanceConfig.safeParse((await storedSettings(db, 'finance')) ?? {})
  if (!parsed.success) throw new ReportError(`config/finance is invalid: ${parsed.error.issues[0]?.message}`)
  return parsed.data.pointValue
}

const each = <T extends { _id: string }>(db: Database, collection: string, visit: (doc: T) => void, filter: object = {}) =>
  forEachById<T>(db, collection, filter, PAGE, async (doc) => visit(doc))

async function compute(deps: Deps, name: ReportName, period: Period, stores: ReadonlySet<string> | null, mallId: string | undefined): Promise<unknown> {
  const { db } = deps
  const now = deps.now()
  const today = shanghaiDay(now)
  const inScope = (e: Pick<LedgerEntry, 'source'>) => !stores || stores.has(madeAt(e))
  switch (name) {
    case 'liability': {
      const sum = liabilityOf(today, await pointValueOf(db))
      await each<Account>(db, ACCOUNTS, (a) => sum.add(a))
      return sum.result(now.toISOString())
    }
    case 'points': {
      const flow = pointsFlow()
      await forEachReportEntry(db, now, (e) => inScope(e) && flow.add(e))
      return { ...flow.result(period), asOf: now.toISOString() }
    }
    case 'redemption': {
      const rates = redemptionRates()
      await forEachReportEntry(db, now, (e) => inScope(e) && rates.add(e))
      return { ...rates.result(period), asOf: now.toISOString() }
    }
    case 'cost': {
      const value = await pointValueOf(db)
      const cost = costShare(stores)
      await forEachReportEntry(db, now, (e) => cost.addEntry(e))
      await forEachCostRecord(db, now, cost)
      return { ...cost.result(value, period), asOf: now.toISOString() }
    }
    case 'coupons': {
      const rates = couponRates(today, period)
      await each<{ _id: string; title: string; kind: CouponRecord['kind'] }>(db, COUPON_TEMPLATES, (t) => rates.template({ id: t._id, title: t.title, kind: t.kind }))
      await each<CouponRecord>(db, COUPONS, (c) => rates.add(c))
      return rates.result(now.toISOString())
    }
    case 'tiers': {
      const tiers = tierReport(await loadTierConfig(db), today)
      await each<MemberTier>(db, MEMBER_TIERS, (t) => tiers.add(t))
      const members = (await db.collection(MEMBERS).count()).total
      return tiers.result(now.toISOString(), members, period)
    }
    case 'settlement': {
      const value = await pointValueOf(db)
      const all = (await allStores(db)).map((s) => ({ id: s._id, name: s.name, mallId: s.mallId ?? null }))
      const sum = settlement(all, { mallId, stores })
      await forEachReportEntry(db, now, (e) => sum.addEntry(e))
      await each<MallOrderRecord>(db, MALL_ORDERS, (o) => sum.addMallOrder(o), { status: 'completed' })
      return { ...sum.result(value, period), asOf: now.toISOString() }
    }
  }
}

/**
 * Runs report `input.name` over `input.from`…`input.to` (months, inclusive). `scope.storeIds` null is
 * every store, else only those stores' figures (a manager's); `input.storeId` narrows it to one of
 * them. A programme-wide report (PER_STORE false) cannot be narrowed: ReportError.
 */
export async function runReport(
  deps: Deps,
  input: { name: ReportName; from?: string; to?: string; storeId?: string; mallId?: string; format: 'json' | 'csv' },
  scope: { storeIds: string[] | null },
): Promise<{ name: ReportName; data: unknown; csv: string | null; filename: string }> {
  let storeIds = scope.storeIds
  if (input.storeId) {
    if (storeIds && !storeIds.includes(input.storeId)) throw new ReportError(`store ${input.storeId} is not in the report's scope`)
    storeIds = [input.storeId]
  }
  if (storeIds && !PER_STORE[input.name]) throw new ReportError(`report ${input.name} covers every store; it cannot be run for some`)
  if (input.from && input.to && input.from > input.to) throw new ReportError('from is after to')
  const period: Period = { from: input.from, to: input.to }
  const mallId = input.name === 'settlement' ? input.mallId : undefined
  const data = await compute(deps, input.name, period, storeIds ? new Set(storeIds) : null, mallId)
  return {
    name: input.name,
    data,
    csv: input.format === 'csv' ? reportCsv(input.name, data) : null,
    filename: reportFilename({ name: input.name, day: shanghaiDay(deps.now()), format: input.format, from: input.from, to: input.to, storeIds, mallId }),
  }
}
