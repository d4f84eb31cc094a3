import { Button, Card, Divider, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd'
import { DefaultMessagingConfig, MessagingConfig, type SubscribeTemplate } from '../../../shared/messaging/config'
import type { MessageKind } from '../../../shared/messaging/kinds'
import { SettingsPanel } from './SettingsPanel'
import { keywordsIn, keywordsOut, TemplateKeywords, type KeywordRow } from './TemplateKeywords'

type F = {
  capMessages: number
  capDays: number
  smsFallback: boolean
  optInLimit: number
  askAgainAfterDays: number
  templates: Array<{ name: string; title: string; kinds: MessageKind[]; wechatTemplateId?: string; wechatFields?: KeywordRow[] }>
}

const KIND_LABELS: Record<MessageKind, string> = {
  'points-expiry': '积分到期提醒',
  'tier-at-risk': '保级提醒',
  'tier-changed': '等级变动通知',
  welcome: '新会员欢迎',
  birthday: '生日福利',
  'win-back': '沉睡唤醒',
  campaign: '营销活动',
}
const KIND_OPTIONS = Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))

/**
 * 消息与授权 (config/messaging, shared/messaging/config.ts): the frequency cap, the subscribe templates
 * with their WeChat template ids and keywords, and the SMS fallback.
 */
export function MessagingSettings() {
  return (
    <SettingsPanel<F>
      kind="messaging"
      schema={MessagingConfig}
      toForm={(raw) => {
        const parsed = MessagingConfig.safeParse(raw ?? {})
        const v = parsed.success ? parsed.data : DefaultMessagingConfig
        return {
          capMessages: v.cap.messages,
          capDays: v.cap.days,
          smsFallback: v.smsFallback,
          optInLimit: v.optInLimit,
          askAgainAfterDays: v.askAgainAfterDays,
          templates: v.templates.map((t) => ({ ...t, wechatFields: keywordsIn(t.wechatFields) })),
        }
      }}
      fromForm={(f, raw) => ({
        ...(raw ?? {}),
        cap: { messages: f.capMessages, days: f.capDays },
        smsFallback: f.smsFallback,
        optInLimit: f.optInLimit,
        askAgainAfterDays: f.askAgainAfterDays,
        templates: (f.templates ?? []).map(
          (t): SubscribeTemplate => ({
            name: t.name?.trim() ?? '',
            title: t.title?.trim() ?? '',
            kinds: t.kinds ?? [],
            wechatTemplateId: t.wechatTemplateId?.trim() ?? '',
            wechatFields: keywordsOut(t.wechatFields),
          }),
        ),
      })}
      fields={(form) => (
        <>
          <Form.Item label="营销消息频次上限" extra="新会员欢迎、生日福利、沉睡唤醒和营销活动计入上限；积分到期、保级和等级变动提醒不计入，也不受限制">
            <Space>
              每位会员每
              <Form.Item name="capDays" noStyle>
                <InputNumber id="messaging-cap-days" min={1} max={90} precision={0} />
              </Form.Item>
              天最多
              <Form.Item name="capMessages" noStyle>
                <InputNumber id="messaging-cap-messages" min={1} max={50} precision={0} />
              </Form.Item>
              条
            </Space>
          </Form.Item>
          <Form.Item label="短信补发" extra="会员没有可用的订阅授权时，改发短信给同意接收短信通知的会员">
            <Form.Item name="smsFallback" valuePropName="checked" noStyle>
              <Switch id="messaging-sms-fallback" />
            </Form.Item>
          </Form.Item>
          <Form.Item label="每个模板最多保留的授权次数" name="optInLimit" extra="会员每同意一次可发送一条；超出部分只记录，不累计">
            <InputNumber min={1} max={50} precision={0} />
          </Form.Item>
          <Form.Item label="会员拒绝后再次询问的间隔（天）" name="askAgainAfterDays">
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Divider orientation="left">订阅消息模板</Divider>
          <Typography.Paragraph type="secondary">
            小程序在会员签到、积分到账后请求授权，每次最多 3 个模板，优先请求积分到期和等级提醒。模板 ID 在微信公众平台「订阅消息」中获取；本地模式可留空，不必设置关键词。
          </Typography.Paragraph>
          <Form.List name="templates">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Card key={row.key} size="small" style={{ marginBottom: 12 }}>
                    <Space align="baseline" wrap>
                      <Form.Item name={[row.name, 'name']} rules={[{ required: true, message: '请填写名称' }]}>
                        <Input placeholder="名称，如 points-expiry" style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'title']} rules={[{ required: true, message: '请填写标题' }]}>
                        <Input placeholder="会员看到的标题" style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'kinds']} rules={[{ required: true, message: '请选择消息类型' }]}>
                        <Select mode="multiple" options={KIND_OPTIONS} placeholder="承载的消息" style={{ width: 260 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'wechatTemplateId']}>
                        <Input placeholder="微信模板 ID（可不填）" style={{ width: 220 }} />
                      </Form.Item>
                      <Button type="link" danger onClick={() => remove(row.name)}>
                        删除模板
                      </Button>
                    </Space>
                    <TemplateKeywords form={form} index={row.name} />
                  </Card>
                ))}
                <Button onClick={() => add({ name: '', title: '', kinds: [], wechatTemplateId: '', wechatFields: [] })}>添加模板</Button>
              </>
            )}
          </Form.List>
          <div style={{ height: 24 }} />
        </>
      )}
    />
  )
}
