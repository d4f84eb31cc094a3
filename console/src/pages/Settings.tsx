import { Card, Tabs } from 'antd'
import { EarningSettings } from '../settings/EarningSettings'
import { FinanceSettings } from '../settings/FinanceSettings'
import { InviteSettings } from '../settings/InviteSettings'
import { SigninSettings } from '../settings/SigninSettings'

/** 设置: the programme's settings, one tab per document (admins only). */
export function Settings() {
  return (
    <Card title="设置">
      <Tabs
        id="settings-tabs"
        destroyOnHidden
        items={[
          { key: 'earning', label: '积分规则', children: <EarningSettings /> },
          { key: 'signin', label: '签到奖励', children: <SigninSettings /> },
          { key: 'invite', label: '邀请奖励', children: <InviteSettings /> },
          { key: 'finance', label: '积分价值', children: <FinanceSettings /> },
        ]}
      />
    </Card>
  )
}
