import { Card } from 'antd'

/** Webhooks (issue 9). */
export function Webhooks() {
  return <Card title="Webhooks" />
}
