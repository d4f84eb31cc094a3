import { Card, Empty, Table } from 'antd'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Flow, MonthFlow } from '../../../shared/finance/points-flow'
import { num } from '../format'

export type PointsFlowReport = { months: MonthFlow[]; ledgerSum: number }

export const FLOW_LABELS: Record<keyof Flow, string> = { issued: '发放', redeemed: '兑换', expired: '过期', reversed: '退款扣回', adjusted: '人工调整' }
const COLORS: Record<keyof Flow, string> = { issued: '#16a34a', redeemed: '#c2410c', expired: '#6b7280', reversed: '#dc2626', adjusted: '#2563eb' }
const KEYS = Object.keys(FLOW_LABELS) as Array<keyof Flow>

/** The points flow (shared/finance/points-flow.ts): a chart of each month's columns and the month table with opening and closing. */
export function PointsFlowView({ report, chartOnly }: { report: PointsFlowReport; chartOnly?: boolean }) {
  if (report.months.length === 0) return <Empty description="所选月份没有积分流水" />
  const chart = report.months.map((m) => ({ month: m.month, ...m.total }))
  return (
    <>
      <div style={{ width: '100%', height: 280 }} id="points-flow-chart">
        <ResponsiveContainer>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis />
            <Tooltip formatter={(v) => num(Number(v))} />
            <Legend />
            {KEYS.map((k) => (
              <Bar key={k} dataKey={k} name={FLOW_LABELS[k]} fill={COLORS[k]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {!chartOnly && (
        <Card size="small" title={`按月汇总（账本合计 ${num(report.ledgerSum)} 积分）`} style={{ marginTop: 16 }}>
          <Table
            id="points-flow-table"
            size="small"
            rowKey="month"
            dataSource={report.months}
            pagination={false}
            columns={[
              { title: '月份', dataIndex: 'month' },
              { title: '期初', dataIndex: 'opening', render: num },
              ...KEYS.map((k) => ({ title: FLOW_LABELS[k], key: k, render: (m: MonthFlow) => <span data-col={k}>{num(m.total[k])}</span> })),
              { title: '期末', dataIndex: 'closing', render: (v: number) => <span data-col="closing">{num(v)}</span> },
            ]}
            expandable={{
              expandedRowRender: (m) => (
                <Table
                  size="small"
                  rowKey="storeId"
                  dataSource={m.byStore}
                  pagination={false}
                  columns={[{ title: '门店', dataIndex: 'storeId' }, ...KEYS.map((k) => ({ title: FLOW_LABELS[k], dataIndex: k, render: num }))]}
                />
              ),
            }}
          />
        </Card>
      )}
    </>
  )
}
