import { Alert, Card, Col, Row, Space, Spin, Statistic } from 'antd'
import type { LiabilityReport } from '../../../shared/finance/liability'
import type { TierReport } from '../../../shared/finance/tiers'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { num, thisMonth } from '../format'
import { useOperator } from '../operator'
import { LiabilityView } from '../reports/LiabilityView'
import { PointsFlowView, type PointsFlowReport } from '../reports/PointsFlowView'

const none = () => Promise.resolve(null)

/** 概览: member count and liability (programme-wide: admins), and this month's points flow (a manager's: their store's). */
export function Dashboard() {
  const op = useOperator()
  const month = thisMonth()
  const liability = useLoad(() => (op.allStores ? call('report', { name: 'liability' }) : none()), [op.allStores])
  const tiers = useLoad(() => (op.allStores ? call('report', { name: 'tiers' }) : none()), [op.allStores])
  const flow = useLoad(() => call('report', { name: 'points', from: month, to: month }), [month])
  const liab = liability.data?.data as LiabilityReport | undefined
  const levels = (tiers.data?.data as TierReport | undefined)?.levels
  // Every registered member holds a level (those without a tier record are counted in the base one).
  const members = levels ? levels.reduce((s, l) => s + l.members, 0) : null
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {op.allStores ? (
        <>
          <Row gutter={16}>
            <Col span={8}>
              <Card size="small">
                <Statistic title="会员总数" loading={tiers.loading} value={members === null ? '—' : num(members)} valueRender={(n) => <span id="dash-members" data-value={members ?? ''}>{n}</span>} />
              </Card>
            </Col>
            <Col span={8}>
              <Card size="small">
                <Statistic title="持有积分的会员" loading={liability.loading} value={liab ? num(liab.members) : '—'} />
              </Card>
            </Col>
            <Col span={8}>
              <Card size="small">
                <Statistic title="本月" value={month} />
              </Card>
            </Col>
          </Row>
          <ErrorAlert error={tiers.error} />
          <ErrorAlert error={liability.error} />
          {liability.loading ? <Spin /> : liab && <LiabilityView report={liab} />}
        </>
      ) : (
        <Alert type="info" showIcon message="会员总数和积分负债是全部门店合计的数据，仅管理员可见；下面是本店的积分流水。" />
      )}
      <Card size="small" title={`本月积分流水（${month}${op.allStores ? '' : '，本店'}）`}>
        <ErrorAlert error={flow.error} />
        {flow.loading ? <Spin /> : flow.data && <PointsFlowView report={flow.data.data as PointsFlowReport} chartOnly />}
      </Card>
    </Space>
  )
}
