import { Card, Col, Row, Statistic } from 'antd'
import type { LiabilityReport } from '../../../shared/finance/liability'
import { dayOrTime, num, yuan } from '../format'

/** The liability report (shared/finance/liability.ts): what members hold and what it is worth. data-value carries the raw integer. */
export function LiabilityView({ report }: { report: LiabilityReport }) {
  const stats: Array<[string, string, number, string]> = [
    ['liability-fen', '积分负债', report.liabilityFen, yuan(report.liabilityFen)],
    ['liability-points', '未过期积分', report.outstandingPoints, num(report.outstandingPoints)],
    ['liability-pending', '其中冻结中（退款期内）', report.pendingPoints, num(report.pendingPoints)],
    ['liability-awaiting', '已到期待清零', report.awaitingExpiry, num(report.awaitingExpiry)],
    ['liability-members', '持有积分的会员', report.members, num(report.members)],
  ]
  return (
    <Card size="small" title={`积分负债（截至 ${dayOrTime(report.asOf)}，每 ${report.pointValue.points} 积分值 ${report.pointValue.fen} 分）`} id="liability">
      <Row gutter={[16, 16]}>
        {stats.map(([id, title, raw, shown]) => (
          <Col key={id} xs={12} md={8} xl={4}>
            <Statistic title={title} value={shown} valueRender={() => <span id={id} data-value={raw}>{shown}</span>} />
          </Col>
        ))}
      </Row>
    </Card>
  )
}
