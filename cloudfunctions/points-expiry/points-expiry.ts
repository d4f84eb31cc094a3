import { shanghaiDay } from '../../shared/day'
import { defineJob } from '../_lib/job'
import { expireAccount, forEachAccount } from '../_lib/ledger'

/**
 * Expires every lot whose last usable day is before today (Asia/Shanghai). Pages through the
 * accounts with `nextExpiryOn < today`, each account in its own transaction with deterministic entry
 * ids (`exp:<lotId>`): run twice, the second run finds nothing; killed half-way, the accounts not yet
 * done still match the query and the next run finishes them.
 */
export const pointsExpiry = defineJob({
  name: 'points-expiry',
  description: 'expire points past their last day (Asia/Shanghai), one account per transaction',
  async run(deps, now) {
    const today = shanghaiDay(now)
    const summary = { today, scanned: 0, expired: 0, lots: 0, points: 0 }
    await forEachAccount(deps.db, { nextExpiryOn: deps.db.command.lt(today) }, async (row) => {
      summary.scanned++
      const { entries } = await expireAccount(deps.db, row._id, now)
      if (entries.length > 0) summary.expired++
      summary.lots += entries.length
      summary.points -= entries.reduce((s, e) => s + e.points, 0)
    })
    return summary
  },
})
