import { Card, Col, Row, Statistic, Table, Tag } from 'antd'
import type { Out } from '../api'
import { num, yuan } from '../format'

type Plan = Out<'tierPlan'>

/** The dry run: members per level now and under the proposal, how many move up or down, and the benefits' cost. */
export function PlanView({ plan, names }: { plan: Plan; names: Record<string, string> }) {
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
