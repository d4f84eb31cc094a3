import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import type { WebhookView } from '../../../shared/webhooks/schemas'
import { call } from '../api'
import { ErrorAlert, errorText } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { at } from '../format'
import { Deliveries } from '../webhooks/Deliveries'
import { subscriptionName } from '../webhooks/labels'
import { SecretModal } from '../webhooks/SecretModal'
import { WebhookForm } from '../webhooks/WebhookForm'

/**
 * Webhooks (admins): the addresses a POS or CRM receives points, tier, coupon and order events at,
 * each signed with its own secret; and below, how every delivery went.
 */
export function Webhooks() {
  const { message } = App.useApp()
  const list = useLoad(() => call('webhooks', {}), [])
  const [editing, setEditing] = useState<WebhookView | 'new' | null>(null)
  const [secret, setSecret] = useState<string | null>(null)
  // Bumped after anything that adds deliveries, so the table below reloads.
  const [version, setVersion] = useState(0)
  const act = async (work: () => Promise<void>) => {
    try {
      await work()
      await list.reload()
      setVersion((v) => v + 1)
    } catch (e) {
      message.error(errorText(e))
    }
  }
  const rotate = (w: WebhookView) =>
    act(async () => {
      setSecret((await call('rotateWebhookSecret', { id: w.id })).secret)
    })
  const remove = (w: WebhookView) =>
    act(async () => {
      await call('deleteWebhook', { id: w.id })
      message.success('已删除')
    })
  const test = (w: WebhookView) =>
    act(async () => {
      await call('testWebhook', { id: w.id })
      message.success('测试消息已排队，稍后在投递记录中查看结果')
    })
  const webhooks = list.data?.webhooks ?? []
  return (
    <>
      <Card
        title="Webhooks"
        extra={
          <Button type="primary" id="webhook-new" onClick={() => setEditing('new')}>
            新建 Webhook
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          会员的积分、等级、优惠券和商城订单有变动时，会卡把事件以签名的 JSON 发送到下面的地址，供收银系统或 CRM 同步。送达失败会按 1 分钟、5 分钟、30 分钟、2 小时、6 小时、24 小时的间隔重试；同一投递重试时投递 ID 不变，接收方可据此去重。
        </Typography.Paragraph>
        <ErrorAlert error={list.error} />
        <Table<WebhookView>
          id="webhooks-table"
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={webhooks}
          pagination={false}
          locale={{ emptyText: '还没有 Webhook：点击“新建 Webhook”添加接收地址' }}
          rowClassName={() => 'webhook-row'}
          columns={[
            {
              title: '地址',
              key: 'url',
              render: (w: WebhookView) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text className="webhook-url" copyable>
                    {w.url}
                  </Typography.Text>
                  {w.description && <Typography.Text type="secondary">{w.description}</Typography.Text>}
                </Space>
              ),
            },
            { title: '事件', dataIndex: 'events', render: (es: string[]) => es.map((e) => <Tag key={e}>{subscriptionName(e)}</Tag>) },
            { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
            { title: '密钥', dataIndex: 'secretHint', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
            { title: '更新时间', dataIndex: 'updatedAt', render: at },
            {
              title: '操作',
              key: 'actions',
              render: (w: WebhookView) => (
                <Space wrap>
                  <Button size="small" id={`webhook-edit-${w.id}`} onClick={() => setEditing(w)}>
                    编辑
                  </Button>
                  <Button size="small" id={`webhook-test-${w.id}`} onClick={() => void test(w)}>
                    发送测试
                  </Button>
                  <Popconfirm title="轮换密钥？" description="旧密钥立即失效，接收方需换用新密钥验证签名。" okText="轮换" cancelText="取消" onConfirm={() => rotate(w)}>
                    <Button size="small" id={`webhook-rotate-${w.id}`}>
                      轮换密钥
                    </Button>
                  </Popconfirm>
                  <Popconfirm title="删除这个 Webhook？" description="尚未送出的投递将不再发送。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove(w)}>
                    <Button size="small" danger id={`webhook-delete-${w.id}`}>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <WebhookForm
        open={editing !== null}
        editing={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(r) => {
          message.success(r.created ? '已创建' : '已保存')
          if (r.secret) setSecret(r.secret)
          void list.reload()
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <Deliveries webhooks={webhooks} version={version} />
    </>
  )
}
