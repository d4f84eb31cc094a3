import { Card } from 'antd'

/** 人群 (issue 9). */
export function Segments() {
  return <Card title="人群" />
}
