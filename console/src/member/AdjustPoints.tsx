import { Form, Input, InputNumber } from 'antd'
import { useMemo } from 'react'
import { AdjustPointsInput } from '../../../shared/admin/schemas'
import { call, check, requestId } from '../api'
import { ActionForm } from './ActionForm'

/** Adjusts points by a signed number with a reason. One requestId per opened form: a retried submit adjusts once. */
export function AdjustPoints({ memberId, open, onClose, onDone }: { memberId: string; open: boolean; onClose: () => void; onDone: () => void }) {
  const rid = useMemo(() => (open ? requestId() : ''), [open])
  return (
    <ActionForm<{ points: number; reason: string }>
      title="调整积分"
      id="adjust-form"
      open={open}
      onClose={onClose}
      onDone={onDone}
      submit={async (v) => {
        await call('adjustPoints', check(AdjustPointsInput, { memberId, points: v.points, reason: v.reason, requestId: rid }))
      }}
    >
      <Form.Item label="积分（正数为增加，负数为扣减）" name="points" rules={[{ required: true, message: '请输入积分数' }]}>
        <InputNumber id="adjust-points" precision={0} style={{ width: '100%' }} placeholder="例如 200 或 -50" />
      </Form.Item>
      <Form.Item label="原因" name="reason" rules={[{ required: true, message: '请填写原因' }]}>
        <Input.TextArea id="adjust-reason" rows={2} maxLength={200} showCount placeholder="例如：线下活动补发积分" />
      </Form.Item>
    </ActionForm>
  )
}
