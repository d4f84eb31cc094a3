import type { CampaignView } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { runSteps } from '../components/runSteps'

/** Steps a campaign until it is sent (or cancelled), reporting each step; a closed page stops asking, and the job goes on. */
export const runCampaign = (c: CampaignView, onStep: (c: CampaignView) => void, stopped: () => boolean = () => false): Promise<CampaignView> =>
  runSteps(c, (x) => call('campaignStep', { campaignId: x.campaignId }), (x) => x.status === 'sending', onStep, stopped)
