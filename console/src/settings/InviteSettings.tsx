import { Form, Input, InputNumber, Radio, Space, Switch } from 'antd'
import { DefaultShareRules, ShareRules } from '../../../shared/share/schemas'
import { SettingsPanel } from './SettingsPanel'

type F = {
  inviterPoints: number
  inviterCoupon?: string
  inviteePoints: number
  inviteeCoupon?: string
  payOn: 'registration' | 'first_purchase'
  capOn: boolean
  cap: number
}

/** Invite rewards (config/share, shared/share/schemas.ts). */
export function InviteSettings() {
  return (
    <SettingsPanel<F>
      kind="invite"
      schema={ShareRules}
      toForm={(raw) => {
        const parsed = ShareRules.safeParse(raw ?? {})
        const v = parsed.success ? parsed.data : DefaultShareRules
        return {
          inviterPoints: v.inviter.points,
          inviterCoupon: v.inviter.couponTemplateId ?? undefined,
          inviteePoints: v.invitee.points,
          inviteeCoupon: v.invitee.couponTemplateId ?? undefined,
          payOn: v.payOn,
          capOn: v.maxRewardedPerInviter !== null,
          cap: v.maxRewardedPerInviter ?? 50,
        }
      }}
      fromForm={(f, raw) => ({
        ...(raw ?? {}),
        inviter: { points: f.inviterPoints, couponTemplateId: f.inviterCoupon?.trim() || null },
        invitee: { points: f.inviteePoints, couponTemplateId: f.inviteeCoupon?.trim() || null },
        payOn: f.payOn,
        maxRewardedPerInviter: f.capOn ? f.cap : null,
      })}
      fields={(form) => (
        <>
          <Form.Item label="邀请人奖励">
            <Space>
              <Form.Item name="inviterPoints" noStyle>
                <InputNumber id="invite-inviter-points" min={0} max={1000000} precision={0} />
              </Form.Item>
              积分，优惠券
              <Form.Item name="inviterCoupon" noStyle>
                <Input placeholder="券模板 id（可不填）" style={{ width: 180 }} />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label="被邀请人奖励">
            <Space>
              <Form.Item name="inviteePoints" noStyle>
                <InputNumber min={0} max={1000000} precision={0} />
              </Form.Item>
              积分，优惠券
              <Form.Item name="inviteeCoupon" noStyle>
                <Input placeholder="券模板 id（可不填）" style={{ width: 180 }} />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label="何时发放" name="payOn">
            <Radio.Group
              options={[
                { value: 'first_purchase', label: '好友首次消费后（防止只为拿奖励注册）' },
                { value: 'registration', label: '好友注册后' },
              ]}
            />
          </Form.Item>
          <Form.Item label="每位邀请人最多奖励">
            <Space>
              <Form.Item name="capOn" valuePropName="checked" noStyle>
                <Switch />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.capOn !== b.capOn}>
                {() =>
                  form.getFieldValue('capOn') ? (
                    <Space>
                      <Form.Item name="cap" noStyle>
                        <InputNumber min={1} max={100000} precision={0} />
                      </Form.Item>
                      位好友
                    </Space>
                  ) : (
                    '不限'
                  )
                }
              </Form.Item>
            </Space>
          </Form.Item>
        </>
      )}
    />
  )
}
