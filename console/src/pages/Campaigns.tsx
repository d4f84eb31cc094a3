import { Card } from 'antd'

/** 营销活动 (issue 9). */
export function Campaigns() {
  return <Card title="营销活动" />
}
