import { CONFIG, forEachAccount, LEDGER } from '../../cloudfunctions/_lib/ledger'
import { forEachById } from '../../cloudfunctions/_lib/paging'
import { pointsFlow } from '../../shared/finance/points-flow'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import { shanghaiDay } from '../../shared/day'
import { DefaultPointValue, FinanceConfig, liabilityOf } from '../../shared/finance/liability'
import { yuanText } from '../../shared/money'
import { CliError, type Command } from './command'

/** `config/finance`, completed with defaults; a malformed document is an error. */
async function financeConfig(db: Parameters<typeof forEachAccount>[0]): Promise<FinanceConfig> {
  const doc = ((await db.collection(CONFIG).doc('finance').get()).data as Array<Record<string, unknown>>)[0]
  if (!doc) return { pointValue: DefaultPointValue }
  const { _id, ...rest } = doc
  const parsed = FinanceConfig.safeParse(rest)
  if (!parsed.success) throw new CliError(`config/finance is invalid: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}

/**
 * `report liability`: what the programme owes members right now: the points they hold and can still
 * use (lots not past their last day), of which pending, and that in fen at the point value from
 * `config/finance` (1 fen a point without one). Pages through the accounts.
 */
export const reportLiability: Command = {
  words: ['report', 'liability'],
  summary: 'points outstanding and the liability in fen at the point value (config/finance)',
  async run(ctx) {
    const { deps } = ctx.runtime()
    const now = deps.now()
    const today = shanghaiDay(now)
    const { pointValue } = await financeConfig(deps.db)
    const sum = liabilityOf(today, pointValue)
    await forEachAccount(deps.db, {}, async (account) => sum.add(account))
    const r = sum.result(now.toISOString())
    return {
      json: r,
      text: [
        `as of ${r.asOf} (${today}, Asia/Shanghai)`,
        `outstanding: ${r.outstandingPoints.toLocaleString('en')} points held by ${r.members.toLocaleString('en')} members (${r.pendingPoints.toLocaleString('en')} still pending)`,
        ...(r.awaitingExpiry > 0 ? [`past their last day, awaiting the points-expiry job: ${r.awaitingExpiry.toLocaleString('en')} points (not a liability)`] : []),
        `liability: ¥${yuanText(r.liabilityFen)} at ${pointValue.fen} fen per ${pointValue.points} point(s)`,
      ].join('\n'),
    }
  },
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

/**
 * `report points`: points issued, redeemed, expired, reversed and adjusted per Asia/Shanghai month and
 * per store, with each month's opening and closing outstanding, straight from the ledger (paged).
 */
export const reportPoints: Command = {
  words: ['report', 'points'],
  usage: '[--from YYYY-MM] [--to YYYY-MM]',
  summary: 'points issued, redeemed, expired and outstanding per month and per store, from the ledger',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run(ctx) {
    const range: { from?: string; to?: string } = {}
    for (const flag of ['from', 'to'] as const) {
      const v = ctx.values[flag]
      if (v === undefined) continue
      if (typeof v !== 'string' || !MONTH.test(v)) throw new CliError(`--${flag} is a month, YYYY-MM`)
      range[flag] = v
    }
    const { deps } = ctx.runtime()
    const flow = pointsFlow()
    await forEachById<LedgerEntry>(deps.db, LEDGER, {}, 1000, async (e) => flow.add(e))
    const r = flow.result(range)
    const n = (x: number) => x.toLocaleString('en')
    const text = r.months.flatMap((m) => [
      `${m.month}  opening ${n(m.opening)}  issued ${n(m.total.issued)}  redeemed ${n(m.total.redeemed)}  expired ${n(m.total.expired)}  reversed ${n(m.total.reversed)}  adjusted ${n(m.total.adjusted)}  closing ${n(m.closing)}`,
      ...m.byStore.map((s) => `  ${s.storeId}  issued ${n(s.issued)}  redeemed ${n(s.redeemed)}  expired ${n(s.expired)}  reversed ${n(s.reversed)}  adjusted ${n(s.adjusted)}`),
    ])
    return { json: { ...r, asOf: deps.now().toISOString() }, text: text.join('\n') || 'no ledger entries' }
  },
}
