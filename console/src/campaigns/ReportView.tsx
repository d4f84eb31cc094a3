import { Alert, Button, Card, Col, Descriptions, Progress, Row, Spin, Statistic, Table, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { CampaignReportResult } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { at, cell, num, yuan } from '../format'
import { SKIP } from './labels'

type Group = NonNullable<CampaignReportResult['control']>

/**
 * A campaign's measurement (admin.campaignReport): what was sent and opened, coupons used, and the
 * sales of its members in the window, treated against the control group. Counted a slice per call:
 * the view asks again until the count is complete.
 */
export function ReportView({ campaignId }: { campaignId: string }) {
  const [report, setReport] = useState<CampaignReportResult | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const gone = useRef(false)
  useEffect(() => () => void (gone.current = true), [])

  const load = async (refresh: boolean) => {
    setError(null)
    setBusy(true)
    try {
      let r = await call('campaignReport', { campaignId, refresh })
      setReport(r)
      while (!r.complete && !gone.current) {
        r = await call('campaignReport', { campaignId, refresh: false })
        setReport(r)
      }
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  useEffect(() => {
    void load(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [campaignId])

  if (!report) return error ? <ErrorAlert error={error} /> : <Spin />
  const groups: Array<[string, Group]> = [['发送组', report.treated], ...(report.control ? [['对照组', report.control] as [string, Group]] : [])]
  const s = report.sends
  return (
    <Card
      id="campaign-report"
      data-complete={report.complete}
      size="small"
      title="活动效果"
      extra={
        <Button id="campaign-report-refresh" size="small" loading={busy} onClick={() => load(true)}>
          重新统计
        </Button>
      }
    >
      <ErrorAlert error={error} />
      {!report.complete && <Progress percent={report.percent} status="active" />}
      <Typography.Paragraph type="secondary">
        销售统计窗口：{at(report.window.from)} 至 {at(report.window.to)}
        {report.window.open ? '（窗口未结束，数字还会增长）' : ''}
        {report.computedAt ? `；统计于 ${at(report.computedAt)}` : ''}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title="已发送" value={s.sent} formatter={(v) => <span id="report-sent">{num(Number(v))}</span>} />
          <Typography.Text type="secondary">
            订阅消息 {num(s.subscribe)}，短信 {num(s.sms)}
          </Typography.Text>
        </Col>
        <Col span={6}>
          <Statistic title="打开" value={s.opened} formatter={(v) => <span id="report-opened">{num(Number(v))}</span>} />
          <Typography.Text type="secondary">打开率 {cell(s.openRate)}</Typography.Text>
        </Col>
        <Col span={6}>
          <Statistic title="券核销" value={report.rewards.couponsUsed} formatter={(v) => <span id="report-redeemed">{num(Number(v))}</span>} />
          <Typography.Text type="secondary">
            已发 {num(report.rewards.couponsIssued)} 张，核销率 {cell(report.rewards.redemption)}
          </Typography.Text>
        </Col>
        <Col span={6}>
          <Statistic
            title="人均销售提升"
            value={report.uplift ? report.uplift.perMemberFen : '—'}
            formatter={(v) => <span id="report-uplift">{report.uplift ? yuan(Number(v)) : '无对照组'}</span>}
          />
          {report.uplift && <Typography.Text type="secondary">增量销售约 {yuan(report.uplift.incrementalFen)}</Typography.Text>}
        </Col>
      </Row>
      <Descriptions size="small" style={{ marginTop: 16 }} column={3}>
        <Descriptions.Item label="未发送">
          {s.skippedTotal > 0
            ? Object.entries(s.skipped)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${SKIP[k] ?? k} ${num(n)}`)
                .join('，')
            : '0'}
        </Descriptions.Item>
        <Descriptions.Item label="发送失败">{num(s.failed)}</Descriptions.Item>
        <Descriptions.Item label="赠送积分">{report.rewards.points > 0 ? `${num(report.rewards.pointsMembers)} 人，共 ${num(report.rewards.points)} 积分` : '—'}</Descriptions.Item>
      </Descriptions>
      <Row gutter={16} style={{ marginTop: 8 }}>
        <Col span={14}>
          <Table<[string, Group]>
            id="campaign-report-groups"
            size="small"
            rowKey={(g) => g[0]}
            dataSource={groups}
            pagination={false}
            columns={[
              { title: '', key: 'g', render: (g) => g[0] },
              { title: '人数', key: 'm', render: (g) => <span data-col="members">{num(g[1].members)}</span> },
              { title: '下单人数', key: 'b', render: (g) => `${num(g[1].buyers)}（${g[1].conversion.percent ?? 0}%）` },
              { title: '订单', key: 'o', render: (g) => num(g[1].orders) },
              { title: '销售额', key: 's', render: (g) => <span data-col="sales">{yuan(g[1].salesFen)}</span> },
              { title: '人均', key: 'p', render: (g) => yuan(g[1].perMemberFen) },
            ]}
          />
          {report.uplift && (
            <Typography.Paragraph style={{ marginTop: 8 }}>
              发送组人均比对照组多 {yuan(report.uplift.perMemberFen)}
              {report.uplift.relativePercent !== null ? `（${report.uplift.relativePercent > 0 ? '+' : ''}${report.uplift.relativePercent}%）` : ''}，下单率相差 {report.uplift.conversionPoints}{' '}
              个百分点。
            </Typography.Paragraph>
          )}
          {!report.control && <Alert type="info" showIcon message="该活动没有设置对照组：只能看到发送组自己的销售，无法判断其中多少是活动带来的。" />}
        </Col>
        <Col span={10}>
          <div style={{ width: '100%', height: 200 }} id="campaign-report-chart">
            <ResponsiveContainer>
              <BarChart data={groups.map(([name, g]) => ({ name, perMember: g.perMemberFen / 100 }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis />
                <Tooltip formatter={(v) => `¥${Number(v).toFixed(2)}`} />
                <Bar dataKey="perMember" name="人均销售（元）" fill="#2563eb" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Col>
      </Row>
    </Card>
  )
}
