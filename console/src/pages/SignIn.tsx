import { Button, Card, Empty, Form, Input, List, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { LoginInput } from '../../../shared/admin/schemas'
import { ApiError, call, check, devOperators, serverMode, type DevOperator } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { roleName } from '../operator'
import { setSession } from '../session'

/** Local mode: pick a manager or admin to act as (the dev identity header). Any mode: username and password. */
function DevSignIn() {
  const [operators, setOperators] = useState<DevOperator[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    devOperators().then(setOperators, setError)
  }, [])
  return (
    <Card title="本地开发登录" size="small" style={{ marginBottom: 16 }} id="dev-sign-in">
      <Typography.Paragraph type="secondary">本地模式下可直接以任一店长或管理员的身份操作（生产环境不可用）。</Typography.Paragraph>
      <ErrorAlert error={error} />
      <List
        loading={!operators && !error}
        dataSource={operators ?? []}
        locale={{ emptyText: <Empty description="还没有店长或管理员：先运行 npm run cli -- staff add --role admin …" /> }}
        renderItem={(op) => (
          <List.Item
            actions={[
              <Button key="go" type="primary" id={`dev-op-${op.openid}`} onClick={() => setSession({ kind: 'dev', openid: op.openid })}>
                以此身份登录
              </Button>,
            ]}
          >
            <Space>
              <span>{op.name ?? op.openid}</span>
              <Tag color={op.role === 'admin' ? 'volcano' : 'blue'}>{roleName(op.role)}</Tag>
              <Typography.Text type="secondary">门店 {op.storeId}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}

function PasswordSignIn() {
  const [form] = Form.useForm()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const submit = async (values: { username?: string; password?: string }) => {
    setError(null)
    setBusy(true)
    try {
      const input = check(LoginInput, values)
      const r = await call('login', input)
      setSession({ kind: 'token', token: r.token })
    } catch (e) {
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field, errors: [e.message] }])
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="账号密码登录" size="small">
      <ErrorAlert error={error} id="login-error" />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input id="login-username" autoComplete="username" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password id="login-password" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} id="login-submit">
          登录
        </Button>
      </Form>
    </Card>
  )
}

export function SignIn() {
  const [mode, setMode] = useState<'local' | 'production' | null>(null)
  useEffect(() => {
    serverMode().then(setMode, () => setMode('production'))
  }, [])
  return (
    <div style={{ maxWidth: 480, margin: '64px auto', padding: 16 }}>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        会卡 · 商户管理后台
      </Typography.Title>
      {mode === 'local' && <DevSignIn />}
      {mode && <PasswordSignIn />}
    </div>
  )
}
