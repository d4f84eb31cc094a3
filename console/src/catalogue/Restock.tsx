import { Form, InputNumber, Switch } from 'antd'
import { RestockInput } from '../../../shared/admin/schemas'
import { call, check } from '../api'
import { ActionForm } from '../member/ActionForm'

/** Adds (or, negative, withdraws unsold) units of an item's stock, or of its flash sale's. */
export function Restock({ itemId, onClose, onDone }: { itemId: string; onClose: () => void; onDone: () => void }) {
  return (
    <ActionForm<{ units: number; flash: boolean }>
      title={`补货：${itemId}`}
      id="restock-form"
      open
      onClose={onClose}
      onDone={onDone}
      initialValues={{ flash: false }}
      submit={async (v) => {
        await call('restock', check(RestockInput, { itemId, units: v.units, flash: v.flash }))
      }}
    >
      <Form.Item label="数量（正数补货，负数收回未售出的库存）" name="units" rules={[{ required: true, message: '请输入数量' }]}>
        <InputNumber id="restock-units" precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="限时抢购库存" name="flash" valuePropName="checked">
        <Switch />
      </Form.Item>
    </ActionForm>
  )
}
