import { Card, Tabs } from 'antd'
import type { ReportName } from '../../../shared/admin/schemas'
import { PER_STORE } from '../../../shared/finance/reports'
import { useOperator } from '../operator'
import { ReportTab } from '../reports/ReportTab'

const TABS: Array<[ReportName, string]> = [
  ['liability', '积分负债'],
  ['points', '积分流水'],
  ['redemption', '兑换'],
  ['cost', '成本'],
  ['coupons', '优惠券'],
  ['tiers', '会员等级'],
  ['settlement', '门店结算'],
]

/** 报表: one tab per finance report; a manager's figures are their store's, so only the reports kept per store. */
export function Reports() {
  const op = useOperator()
  const tabs = TABS.filter(([name]) => op.allStores || PER_STORE[name])
  return (
    <Card title="报表">
      <Tabs id="report-tabs" destroyOnHidden items={tabs.map(([name, label]) => ({ key: name, label: <span id={`report-tab-${name}`}>{label}</span>, children: <ReportTab name={name} /> }))} />
    </Card>
  )
}
