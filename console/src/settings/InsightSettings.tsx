import { Form, InputNumber, Space } from 'antd'
import { DefaultInsightConfig, InsightConfig } from '../../../shared/insight/rfm'
import { SettingsPanel } from './SettingsPanel'

type Four = [number, number, number, number]
type F = {
  windowDays: number
  recencyDays: Four
  frequencyVisits: Four
  /** In yuan on the form; fen when saved. */
  monetaryYuan: Four
  newDays: number
  activeDays: number
  atRiskDays: number
  topSharePercent: number
}

/** Four thresholds in a row: "score 2 from a, 3 from b …" (or, for recency, "5 within a days …"). */
function Bands(props: { name: keyof F; label: string; extra: string; unit: string; precision?: number }) {
  return (
    <Form.Item label={props.label} extra={props.extra}>
      <Space wrap>
        {[0, 1, 2, 3].map((i) => (
          <Space key={i} size={4}>
            <Form.Item name={[props.name, i]} noStyle rules={[{ required: true, message: '请填写分界值' }]}>
              <InputNumber id={`insight-${props.name}-${i}`} min={0} max={100_000_000} precision={props.precision ?? 0} style={{ width: 110 }} />
            </Form.Item>
            {props.unit}
          </Space>
        ))}
      </Space>
    </Form.Item>
  )
}

/** Member insight (config/insight, shared/insight/rfm.ts): RFM bands, lifecycle days and the top-spender share. */
export function InsightSettings() {
  return (
    <SettingsPanel<F>
      kind="insight"
      schema={InsightConfig}
      toForm={(raw) => {
        const parsed = InsightConfig.safeParse(raw ?? {})
        const v = parsed.success ? parsed.data : DefaultInsightConfig
        const four = (xs: number[]) => xs as Four
        return { ...v, recencyDays: four(v.recencyDays), frequencyVisits: four(v.frequencyVisits), monetaryYuan: four(v.monetaryFen.map((f) => f / 100)) }
      }}
      fromForm={(f, raw) => ({
        ...(raw ?? {}),
        windowDays: f.windowDays,
        recencyDays: f.recencyDays,
        frequencyVisits: f.frequencyVisits,
        monetaryFen: f.monetaryYuan.map((y) => Math.round(y * 100)),
        newDays: f.newDays,
        activeDays: f.activeDays,
        atRiskDays: f.atRiskDays,
        topSharePercent: f.topSharePercent,
      })}
      fields={() => (
        <>
          <p style={{ color: '#888' }}>每晚的会员洞察按这里的设置计算，修改后从下一次计算起生效。</p>
          <Form.Item label="统计窗口" extra="消费频次、消费金额、优惠券使用和商城兑换都只统计最近这么多天。">
            <Space>
              最近
              <Form.Item name="windowDays" noStyle>
                <InputNumber id="insight-window" min={30} max={730} precision={0} />
              </Form.Item>
              天
            </Space>
          </Form.Item>
          <Bands name="recencyDays" label="最近消费（R）" unit="天" extra="距上次消费的天数不超过第 1 个值得 5 分，不超过第 2 个得 4 分，依次类推；更久或从未消费得 1 分。从小到大填写。" />
          <Bands name="frequencyVisits" label="消费频次（F）" unit="天" extra="窗口内有消费的天数：达到第 1 个值得 2 分，达到第 2 个得 3 分，依次类推，达到第 4 个得 5 分。" />
          <Bands name="monetaryYuan" label="消费金额（M）" unit="元" precision={2} extra="窗口内扣除退款后的消费金额：达到第 1 个值得 2 分，依次类推，达到第 4 个得 5 分。" />
          <Form.Item label="生命周期" extra="注册不满“新会员”天数的是新会员；其余按距上次消费的天数分为活跃、流失风险和沉睡（从未消费也算沉睡）。">
            <Space wrap>
              新会员：注册
              <Form.Item name="newDays" noStyle>
                <InputNumber id="insight-new-days" min={1} max={365} precision={0} />
              </Form.Item>
              天内；活跃：
              <Form.Item name="activeDays" noStyle>
                <InputNumber id="insight-active-days" min={1} max={730} precision={0} />
              </Form.Item>
              天内消费过；流失风险：
              <Form.Item name="atRiskDays" noStyle>
                <InputNumber id="insight-at-risk-days" min={2} max={1460} precision={0} />
              </Form.Item>
              天内消费过；更久为沉睡
            </Space>
          </Form.Item>
          <Form.Item label="高价值会员" extra="按窗口内消费金额排名，前这么多比例的消费会员为高价值会员（即“二八法则”中的 20%）。">
            <Space>
              消费金额前
              <Form.Item name="topSharePercent" noStyle>
                <InputNumber id="insight-top-percent" min={1} max={50} precision={0} />
              </Form.Item>
              %
            </Space>
          </Form.Item>
        </>
      )}
    />
  )
}
