import { Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd'
import { JourneysConfig, JOURNEYS, type JourneyKey } from '../../../shared/marketing/journeys'
import type { MemberPage } from '../../../shared/marketing/schemas'
import { useLoad } from '../components/useLoad'
import { copyFromForm, copyToForm, type VariantForm } from '../campaigns/draft'
import { CHANNEL } from '../campaigns/labels'
import { couponOptions, levelOptions, PAGE_OPTIONS } from '../campaigns/options'
import { VariantsField } from '../campaigns/VariantsField'
import { SettingsPanel } from '../settings/SettingsPanel'

type JourneyForm = {
  enabled: boolean
  couponTemplateId?: string | null
  points?: number | null
  channel: 'subscribe' | 'sms'
  text: string
  variants: VariantForm[]
  page: MemberPage
}
type F = Record<JourneyKey, JourneyForm> & { withinDays: number; sendFromHour: number; sendUntilHour: number }

export const JOURNEY_NAMES: Record<JourneyKey, [string, string]> = {
  welcome: ['新会员礼包', '注册后首次运行时发送，每人一次（导入的老顾客不发）'],
  birthday: ['生日月礼遇', '生日所在月份的第一次运行时发送，每人每年一次'],
  winBack: ['沉睡会员唤醒', '会员洞察判定为沉睡的会员，每次沉睡发送一次'],
}

/** The three journeys the `journeys` job runs (config/journeys): each switched on with its reward, channel, copy and page. */
export function JourneySettings() {
  const coupons = useLoad(couponOptions, [])
  const levels = useLoad(levelOptions, [])
  return (
    <SettingsPanel<F>
      kind="journeys"
      schema={JourneysConfig}
      toForm={(raw) => {
        const parsed = JourneysConfig.safeParse(raw ?? {})
        const v = parsed.success ? parsed.data : JourneysConfig.parse({})
        const one = (k: JourneyKey): JourneyForm => ({
          enabled: v[k].enabled,
          couponTemplateId: v[k].reward.couponTemplateId,
          points: v[k].reward.points || null,
          channel: v[k].channel,
          ...copyToForm(v[k].copy),
          page: v[k].page,
        })
        return { welcome: one('welcome'), birthday: one('birthday'), winBack: one('winBack'), withinDays: v.welcome.withinDays, sendFromHour: v.sendFromHour, sendUntilHour: v.sendUntilHour }
      }}
      fromForm={(f, raw) => {
        const one = (k: JourneyKey) => ({
          ...(raw?.[k] ?? {}),
          enabled: f[k].enabled,
          reward: { ...(raw?.[k]?.reward ?? {}), couponTemplateId: f[k].couponTemplateId || null, points: f[k].points ?? 0 },
          channel: f[k].channel,
          copy: copyFromForm(f[k].text, f[k].variants),
          page: f[k].page,
        })
        return {
          ...(raw ?? {}),
          welcome: { ...one('welcome'), withinDays: f.withinDays },
          birthday: one('birthday'),
          winBack: one('winBack'),
          sendFromHour: f.sendFromHour,
          sendUntilHour: f.sendUntilHour,
        }
      }}
      fields={() => (
        <>
          <Form.Item label="发送时段（北京时间）">
            <Space>
              <Form.Item name="sendFromHour" noStyle>
                <InputNumber id="journeys-from-hour" min={0} max={23} precision={0} addonAfter="点起" />
              </Form.Item>
              <Form.Item name="sendUntilHour" noStyle>
                <InputNumber id="journeys-until-hour" min={1} max={24} precision={0} addonAfter="点前" />
              </Form.Item>
            </Space>
          </Form.Item>
          {JOURNEYS.map((k) => (
            <Card key={k} size="small" title={JOURNEY_NAMES[k][0]} style={{ marginBottom: 16 }} id={`journey-settings-${k}`}>
              <Typography.Paragraph type="secondary">{JOURNEY_NAMES[k][1]}</Typography.Paragraph>
              <Space wrap align="start">
                <Form.Item label="启用" name={[k, 'enabled']} valuePropName="checked">
                  <Switch id={`journey-${k}-enabled`} />
                </Form.Item>
                {k === 'welcome' && (
                  <Form.Item label="注册几天内" name="withinDays">
                    <InputNumber min={1} max={30} precision={0} addonAfter="天" />
                  </Form.Item>
                )}
                <Form.Item label="优惠券" name={[k, 'couponTemplateId']} style={{ minWidth: 260 }}>
                  <Select id={`journey-${k}-coupon`} allowClear loading={coupons.loading} options={coupons.data ?? []} placeholder="不发券" />
                </Form.Item>
                <Form.Item label="赠送积分" name={[k, 'points']}>
                  <InputNumber id={`journey-${k}-points`} min={0} max={100000} precision={0} placeholder="0" />
                </Form.Item>
              </Space>
              <Form.Item label="渠道" name={[k, 'channel']}>
                <Radio.Group options={Object.entries(CHANNEL).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item label="默认文案" name={[k, 'text']} rules={[{ required: true, message: '请填写文案' }]}>
                <Input.TextArea id={`journey-${k}-text`} rows={2} maxLength={300} showCount />
              </Form.Item>
              <Form.Item label="分组文案（可选）">
                <VariantsField name={[k, 'variants']} idPrefix={`journey-${k}`} levels={levels.data ?? []} />
              </Form.Item>
              <Form.Item label="点击消息打开" name={[k, 'page']}>
                <Select options={PAGE_OPTIONS} />
              </Form.Item>
            </Card>
          ))}
        </>
      )}
    />
  )
}
