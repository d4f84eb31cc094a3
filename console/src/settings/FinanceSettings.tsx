import { Form, InputNumber, Space } from 'antd'
import { DefaultPointValue, FinanceConfig } from '../../../shared/finance/liability'
import { SettingsPanel } from './SettingsPanel'

type F = { fen: number; points: number }

/** What a point is worth (config/finance, shared/finance/liability.ts): the liability report's rate. */
export function FinanceSettings() {
  return (
    <SettingsPanel<F>
      kind="finance"
      schema={FinanceConfig}
      toForm={(raw) => {
        const parsed = FinanceConfig.safeParse(raw ?? {})
        return parsed.success ? parsed.data.pointValue : DefaultPointValue
      }}
      fromForm={(f, raw) => ({ ...(raw ?? {}), pointValue: { fen: f.fen, points: f.points } })}
      fields={() => (
        <Form.Item label="积分价值" extra="用于计算积分负债：例如每 100 积分值 100 分（即 1 元）。">
          <Space>
            每
            <Form.Item name="points" noStyle rules={[{ required: true, message: '请输入积分数' }]}>
              <InputNumber id="finance-points" min={1} max={1000000} precision={0} />
            </Form.Item>
            积分值
            <Form.Item name="fen" noStyle rules={[{ required: true, message: '请输入金额' }]}>
              <InputNumber id="finance-fen" min={0} max={1000000} precision={0} />
            </Form.Item>
            分
          </Space>
        </Form.Item>
      )}
    />
  )
}
