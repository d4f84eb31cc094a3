import { Card, Tabs } from 'antd'
import { JourneyList } from '../journeys/JourneyList'
import { JourneySettings } from '../journeys/JourneySettings'

/** 自动旅程 (issue 9): the five journeys with their state and latest messages, and the settings of the three run here. */
export function Journeys() {
  return (
    <Card title="自动旅程">
      <Tabs
        id="journeys-tabs"
        destroyOnHidden
        items={[
          { key: 'state', label: '运行情况', children: <JourneyList /> },
          { key: 'settings', label: '旅程设置', children: <JourneySettings /> },
        ]}
      />
    </Card>
  )
}
