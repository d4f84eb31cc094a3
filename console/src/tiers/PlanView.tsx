import { Card, Col, Progress, Row, Space, Spin, Statistic, Table, Tag } from 'antd'
import type { Out } from '../api'
import { num, yuan } from '../format'

type Plan = Out<'tierPlan'>

/**
 * The dry run: members per level now and under the proposal, how many move up or down, and the
 * benefits' cost. While it is still counting, only how far it has got: partial figures would mislead.
 */
export function PlanView({ plan, names }: { plan: Plan; names: Record<string, string> }) {
  const p = plan.progress
  if (plan.status === 'running')
    return (
      <Card size="small" title={`试算中：${plan.current.version} → ${plan.proposed.version}（按 ${plan.today} 的数据逐一统计每位会员）`} id="tier-plan-running">
        <div id="tier-plan-progress" data-counted={p.counted}>
          {p.percent !== null && <Progress percent={p.percent} status="active" />}
        </div>
        <Space>
          {p.percent === null && <Spin size="small" />}
          <span>
            已统计 {num(p.counted)} 位会员{p.estimate !== null && `，共约 ${num(p.estimate)} 位`}。会员较多时需要几分钟，请勿关闭本页。
          </span>
        </Space>
      </Card>
    )
  const d = plan.dryRun
  // Every level of the ladder, members or not, then any others the counts name.
  const levels = [...new Set([...Object.keys(names), ...Object.keys(d.before), ...Object.keys(d.after)])]
  return (
    <Card size="small" title={`试算：${plan.current.version} → ${plan.proposed.version}（${plan.proposed.effectiveFrom} 起，按 ${plan.today} 的数据）`} id="tier-plan">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={4}>
          <Statistic title="会员" value={num(d.members)} />
        </Col>
        <Col span={4}>
          <Statistic title="升级" value={num(d.up)} valueStyle={{ color: '#16a34a' }} valueRender={(v) => <span id="tier-plan-up">{v}</span>} />
        </Col>
        <Col span={4}>
          <Statistic title="降级" value={num(d.down)} valueStyle={{ color: '#dc2626' }} valueRender={(v) => <span id="tier-plan-down">{v}</span>} />
        </Col>
        <Col span={4}>
          <Statistic title="不变" value={num(d.same)} />
        </Col>
        <Col span={4}>
          <Statistic title="权益成本（现行）" value={yuan(d.costBeforeFen)} />
        </Col>
        <Col span={4}>
          <Statistic title="权益成本（新方案）" value={yuan(d.costAfterFen)} />
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={levels.map((id) => ({ id, before: d.before[id] ?? 0, after: d.after[id] ?? 0 }))}
        columns={[
          { title: '等级', dataIndex: 'id', render: (id: string) => <Tag>{names[id] ?? id}</Tag> },
          { title: '现在', dataIndex: 'before', render: num },
          { title: '新方案', dataIndex: 'after', render: num },
          { title: '变化', key: 'delta', render: (r: { before: number; after: number }) => (r.after - r.before > 0 ? `+${num(r.after - r.before)}` : num(r.after - r.before)) },
        ]}
      />
    </Card>
  )
}
