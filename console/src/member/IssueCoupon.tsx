import { Form, Input, InputNumber, Select } from 'antd'
import { useMemo } from 'react'
import { IssueCouponInput } from '../../../shared/admin/schemas'
import { call, check, requestId } from '../api'
import { useLoad } from '../components/useLoad'
import { ActionForm } from './ActionForm'

/** Issues coupons of a template (admin.catalogue coupons) to the member, once per opened form. */
export function IssueCoupon({ memberId, open, onClose, onDone }: { memberId: string; open: boolean; onClose: () => void; onDone: () => void }) {
  const rid = useMemo(() => (open ? requestId() : ''), [open])
  const templates = useLoad(() => (open ? call('catalogue', { kind: 'coupons' }) : Promise.resolve(null)), [open])
  const options = (templates.data?.rows ?? []).map((t) => ({ value: String(t.id ?? t._id), label: `${String(t.title ?? t.id)}（${String(t.id ?? t._id)}）` }))
  return (
    <ActionForm<{ templateId: string; count: number; reason: string }>
      title="发放优惠券"
      id="issue-form"
      open={open}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ count: 1 }}
      submit={async (v) => {
        await call('issueCoupon', check(IssueCouponInput, { memberId, ...v, requestId: rid }))
      }}
    >
      <Form.Item label="优惠券" name="templateId" rules={[{ required: true, message: '请选择优惠券' }]} help={templates.error ? '无法读取优惠券列表' : undefined}>
        <Select id="issue-template" loading={templates.loading} options={options} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item label="张数" name="count" rules={[{ required: true, message: '请输入张数' }]}>
        <InputNumber id="issue-count" min={1} max={100} precision={0} />
      </Form.Item>
      <Form.Item label="原因" name="reason" rules={[{ required: true, message: '请填写原因' }]}>
        <Input.TextArea id="issue-reason" rows={2} maxLength={200} showCount />
      </Form.Item>
    </ActionForm>
  )
}
