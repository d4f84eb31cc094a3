import {
  AppstoreOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  ClusterOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  CrownOutlined,
  DashboardOutlined,
  GiftOutlined,
  ImportOutlined,
  SettingOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons'
import { Layout as AntLayout, Button, Menu, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { call } from './api'
import { AdminOnly } from './components/AdminOnly'
import { roleName, useOperator } from './operator'
import { Audit } from './pages/Audit'
import { Campaigns } from './pages/Campaigns'
import { Journeys } from './pages/Journeys'
import { Segments } from './pages/Segments'
import { Webhooks } from './pages/Webhooks'
import { CataloguePage } from './pages/CataloguePage'
import { Dashboard } from './pages/Dashboard'
import { Imports } from './pages/Imports'
import { MemberPage } from './pages/MemberPage'
import { Members } from './pages/Members'
import { Reports } from './pages/Reports'
import { Settings } from './pages/Settings'
import { Tiers } from './pages/Tiers'
import { navigate, useRoute } from './route'
import { setSession } from './session'

type Entry = { key: string; label: string; icon: ReactNode; adminOnly?: boolean }
const MENU: Entry[] = [
  { key: 'dashboard', label: '概览', icon: <DashboardOutlined /> },
  { key: 'members', label: '会员', icon: <TeamOutlined /> },
  { key: 'segments', label: '人群', icon: <ClusterOutlined /> },
  { key: 'campaigns', label: '营销活动', icon: <NotificationOutlined /> },
  { key: 'journeys', label: '自动旅程', icon: <NodeIndexOutlined />, adminOnly: true },
  { key: 'settings', label: '设置', icon: <SettingOutlined />, adminOnly: true },
  { key: 'tiers', label: '等级', icon: <CrownOutlined />, adminOnly: true },
  { key: 'coupons', label: '优惠券', icon: <TagsOutlined /> },
  { key: 'items', label: '积分商城', icon: <GiftOutlined /> },
  { key: 'games', label: '游戏', icon: <TrophyOutlined /> },
  { key: 'org', label: '门店与员工', icon: <ShopOutlined /> },
  { key: 'reports', label: '报表', icon: <BarChartOutlined /> },
  { key: 'imports', label: '导入导出', icon: <ImportOutlined /> },
  { key: 'webhooks', label: 'Webhooks', icon: <ApiOutlined />, adminOnly: true },
  { key: 'audit', label: '操作记录', icon: <AuditOutlined /> },
]

function Page({ route }: { route: string[] }) {
  const [section = 'dashboard', id] = route
  switch (section) {
    case 'members':
      return id ? <MemberPage memberId={id} /> : <Members />
    case 'settings':
      return <AdminOnly>{<Settings />}</AdminOnly>
    case 'tiers':
      return <AdminOnly>{<Tiers />}</AdminOnly>
    case 'coupons':
      return <CataloguePage kinds={['coupons']} />
    case 'items':
      return <CataloguePage kinds={['items']} />
    case 'games':
      return <CataloguePage kinds={['wheels', 'campaigns']} />
    case 'org':
      return <CataloguePage kinds={['stores', 'staff']} />
    case 'reports':
      return <Reports />
    case 'imports':
      return <Imports />
    case 'segments':
      return <Segments />
    case 'campaigns':
      return <Campaigns />
    case 'journeys':
      return <AdminOnly>{<Journeys />}</AdminOnly>
    case 'webhooks':
      return <AdminOnly>{<Webhooks />}</AdminOnly>
    case 'audit':
      return <Audit />
    default:
      return <Dashboard />
  }
}

/** The signed-in frame: the left menu (programme-wide sections only for admins) and the operator's name. */
export function Layout() {
  const op = useOperator()
  const route = useRoute()
  const section = route[0] ?? 'dashboard'
  const signOut = async () => {
    await call('logout', {}).catch(() => undefined)
    setSession(null)
  }
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 24px', fontWeight: 600, fontSize: 18 }}>
          <AppstoreOutlined /> 会卡管理后台
        </div>
        <Menu
          id="console-menu"
          mode="inline"
          selectedKeys={[section]}
          items={MENU.filter((m) => !m.adminOnly || op.allStores).map((m) => ({ key: m.key, icon: m.icon, label: <span id={`menu-${m.key}`}>{m.label}</span> }))}
          onClick={({ key }) => navigate(`/${key}`)}
        />
      </AntLayout.Sider>
      <AntLayout>
        <AntLayout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', borderBottom: '1px solid #f0f0f0' }}>
          <Space>
            <Typography.Text id="console-operator" data-role={op.role}>
              {op.name ?? op.openid}（{roleName(op.role)}
              {op.allStores ? '，全部门店' : `，${op.stores.map((s) => s.name).join('、') || op.storeId}`}）
            </Typography.Text>
            <Button id="console-sign-out" onClick={signOut}>
              退出
            </Button>
          </Space>
        </AntLayout.Header>
        <AntLayout.Content style={{ padding: 24 }}>
          <Page route={route} />
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  )
}
