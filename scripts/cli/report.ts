import { CONFIG, forEachAccount } from '../../cloudfunctions/_lib/ledger'
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
