import { defineJob, jobMain } from '../_lib/job'
import { closeLedger } from '../_lib/ledger-close'

/**
 * Timer-triggered function `ledger-close`: sums each finished month of the ledger once (a day after
 * it ends), so the finance reports read closed months from their rollups. Hourly: a call with nothing
 * to close reads one document, and a first close over a long history (a pass that takes many calls,
 * each stopping itself before the 900 s timeout) finishes within hours. Safe to run at any time.
 */
export const ledgerClose = defineJob({
  name: 'ledger-close',
  description: 'sum each finished month of the points ledger once, for the finance reports',
  run: (deps, now) => closeLedger(deps.db, now),
})

export const jobs = [ledgerClose]

export const main = jobMain(ledgerClose)
