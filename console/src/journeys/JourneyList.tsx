import { Card, Col, Descriptions, Empty, Row, Spin, Table, Tag, Typography } from 'antd'
import type { JourneyView } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { at, num } from '../format'
import { SEND_STATUS, SENT_BY, SKIP } from '../campaigns/labels'

type Send = JourneyView['recent'][number]

const outcome = (s: Send) => (s.status === 'sent' ? SENT_BY[s.channel ?? ''] ?? '已发送' : s.status === 'skipped' ? `未发送：${SKIP[s.reason ?? 'other'] ?? s.reason}` : (SEND_STATUS[s.status] ?? s.status))

/** The five automatic journeys (admin.journeys): on or off, who gets them, the last run and the latest messages. */
export function JourneyList() {
  const list = useLoad(() => call('journeys', {}), [])
  if (list.loading && !list.data) return <Spin />
  if (!list.data) return <ErrorAlert error={list.error} />
  return (
    <Row gutter={[16, 16]} id="journey-list">
      {list.data.journeys.map((j) => (
        <Col key={j.key} xs={24} xxl={12}>
          <Card
            size="small"
            className="journey-card"
            id={`journey-${j.key}`}
            data-enabled={j.enabled}
            title={j.name}
            extra={<Tag color={j.enabled ? 'green' : 'default'}>{j.enabled ? '已启用' : '未启用'}</Tag>}
          >
            <Typography.Paragraph>{j.rule}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">设置位置：{j.settings}</Typography.Paragraph>
            {j.lastRun && (
              <Descriptions size="small" column={3} className="journey-last-run">
                <Descriptions.Item label="最近运行">
                  {j.lastRun.day}
                  {j.lastRun.complete ? '' : '（未完成）'}
                </Descriptions.Item>
                <Descriptions.Item label="新触达">{num(j.lastRun.members)}</Descriptions.Item>
                <Descriptions.Item label="已发送">{num(j.lastRun.sent)}</Descriptions.Item>
                <Descriptions.Item label="未发送">{num(j.lastRun.skipped)}</Descriptions.Item>
                <Descriptions.Item label="失败">{num(j.lastRun.failed)}</Descriptions.Item>
                <Descriptions.Item label="已发奖励">{num(j.lastRun.rewarded)}</Descriptions.Item>
              </Descriptions>
            )}
            <Table<Send>
              size="small"
              rowKey={(s) => `${s.memberId}:${s.at}`}
              dataSource={j.recent}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有发送记录" /> }}
              columns={[
                { title: '时间', key: 'at', width: 140, render: (s: Send) => at(s.at) },
                { title: '结果', key: 'o', width: 150, render: outcome },
                { title: '文案', key: 't', render: (s: Send) => <span className="journey-send-text">{s.text}</span> },
              ]}
            />
          </Card>
        </Col>
      ))}
    </Row>
  )
}
