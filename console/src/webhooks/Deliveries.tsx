import { App, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import type { DeliveryStatus, DeliveryView, WebhookView } from '../../../shared/webhooks/schemas'
import { call } from '../api'
import { ErrorAlert, errorText } from '../components/ErrorAlert'
import { usePaged } from '../components/usePaged'
import { at } from '../format'
import { STATUS, TYPE_NAMES } from './labels'

/**
 * Recent deliveries (admin.webhookDeliveries), newest first, of one webhook or status: how each went,
 * when the next attempt is, and 重新发送 for one that failed (or that the receiver lost).
 */
export function Deliveries({ webhooks, version }: { webhooks: WebhookView[]; version: number }) {
  const { message } = App.useApp()
  const [filter, setFilter] = useState<{ webhookId?: string; status?: DeliveryStatus }>({})
  const [reloads, setReloads] = useState(0)
  const [busy, setBusy] = useState<string | null>(null)
  const { rows, cursor, loading, error, more } = usePaged(async (from) => {
    const r = await call('webhookDeliveries', { ...filter, cursor: from })
    return { rows: r.deliveries, nextCursor: r.nextCursor }
  }, [filter, reloads, version])
  const redeliver = async (d: DeliveryView) => {
    setBusy(d.id)
    try {
      await call('redeliver', { deliveryId: d.id })
      message.success('已重新排队，下一次投递任务运行时发送')
      setReloads((n) => n + 1)
    } catch (e) {
      message.error(errorText(e))
    } finally {
      setBusy(null)
    }
  }
  const urlOf = (id: string) => webhooks.find((w) => w.id === id)?.url ?? '（已删除）'
  return (
    <Card title="投递记录" style={{ marginTop: 24 }} id="webhook-deliveries">
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          id="deliveries-webhook"
          allowClear
          placeholder="全部 Webhook"
          style={{ width: 320 }}
          value={filter.webhookId}
          onChange={(webhookId) => setFilter({ ...filter, webhookId })}
          options={webhooks.map((w) => ({ value: w.id, label: w.description || w.url }))}
        />
        <Select
          id="deliveries-status"
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={filter.status}
          onChange={(status) => setFilter({ ...filter, status })}
          options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))}
        />
        <Button id="deliveries-refresh" onClick={() => setReloads((n) => n + 1)}>
          刷新
        </Button>
      </Space>
      <ErrorAlert error={error} />
      <Table<DeliveryView>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '还没有投递记录：会员积分、等级、优惠券或订单有变动时，这里会出现发给各 Webhook 的记录' }}
        rowClassName={() => 'delivery-row'}
        expandable={{
          expandedRowRender: (d) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">投递 ID（接收方据此去重）：{d.id}</Typography.Text>
              <Typography.Text type="secondary">地址：{urlOf(d.webhookId)}</Typography.Text>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ id: d.eventId, type: d.type, occurredAt: d.occurredAt, data: d.data }, null, 2)}</pre>
              {d.lastResponse && <Typography.Text type="secondary">最近应答：{d.lastResponse}</Typography.Text>}
            </Space>
          ),
        }}
        columns={[
          { title: '时间', dataIndex: 'occurredAt', render: at },
          { title: '事件', dataIndex: 'type', render: (t: string) => <Tooltip title={t}>{TYPE_NAMES[t] ?? t}</Tooltip> },
          { title: 'Webhook', dataIndex: 'webhookId', render: (id: string) => webhooks.find((w) => w.id === id)?.description || urlOf(id) },
          { title: '状态', dataIndex: 'status', render: (s: DeliveryStatus) => <Tag color={STATUS[s].color} className="delivery-status" data-status={s}>{STATUS[s].text}</Tag> },
          { title: '尝试次数', key: 'attempts', render: (d: DeliveryView) => `${d.attempts} / ${d.maxAttempts}` },
          { title: '最近结果', key: 'last', render: (d: DeliveryView) => (d.lastAttemptAt ? <span className="delivery-last">{d.lastStatus ?? '—'}{d.lastError ? `：${d.lastError}` : ''}</span> : '—') },
          { title: '下次尝试', dataIndex: 'nextAttemptAt', render: (t: string | null) => (t ? at(t) : '—') },
          {
            title: '操作',
            key: 'actions',
            render: (d: DeliveryView) =>
              d.status === 'failed' || d.status === 'delivered' ? (
                <Button size="small" className="delivery-redeliver" loading={busy === d.id} onClick={() => void redeliver(d)}>
                  重新发送
                </Button>
              ) : null,
          },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 16 }} loading={loading} onClick={() => void more()}>
          加载更多
        </Button>
      )}
    </Card>
  )
}
