import { Divider, Form, InputNumber, Radio, Select, Space, Switch } from 'antd'
import { DefaultEarningRules, EarningRules } from '../../../shared/points/earning-rules'
import { SettingsPanel } from './SettingsPanel'
import { MultiplierInput } from './MultiplierInput'

type F = {
  rateYuan: number
  ratePoints: number
  memberDayOn: boolean
  memberDayWeekday: number
  memberDayMultiplier: string
  birthdayMonthMultiplier: string
  combine: 'highest' | 'multiply'
  validityKind: 'days' | 'yearEnd'
  validityDays: number
  validityYears: number
  pendingDays: number
  expiringSoonDays: number
  warningDays: number
  perOrderMaxYuan: number
  perStaffDailyYuan: number
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: i + 1, label: `星期${d}` }))
const fen = (yuan: number) => Math.round(yuan * 100)

/** Points rules (config/earning, shared/points/earning-rules.ts). Per-store overrides are in the JSON view. */
export function EarningSettings() {
  return (
    <SettingsPanel<F>
      kind="earning"
      schema={EarningRules}
      toForm={(raw) => {
        const parsed = EarningRules.safeParse(raw ?? {})
        const v = parsed.success ? parsed.data : DefaultEarningRules
        return {
          rateYuan: v.rate.yuan,
          ratePoints: v.rate.points,
          memberDayOn: v.memberDay !== null,
          memberDayWeekday: v.memberDay?.weekday ?? 3,
          memberDayMultiplier: v.memberDay?.multiplier ?? '2',
          birthdayMonthMultiplier: v.birthdayMonthMultiplier,
          combine: v.combine,
          validityKind: v.validity.kind,
          validityDays: v.validity.kind === 'days' ? v.validity.days : 365,
          validityYears: v.validity.kind === 'yearEnd' ? v.validity.years : 1,
          pendingDays: v.pendingDays,
          expiringSoonDays: v.expiringSoonDays,
          warningDays: v.warningDays,
          perOrderMaxYuan: v.till.perOrderMaxFen / 100,
          perStaffDailyYuan: v.till.perStaffDailyFen / 100,
        }
      }}
      fromForm={(f, raw) => ({
        ...(raw ?? {}),
        rate: { yuan: f.rateYuan, points: f.ratePoints },
        memberDay: f.memberDayOn ? { weekday: f.memberDayWeekday, multiplier: f.memberDayMultiplier } : null,
        birthdayMonthMultiplier: f.birthdayMonthMultiplier,
        combine: f.combine,
        validity: f.validityKind === 'days' ? { kind: 'days', days: f.validityDays } : { kind: 'yearEnd', years: f.validityYears },
        pendingDays: f.pendingDays,
        expiringSoonDays: f.expiringSoonDays,
        warningDays: f.warningDays,
        till: { perOrderMaxFen: fen(f.perOrderMaxYuan), perStaffDailyFen: fen(f.perStaffDailyYuan) },
      })}
      fields={(form) => (
        <>
          <Form.Item label="积分比例">
            <Space>
              每消费
              <Form.Item name="rateYuan" noStyle rules={[{ required: true, message: '请输入金额' }]}>
                <InputNumber id="earning-rate-yuan" min={1} max={10000} precision={0} />
              </Form.Item>
              元，得
              <Form.Item name="ratePoints" noStyle rules={[{ required: true, message: '请输入积分' }]}>
                <InputNumber id="earning-rate-points" min={0} max={10000} precision={0} />
              </Form.Item>
              积分（不足部分向下取整）
            </Space>
          </Form.Item>
          <Form.Item label="会员日">
            <Space>
              <Form.Item name="memberDayOn" valuePropName="checked" noStyle>
                <Switch id="earning-member-day" />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.memberDayOn !== b.memberDayOn}>
                {() =>
                  form.getFieldValue('memberDayOn') && (
                    <Space>
                      <Form.Item name="memberDayWeekday" noStyle>
                        <Select options={WEEKDAYS} style={{ width: 110 }} />
                      </Form.Item>
                      积分
                      <Form.Item name="memberDayMultiplier" noStyle>
                        <MultiplierInput />
                      </Form.Item>
                      倍
                    </Space>
                  )
                }
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label="生日月积分倍数" name="birthdayMonthMultiplier">
            <MultiplierInput />
          </Form.Item>
          <Form.Item label="多个倍数同时适用时" name="combine">
            <Radio.Group
              options={[
                { value: 'highest', label: '只取最高的一个' },
                { value: 'multiply', label: '相乘叠加' },
              ]}
            />
          </Form.Item>
          <Divider />
          <Form.Item label="积分有效期">
            <Space>
              <Form.Item name="validityKind" noStyle>
                <Select
                  style={{ width: 160 }}
                  options={[
                    { value: 'yearEnd', label: '到某年年底' },
                    { value: 'days', label: '获得后若干天' },
                  ]}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.validityKind !== b.validityKind}>
                {() =>
                  form.getFieldValue('validityKind') === 'days' ? (
                    <Space>
                      <Form.Item name="validityDays" noStyle>
                        <InputNumber min={1} max={3660} precision={0} />
                      </Form.Item>
                      天
                    </Space>
                  ) : (
                    <Space>
                      获得当年起第
                      <Form.Item name="validityYears" noStyle>
                        <InputNumber min={0} max={10} precision={0} />
                      </Form.Item>
                      年的 12 月 31 日（0 = 当年年底）
                    </Space>
                  )
                }
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label="消费积分冻结天数（退款期，0 = 立即可用）" name="pendingDays">
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item label="“即将过期”提示范围（天）" name="expiringSoonDays">
            <InputNumber min={1} max={366} precision={0} />
          </Form.Item>
          <Form.Item label="到期提醒提前天数" name="warningDays">
            <InputNumber min={1} max={366} precision={0} />
          </Form.Item>
          <Divider />
          <Form.Item label="收银积分上限：单笔订单金额（元，超出需店长审批）" name="perOrderMaxYuan">
            <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="收银积分上限：每位店员每日累计（元）" name="perStaffDailyYuan">
            <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
          </Form.Item>
        </>
      )}
    />
  )
}
