import { Checkbox, Form, InputNumber, Radio, Select, Slider, Space } from 'antd'
import type { SegmentFilter } from '../../../shared/insight/segment'
import type { Lifecycle } from '../../../shared/insight/rfm'
import { LIFECYCLE } from './labels'

type Range = { min?: number; max?: number }
type Option = { value: string; label: string }

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1} 月` }))

/** An RFM score range on a 1–5 slider; the whole range means no condition. */
function ScoreRange(props: { id: string; value: Range | undefined; onChange: (r: Range | undefined) => void }) {
  const lo = props.value?.min ?? 1
  const hi = props.value?.max ?? 5
  return (
    <div id={props.id} data-min={lo} data-max={hi} style={{ width: 260 }}>
      <Slider
        range
        min={1}
        max={5}
        marks={{ 1: '1', 2: '2', 3: '3', 4: '4', 5: '5' }}
        value={[lo, hi]}
        onChange={([a, b]) => props.onChange(a === 1 && b === 5 ? undefined : { ...(a > 1 ? { min: a } : {}), ...(b < 5 ? { max: b } : {}) })}
      />
    </div>
  )
}

/** A count range: at least / at most (either may be left empty). */
function CountRange(props: { id: string; unit: string; value: Range | undefined; onChange: (r: Range | undefined) => void }) {
  const set = (k: 'min' | 'max', v: number | null) => {
    const next: Range = { ...props.value }
    if (v === null) delete next[k]
    else next[k] = v
    props.onChange(next.min === undefined && next.max === undefined ? undefined : next)
  }
  return (
    <Space>
      至少
      <InputNumber id={`${props.id}-min`} min={0} max={1_000_000} precision={0} placeholder="不限" value={props.value?.min ?? null} onChange={(v) => set('min', v)} />
      至多
      <InputNumber id={`${props.id}-max`} min={0} max={1_000_000} precision={0} placeholder="不限" value={props.value?.max ?? null} onChange={(v) => set('max', v)} />
      {props.unit}
    </Space>
  )
}

/**
 * The conditions of a segment (shared/insight/segment.ts): every condition filled in must hold; within
 * one, any of the values chosen matches. Empty conditions are left out of the filter.
 */
export function FilterBuilder(props: { value: SegmentFilter; onChange: (f: SegmentFilter) => void; levels: Option[]; tags: Option[]; windowDays: number | null }) {
  const f = props.value
  const set = <K extends keyof SegmentFilter>(key: K, v: SegmentFilter[K] | undefined) => {
    const next = { ...f }
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete next[key]
    else next[key] = v
    props.onChange(next)
  }
  const window = props.windowDays ? `（最近 ${props.windowDays} 天）` : '（统计窗口内）'
  return (
    <Form id="segment-filter" layout="horizontal" labelCol={{ flex: '120px' }} labelAlign="left" colon={false}>
      <Form.Item label="会员等级">
        <Select id="segment-tiers" mode="multiple" allowClear placeholder="不限" options={props.levels} value={f.tiers ?? []} onChange={(v) => set('tiers', v)} />
      </Form.Item>
      <Form.Item label="生命周期">
        <div id="segment-lifecycle">
          <Checkbox.Group
            options={(Object.keys(LIFECYCLE) as Lifecycle[]).map((l) => ({ value: l, label: LIFECYCLE[l] }))}
            value={f.lifecycle ?? []}
            onChange={(v) => set('lifecycle', v as Lifecycle[])}
          />
        </div>
      </Form.Item>
      <Form.Item label="地区" extra="填写省或市，例如“山东省”“青岛市”，回车确认；会员所在地区的任一级相同即可。">
        <Select id="segment-regions" mode="tags" allowClear placeholder="不限" open={false} tokenSeparators={[',', '，', ' ']} value={f.regions ?? []} onChange={(v: string[]) => set('regions', v.map((r) => r.trim()).filter(Boolean))} />
      </Form.Item>
      <Form.Item label="生日月份">
        <Select id="segment-birthday-months" mode="multiple" allowClear placeholder="不限" options={MONTHS} value={f.birthdayMonths ?? []} onChange={(v) => set('birthdayMonths', v)} />
      </Form.Item>
      <Form.Item label="标签" extra="带有任一所选标签的会员。">
        <Select id="segment-tags" mode="tags" allowClear placeholder="不限" options={props.tags} value={f.tags ?? []} onChange={(v: string[]) => set('tags', v.map((t) => t.trim()).filter(Boolean))} />
      </Form.Item>
      <Form.Item label="最近消费（R）" extra="得分越高，上次消费越近。">
        <ScoreRange id="segment-recency" value={f.recency} onChange={(r) => set('recency', r)} />
      </Form.Item>
      <Form.Item label="消费频次（F）">
        <ScoreRange id="segment-frequency" value={f.frequency} onChange={(r) => set('frequency', r)} />
      </Form.Item>
      <Form.Item label="消费金额（M）">
        <ScoreRange id="segment-monetary" value={f.monetary} onChange={(r) => set('monetary', r)} />
      </Form.Item>
      <Form.Item label="高价值会员">
        <Radio.Group
          id="segment-top"
          optionType="button"
          value={f.topSpender === undefined ? 'any' : f.topSpender ? 'yes' : 'no'}
          onChange={(e) => set('topSpender', e.target.value === 'any' ? undefined : e.target.value === 'yes')}
          options={[
            { value: 'any', label: '不限' },
            { value: 'yes', label: '是' },
            { value: 'no', label: '否' },
          ]}
        />
      </Form.Item>
      <Form.Item label="成功邀请好友">
        <CountRange id="segment-invites" unit="人" value={f.convertedInvites} onChange={(r) => set('convertedInvites', r)} />
      </Form.Item>
      <Form.Item label="使用优惠券" extra={`核销的优惠券张数${window}。`}>
        <CountRange id="segment-coupons" unit="张" value={f.couponsUsed} onChange={(r) => set('couponsUsed', r)} />
      </Form.Item>
      <Form.Item label="商城兑换" extra={`积分商城订单数（不含取消和过期）${window}。`}>
        <CountRange id="segment-mall" unit="单" value={f.mallOrders} onChange={(r) => set('mallOrders', r)} />
      </Form.Item>
    </Form>
  )
}
