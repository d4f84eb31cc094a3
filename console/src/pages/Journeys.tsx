import { Card } from 'antd'

/** 自动旅程 (issue 9). */
export function Journeys() {
  return <Card title="自动旅程" />
}
