import { Button, Form, Input, InputNumber, Space, Switch } from 'antd'
import { DefaultSigninRules, SigninRules, type StreakReward } from '../../../shared/signin/schemas'
import { SettingsPanel } from './SettingsPanel'

type F = { dailyPoints: number; cycleOn: boolean; cycleDays: number; pointsValidDays: number; streakRewards: Array<{ day: number; points: number; couponTemplateId?: string }> }

/** Sign-in rewards (config/signin, shared/signin/schemas.ts). */
export function SigninSettings() {
  return (
    <SettingsPanel<F>
      kind="signin"
      schema={SigninRules}
      toForm={(raw) => {
        const parsed = SigninRules.safeParse(raw ?? {})
        const v = parsed.success ? parsed.data : DefaultSigninRules
        return {
          dailyPoints: v.dailyPoints,
          cycleOn: v.cycleDays !== null,
          cycleDays: v.cycleDays ?? 7,
          pointsValidDays: v.pointsValidDays,
          streakRewards: v.streakRewards.map((r) => ({ day: r.day, points: r.points, couponTemplateId: r.couponTemplateId ?? undefined })),
        }
      }}
      fromForm={(f, raw) => ({
        ...(raw ?? {}),
        dailyPoints: f.dailyPoints,
        cycleDays: f.cycleOn ? f.cycleDays : null,
        pointsValidDays: f.pointsValidDays,
        streakRewards: (f.streakRewards ?? []).map((r): StreakReward => ({ day: r.day, points: r.points ?? 0, couponTemplateId: r.couponTemplateId?.trim() || null })),
      })}
      fields={(form) => (
        <>
          <Form.Item label="每日签到积分" name="dailyPoints">
            <InputNumber id="signin-daily" min={0} max={100000} precision={0} />
          </Form.Item>
          <Form.Item label="奖励周期">
            <Space>
              <Form.Item name="cycleOn" valuePropName="checked" noStyle>
                <Switch />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.cycleOn !== b.cycleOn}>
                {() =>
                  form.getFieldValue('cycleOn') ? (
                    <Space>
                      每
                      <Form.Item name="cycleDays" noStyle>
                        <InputNumber min={1} max={366} precision={0} />
                      </Form.Item>
                      天重新计算连续奖励
                    </Space>
                  ) : (
                    '每项连续奖励在一次连续签到中只发一次'
                  )
                }
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label="签到积分有效天数" name="pointsValidDays">
            <InputNumber min={1} max={3660} precision={0} />
          </Form.Item>
          <Form.Item label="连续签到奖励">
            <Form.List name="streakRewards">
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Space key={row.key} align="baseline">
                      连续第
                      <Form.Item name={[row.name, 'day']} rules={[{ required: true, message: '请输入天数' }]}>
                        <InputNumber min={1} max={366} precision={0} />
                      </Form.Item>
                      天，加送
                      <Form.Item name={[row.name, 'points']}>
                        <InputNumber min={0} max={100000} precision={0} />
                      </Form.Item>
                      积分，优惠券
                      <Form.Item name={[row.name, 'couponTemplateId']}>
                        <Input placeholder="券模板 id（可不填）" style={{ width: 180 }} />
                      </Form.Item>
                      <Button type="link" danger onClick={() => remove(row.name)}>
                        删除
                      </Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({ day: 1, points: 10 })}>添加一档奖励</Button>
                </>
              )}
            </Form.List>
          </Form.Item>
        </>
      )}
    />
  )
}
