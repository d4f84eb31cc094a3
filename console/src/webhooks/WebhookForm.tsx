import { Checkbox, Form, Input, Space, Switch, Typography } from 'antd'
import { SaveWebhookInput, webhookUrlProblem, type WebhookView } from '../../../shared/webhooks/schemas'
import { ApiError, call, check, type Out } from '../api'
import { ActionForm } from '../member/ActionForm'
import { FAMILIES, FAMILY_NAMES, TYPE_NAMES } from './labels'

type Values = { url: string; events: string[]; active: boolean; description: string }

/**
 * Creates or edits a webhook: its address, the events it receives (a whole family, or single
 * types) and whether it is on. Checked with the function's own schema and address rule first.
 */
export function WebhookForm(props: { editing: WebhookView | null; open: boolean; onClose: () => void; onSaved: (r: Out<'saveWebhook'>) => void }) {
  const [form] = Form.useForm<Values>()
  const events = Form.useWatch('events', form) ?? []
  const w = props.editing
  return (
    <ActionForm<Values>
      title={w ? '编辑 Webhook' : '新建 Webhook'}
      id="webhook-form"
      form={form}
      open={props.open}
      onClose={props.onClose}
      onDone={() => undefined}
      initialValues={w ? { url: w.url, events: w.events, active: w.active, description: w.description } : { url: '', events: [], active: true, description: '' }}
      submit={async (v) => {
        // A type under a family that is checked whole adds nothing.
        const events = v.events.filter((e) => !e.includes('.') || !v.events.includes(e.split('.')[0]))
        const input = check(SaveWebhookInput, { ...(w ? { id: w.id } : {}), ...v, events })
        const problem = webhookUrlProblem(input.url)
        if (problem) throw new ApiError('WEBHOOK_URL_INVALID', problem, 'url')
        props.onSaved(await call('saveWebhook', input))
      }}
    >
      <Form.Item label="接收地址" name="url" rules={[{ required: true, message: '请填写 Webhook 地址' }]} extra="收银系统或 CRM 接收事件的网址，会卡以 POST 发送 JSON。">
        <Input id="webhook-url" placeholder="https://crm.example.com/huika/webhook" />
      </Form.Item>
      <Form.Item label="接收的事件" name="events" rules={[{ required: true, message: '请至少选择一类事件' }]}>
        <Checkbox.Group className="webhook-events" style={{ width: '100%' }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {FAMILIES.map(({ family, types }) => (
              <div key={family}>
                <Checkbox value={family} className={`webhook-event-${family}`}>
                  <Typography.Text strong>全部{FAMILY_NAMES[family]}</Typography.Text>
                </Checkbox>
                <div style={{ paddingLeft: 24 }}>
                  {types.map((t) => (
                    <Checkbox key={t} value={t} disabled={events.includes(family)} className={`webhook-event-${t.replace('.', '-')}`}>
                      {TYPE_NAMES[t]}
                    </Checkbox>
                  ))}
                </div>
              </div>
            ))}
          </Space>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item label="启用" name="active" valuePropName="checked" extra="停用后不再产生新的投递，尚未送出的投递将标记为失败（可在下方重新发送）。">
        <Switch id="webhook-active" />
      </Form.Item>
      <Form.Item label="说明" name="description">
        <Input id="webhook-description" maxLength={200} placeholder="例如：总部 CRM 会员同步" />
      </Form.Item>
    </ActionForm>
  )
}
