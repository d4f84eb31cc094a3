import type { ReportName } from '../../shared/admin/schemas'
import { shanghaiDay } from '../../shared/day'
import type { LiabilityReport } from '../../shared/finance/liability'
import { MONTH } from '../../shared/finance/period'
import type { MonthFlow } from '../../shared/finance/points-flow'
import { ReportError } from '../../shared/finance/reports'
import { yuanText } from '../../shared/money'
import { runReport } from '../../cloudfunctions/_lib/reports'
import { CliError, type CliContext, type Command } from './command'

/**
 * `report <name>`: the finance reports of cloudfunctions/_lib/reports.ts, as the console's
 * `admin.report` runs them for an admin (every store unless --store). `--json` prints the report's
 * data, `--csv` its CSV (with the BOM Excel needs), neither a table for people.
 */
type Flag = 'from' | 'to' | 'store' | 'mall'

const n = (x: number) => x.toLocaleString('en')

function liabilityText(r: LiabilityReport): string {
  return [
    `as of ${r.asOf} (${shanghaiDay(new Date(r.asOf))}, Asia/Shanghai)`,
    `outstanding: ${n(r.outstandingPoints)} points held by ${n(r.members)} members (${n(r.pendingPoints)} still pending)`,
    ...(r.awaitingExpiry > 0 ? [`past their last day, awaiting the points-expiry job: ${n(r.awaitingExpiry)} points (not a liability)`] : []),
    `liability: ¥${yuanText(r.liabilityFen)} at ${r.pointValue.fen} fen per ${r.pointValue.points} point(s)`,
  ].join('\n')
}

function pointsText(r: { months: MonthFlow[] }): string {
  const text = r.months.flatMap((m) => [
    `${m.month}  opening ${n(m.opening)}  issued ${n(m.total.issued)}  redeemed ${n(m.total.redeemed)}  expired ${n(m.total.expired)}  reversed ${n(m.total.reversed)}  adjusted ${n(m.total.adjusted)}  closing ${n(m.closing)}`,
    ...m.byStore.map((s) => `  ${s.storeId}  issued ${n(s.issued)}  redeemed ${n(s.redeemed)}  expired ${n(s.expired)}  reversed ${n(s.reversed)}  adjusted ${n(s.adjusted)}`),
  ])
  return text.join('\n') || 'no ledger entries'
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/
const columns = (s: string) => [...s].reduce((w, c) => w + (WIDE.test(c) ? 2 : 1), 0)

/** The CSV as an aligned table for the terminal (the BOM dropped, quoting kept). */
function csvAsTable(csv: string): string {
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)
  if (lines.length <= 1) return 'nothing to report'
  const cells = lines.map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/))
  const width = cells[0].map((_, i) => Math.max(...cells.map((r) => columns(r[i] ?? ''))))
  return cells.map((r) => r.map((c, i) => c + ' '.repeat(width[i] - columns(c))).join('  ').trimEnd()).join('\n')
}

function flagValue(ctx: CliContext, flag: Flag): string | undefined {
  const v = ctx.values[flag]
  if (v === undefined) return undefined
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${flag} needs a value`)
  if ((flag === 'from' || flag === 'to') && !MONTH.test(v)) throw new CliError(`--${flag} is a month, YYYY-MM`)
  return v.trim()
}

function reportCommand(name: ReportName, flags: Flag[], summary: string, text?: (data: never) => string): Command {
  const usage = [...flags.map((f) => (f === 'from' || f === 'to' ? `[--${f} YYYY-MM]` : `[--${f} ID]`)), '[--csv]'].join(' ')
  return {
    words: ['report', name],
    usage,
    summary,
    options: { csv: { type: 'boolean' }, ...Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }])) },
    async run(ctx) {
      const csv = ctx.values.csv === true
      if (csv && ctx.values.json) throw new CliError('give --json or --csv, not both')
      const input = { name, format: csv ? ('csv' as const) : ('json' as const), from: flagValue(ctx, 'from'), to: flagValue(ctx, 'to'), mallId: flagValue(ctx, 'mall') }
      const store = flagValue(ctx, 'store')
      const { deps } = ctx.runtime()
      try {
        if (csv) {
          const r = await runReport(deps, input, { storeIds: store ? [store] : null })
          // The command line adds the last line's end itself.
          return { json: r.data, text: r.csv!.replace(/\r\n$/, '') }
        }
        const r = await runReport(deps, { ...input, format: text ? 'json' : 'csv' }, { storeIds: store ? [store] : null })
        return { json: r.data, text: text ? text(r.data as never) : csvAsTable(r.csv!) }
      } catch (err) {
        if (err instanceof ReportError) throw new CliError(err.message)
        throw err
      }
    },
  }
}

const PERIOD: Flag[] = ['from', 'to']

export const reportLiability = reportCommand('liability', [], 'points outstanding and the liability in fen at the point value (config/finance)', liabilityText)
export const reportPoints = reportCommand('points', [...PERIOD, 'store'], 'points issued, redeemed, expired and outstanding per month and per store, from the ledger', pointsText)
export const reportRedemption = reportCommand('redemption', [...PERIOD, 'store'], 'redemption rates per month: redeemed ÷ issued and redeemed ÷ (issued − expired)')
export const reportCost = reportCommand('cost', [...PERIOD, 'store'], 'programme cost (points at the point value + cash coupons used) as a share of till sales, per month and store')
export const reportCoupons = reportCommand('coupons', PERIOD, 'coupons issued, used and expired per template, and the use rate')
export const reportTiers = reportCommand('tiers', PERIOD, 'members per level now, and upgrades, downgrades and grants per month')
export const reportSettlement = reportCommand('settlement', [...PERIOD, 'mall', 'store'], 'mall settlement: points funded and redeemed per tenant store and month, in fen')

export const reportCommands = [reportLiability, reportPoints, reportRedemption, reportCost, reportCoupons, reportTiers, reportSettlement]
