import { Alert, Card, Col, Progress, Row, Spin, Statistic, Table, Typography } from 'antd'
import type { Lifecycle } from '../../../shared/insight/rfm'
import { ApiError, call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { num, yuan } from '../format'
import { LIFECYCLE } from './labels'

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n * 1000) / of) / 10)

/** The last nightly insight (admin.insight): the top spenders' share of sales, the lifecycle stages, recency × frequency. */
export function InsightOverview() {
  const o = useLoad(() => call('insight', {}), [])
  if (o.loading && !o.data) return <Spin />
  if (o.error instanceof ApiError && o.error.code === 'INSIGHT_NOT_READY') return <Alert id="insight-not-ready" type="info" showIcon message={o.error.message} />
  if (!o.data) return <ErrorAlert error={o.error} />
  const d = o.data
  const t = d.top
  // Recency 5 (most recent) first, frequency 1 → 5 across.
  const grid = [4, 3, 2, 1, 0].map((r) => ({ key: r + 1, r: r + 1, cells: d.rfm.grid[r] }))
  return (
    <Card
      id="insight-overview"
      size="small"
      title="会员洞察"
      extra={
        <Typography.Text type="secondary" id="insight-asof" data-value={d.asOf}>
          数据截至 {d.asOf}（统计最近 {d.windowDays} 天）
          {d.running && `；${d.running.day} 的计算进行中，已完成 ${num(d.running.members)} 位`}
        </Typography.Text>
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Statistic title="会员数" value={num(d.members)} suffix={d.unclaimed > 0 ? <span style={{ fontSize: 12 }}>含未开卡的导入会员 {num(d.unclaimed)}</span> : undefined} />
          <div style={{ marginTop: 16 }} id="insight-top-share" data-value={t.sharePercent ?? ''}>
            <Statistic title={`消费前 ${t.topSharePercent}% 的会员贡献的消费`} value={t.sharePercent ?? '—'} suffix={t.sharePercent === null ? undefined : '%'} />
            <Typography.Text type="secondary">
              {t.spenders === 0
                ? '统计窗口内还没有消费'
                : `${num(t.members)} 位高价值会员（消费 ≥ ${yuan(t.thresholdFen ?? 0)}），占 ${num(t.spenders)} 位消费会员；合计 ${yuan(t.groupSpendFen)} / ${yuan(t.totalSpendFen)}`}
            </Typography.Text>
          </div>
        </Col>
        <Col xs={24} md={8} id="insight-lifecycle">
          <Typography.Text strong>生命周期</Typography.Text>
          {(Object.keys(LIFECYCLE) as Lifecycle[]).map((l) => (
            <div key={l} data-stage={l} data-value={d.lifecycle[l]}>
              {LIFECYCLE[l]} {num(d.lifecycle[l])} 人
              <Progress percent={pct(d.lifecycle[l], d.members)} size="small" />
            </div>
          ))}
        </Col>
        <Col xs={24} md={8}>
          <Typography.Text strong>最近消费（R）× 消费频次（F）</Typography.Text>
          <Table
            id="insight-rfm-grid"
            size="small"
            pagination={false}
            dataSource={grid}
            columns={[
              { title: 'R \\ F', dataIndex: 'r' },
              ...[0, 1, 2, 3, 4].map((f) => ({ title: String(f + 1), key: `f${f}`, align: 'right' as const, render: (row: (typeof grid)[number]) => num(row.cells[f]) })),
            ]}
          />
        </Col>
      </Row>
    </Card>
  )
}
