import { Form, Input, Radio, Select } from 'antd'
import { GrantTierInput, type MemberDetail } from '../../../shared/admin/schemas'
import { call, check } from '../api'
import { ActionForm } from './ActionForm'

/** Grants a level: as a floor (kept until removed) or until the next review. */
export function GrantTier({ detail, open, onClose, onDone }: { detail: MemberDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const memberId = detail.member.memberId
  return (
    <ActionForm<{ levelId: string; kind: 'floor' | 'untilReview'; reason: string }>
      title="调整等级"
      id="grant-form"
      open={open}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ kind: 'untilReview' }}
      submit={async (v) => {
        await call('grantTier', check(GrantTierInput, { memberId, ...v }))
      }}
    >
      <Form.Item label="等级" name="levelId" rules={[{ required: true, message: '请选择等级' }]}>
        <Select id="grant-level" options={detail.tier.levels.map((l) => ({ value: l.id, label: l.name.zh }))} />
      </Form.Item>
      <Form.Item label="方式" name="kind">
        <Radio.Group
          options={[
            { value: 'untilReview', label: '保级到下次评定' },
            { value: 'floor', label: '保底等级（不会被降到此等级以下）' },
          ]}
        />
      </Form.Item>
      <Form.Item label="原因" name="reason" rules={[{ required: true, message: '请填写原因' }]}>
        <Input.TextArea id="grant-reason" rows={2} maxLength={200} showCount />
      </Form.Item>
    </ActionForm>
  )
}
