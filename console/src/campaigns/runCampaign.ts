import type { CampaignView } from '../../../shared/marketing/schemas'
import { call } from '../api'

/** Steps a campaign until it is sent (or cancelled), reporting each step; a closed page stops asking, and the job goes on. */
export async function runCampaign(c: CampaignView, onStep: (c: CampaignView) => void, stopped: () => boolean = () => false): Promise<CampaignView> {
  let current = c
  onStep(current)
  while (current.status === 'sending' && !stopped()) {
    current = await call('campaignStep', { campaignId: current.campaignId })
    onStep(current)
  }
  return current
}
