import { defineJob, jobMain } from '../_lib/job'
import { runMemberInsight } from '../_lib/insight-job'

/**
 * Timer-triggered function `member-insight`: the nightly member insight snapshot (RFM, lifecycle, top
 * spenders, channels and stores) that the console's member page, segments and campaigns read.
 * Hourly: the first run after Beijing midnight computes the day's snapshot, time-boxed, and later
 * runs go on where it stopped until it is done; after that they find nothing to do.
 */
export const memberInsight = defineJob({
  name: 'member-insight',
  description: "compute today's member insight snapshot (RFM, lifecycle, top spenders) for segments",
  run: (deps, now) => runMemberInsight(deps, now),
})

export const jobs = [memberInsight]

export const main = jobMain(memberInsight)
