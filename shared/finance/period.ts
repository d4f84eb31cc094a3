import { shanghaiDay } from '../day'

/** A report's months, both ends inclusive ('YYYY-MM'); an absent end is open. */
export interface Period {
  from?: string
  to?: string
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

const DAY_MS = 86_400_000
const SHANGHAI_MS = 8 * 3_600_000
/** Month by Asia/Shanghai day number: reports call monthOf once per document, millions of times. */
const months = new Map<number, string>()

/** The Asia/Shanghai month ('YYYY-MM') of an instant as stored (a Date, or what the store returns for one). */
export function monthOf(at: Date | string | number): string {
  const t = at instanceof Date ? at.getTime() : new Date(at).getTime()
  if (Number.isNaN(t)) throw new Error(`not a time: ${String(at)}`)
  const day = Math.floor((t + SHANGHAI_MS) / DAY_MS)
  let month = months.get(day)
  if (month === undefined) {
    month = shanghaiDay(new Date(t)).slice(0, 7)
    if (months.size < 100_000) months.set(day, month) // ~270 years of days: never reached, but bounded
  }
  return month
}

export const inPeriod = (month: string, p: Period): boolean => (!p.from || month >= p.from) && (!p.to || month <= p.to)

/** Map keys in ascending order (months, store ids): reports list rows in a stable order. */
export const sortedKeys = <K extends string, V>(m: Map<K, V>): K[] => [...m.keys()].sort()
