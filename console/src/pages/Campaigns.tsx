import { CampaignDetail } from '../campaigns/CampaignDetail'
import { CampaignList } from '../campaigns/CampaignList'
import { useRoute } from '../route'

/** 营销活动 (issue 9): `/campaigns` the list, `/campaigns/new` a new draft, `/campaigns/<id>` one campaign. */
export function Campaigns() {
  const [, id] = useRoute()
  if (!id) return <CampaignList />
  return <CampaignDetail campaignId={id === 'new' ? null : id} />
}
