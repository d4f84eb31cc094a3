import { Card, Tabs } from 'antd'
import { EarningSettings } from '../settings/EarningSettings'
import { FinanceSettings } from '../settings/FinanceSettings'
import { InsightSettings } from '../settings/InsightSettings'
import { InviteSettings } from '../settings/InviteSettings'
import { MessagingSettings } from '../settings/MessagingSettings'
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
          { key: 'insight', label: '会员洞察', children: <InsightSettings /> },
          { key: 'messaging', label: '消息与授权', children: <MessagingSettings /> },
        ]}
      />
    </Card>
  )
}
