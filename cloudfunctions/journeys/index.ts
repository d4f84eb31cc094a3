import { shanghaiDay } from '../../shared/day'
import { stepCampaign } from '../_lib/campaign-send'
import { sendingCampaigns } from '../_lib/campaigns'
import type { Deps } from '../_lib/deps'
import { defineJob, jobMain } from '../_lib/job'
import { beijingHour, deadline, runJourneys } from '../_lib/journeys'
import { loadSettings } from '../_lib/settings'

/** A run stops starting new work this long into the function's 900 s. */
const RUN_MS = 780_000

/**
 * Timer-triggered function `journeys` (hourly at :40): within the sending hours of `config/journeys`
 * (10:00–21:00 Beijing by default) it goes on with campaigns left `sending` (the console closed
 * mid-send), then runs each enabled journey for today from where today's earlier runs stopped. The
 * first run in the sending hours does the day's work; later ones find it done or finish it.
 */
export async function runJourneysJob(deps: Deps, now: Date, runMs = RUN_MS) {
  const config = await loadSettings(deps.db, 'journeys')
  const today = shanghaiDay(now)
  const hour = beijingHour(now)
  if (hour < config.sendFromHour || hour >= config.sendUntilHour) return { today, hour, quiet: true }
  const outOfTime = deadline(runMs)
  const campaigns = []
  for (const c of await sendingCampaigns(deps.db)) {
    let at = c
    while (at.status === 'sending' && !outOfTime()) at = (await stepCampaign(deps, c._id, { budgetMs: 60_000 }))!
    campaigns.push({ campaignId: c._id, status: at.status, sent: at.counts.sent })
  }
  return { today, hour, quiet: false, campaigns, ...(await runJourneys(deps, config, now, outOfTime)) }
}

export const journeys = defineJob({
  name: 'journeys',
  description: 'welcome, birthday and win-back journeys for today, and campaigns left sending',
  run: (deps, now) => runJourneysJob(deps, now),
})

export const jobs = [journeys]

export const main = jobMain(journeys)
