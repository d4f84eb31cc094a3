import { shanghaiDay } from '../day'
import type { AnomalyView } from './schemas'
import type { StoreHours } from './staff-record'

/**
 * Anomalies at the till, computed from the credits (orders) of a period: pure functions over what the
 * handler read, so the rules are tested without a store. Each finding is for a manager to look at,
 * not a verdict.
 */

/** One credit asked for at a till (whatever became of it: credited, waiting or rejected). */
export interface TillCredit {
  storeId: string
  orderId: string
  staffOpenid: string
  memberId: string
  amountFen: number
  createdAt: Date
}

export interface AnomalyRules {
  /** A burst: at least `burstCount` credits by one clerk within `burstMinutes`. */
  burstCount: number
  burstMinutes: number
  /**
   * One member credited by one clerk far more than usual: at least `concentrationMin` credits, and at
   * least `concentrationFactor` × the median number of credits per (clerk, member) pair in that store.
   */
  concentrationMin: number
  concentrationFactor: number
}

export const DefaultAnomalyRules: AnomalyRules = { burstCount: 5, burstMinutes: 3, concentrationMin: 4, concentrationFactor: 3 }

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
/** Asia/Shanghai wall-clock time of an instant, 'HH:mm' (UTC+8 all year). */
const hhmm = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16)
const minutesOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** Whether `at` falls inside the opening hours. open == close means open around the clock. */
export function withinHours(at: Date, hours: StoreHours): boolean {
  const m = minutesOfDay(hhmm(at))
  const open = minutesOfDay(hours.open)
  const close = minutesOfDay(hours.close)
  if (open === close) return true
  return open < close ? m >= open && m < close : m >= open || m < close
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const g = groups.get(k)
    if (g) g.push(item)
    else groups.set(k, [item])
  }
  return groups
}

const byTime = (a: TillCredit, b: TillCredit) => a.createdAt.getTime() - b.createdAt.getTime() || (a.orderId < b.orderId ? -1 : 1)

function finding(kind: AnomalyView['kind'], credits: TillCredit[], memberId: string | null, detail: string): AnomalyView {
  const sorted = credits.slice().sort(byTime)
  return {
    kind,
    storeId: sorted[0].storeId,
    staffOpenid: sorted[0].staffOpenid,
    memberId,
    orderIds: sorted.map((c) => c.orderId),
    count: sorted.length,
    amountFen: sorted.reduce((s, c) => s + c.amountFen, 0),
    from: sorted[0].createdAt.toISOString(),
    to: sorted[sorted.length - 1].createdAt.toISOString(),
    detail,
  }
}

const yuan = (fen: number) => (fen / 100).toFixed(2)

/**
 * Bursts per clerk: a run of credits in which every `burstCount` consecutive ones fit within
 * `burstMinutes`. Each run is reported once, whole.
 */
export function findBursts(credits: TillCredit[], rules: AnomalyRules = DefaultAnomalyRules): AnomalyView[] {
  const windowMs = rules.burstMinutes * 60_000
  const n = rules.burstCount
  const found: AnomalyView[] = []
  for (const group of groupBy(credits, (c) => `${c.storeId}\u0000${c.staffOpenid}`).values()) {
    const list = group.slice().sort(byTime)
    const t = (i: number) => list[i].createdAt.getTime()
    let i = 0
    while (i + n - 1 < list.length) {
      if (t(i + n - 1) - t(i) > windowMs) {
        i++
        continue
      }
      let end = i + n - 1
      while (end + 1 < list.length && t(end + 1) - t(end + 2 - n) <= windowMs) end++
      const run = list.slice(i, end + 1)
      const minutes = Math.max(1, Math.ceil((t(end) - t(i)) / 60_000))
      found.push(finding('burst', run, null, `${minutes} 分钟内连续积分 ${run.length} 笔，合计 ¥${yuan(run.reduce((s, c) => s + c.amountFen, 0))}`))
      i = end + 1
    }
  }
  return found
}

/** Credits outside the store's opening hours, one finding per clerk per day. Stores without hours are skipped. */
export function findOutsideHours(credits: TillCredit[], hoursByStore: ReadonlyMap<string, StoreHours | null>): AnomalyView[] {
  const outside = credits.filter((c) => {
    const hours = hoursByStore.get(c.storeId)
    return hours ? !withinHours(c.createdAt, hours) : false
  })
  return [...groupBy(outside, (c) => `${c.storeId}\u0000${c.staffOpenid}\u0000${shanghaiDay(c.createdAt)}`).values()].map((group) => {
    const hours = hoursByStore.get(group[0].storeId)!
    const times = group.slice().sort(byTime).map((c) => hhmm(c.createdAt))
    return finding('outside_hours', group, null, `营业时间 ${hours.open}–${hours.close} 之外积分 ${group.length} 笔（${times.join('、')}）`)
  })
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** One member credited by one clerk far more often than the store's usual (clerk, member) pair. */
export function findMemberConcentration(credits: TillCredit[], rules: AnomalyRules = DefaultAnomalyRules): AnomalyView[] {
  const found: AnomalyView[] = []
  for (const storeCredits of groupBy(credits, (c) => c.storeId).values()) {
    const pairs = [...groupBy(storeCredits, (c) => `${c.staffOpenid}\u0000${c.memberId}`).values()]
    const usual = median(pairs.map((p) => p.length))
    const threshold = Math.max(rules.concentrationMin, rules.concentrationFactor * usual)
    for (const pair of pairs) {
      if (pair.length < threshold) continue
      found.push(
        finding('member_concentration', pair, pair[0].memberId, `同一店员为同一会员积分 ${pair.length} 笔（本店通常每对 ${usual} 笔），合计 ¥${yuan(pair.reduce((s, c) => s + c.amountFen, 0))}`),
      )
    }
  }
  return found
}

/** Every anomaly of the period, newest first. */
export function findAnomalies(
  credits: TillCredit[],
  hoursByStore: ReadonlyMap<string, StoreHours | null>,
  rules: AnomalyRules = DefaultAnomalyRules,
): AnomalyView[] {
  return [...findBursts(credits, rules), ...findOutsideHours(credits, hoursByStore), ...findMemberConcentration(credits, rules)].sort((a, b) =>
    a.to < b.to ? 1 : a.to > b.to ? -1 : 0,
  )
}
