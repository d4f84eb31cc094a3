import { Input, InputNumber, Select, Switch } from 'antd'
import type { Field } from './kinds'

/** The form control for one main field of a catalogue document. */
export function FieldControl({ field, disabled, ...rest }: { field: Field; disabled?: boolean; value?: any; onChange?: (v: any) => void; id?: string }) {
  switch (field.type) {
    case 'number':
      return <InputNumber {...rest} disabled={disabled} precision={0} style={{ width: 200 }} />
    case 'fen':
      return <InputNumber {...rest} disabled={disabled} min={0} precision={2} style={{ width: 200 }} addonBefore="¥" />
    case 'switch':
      return <Switch {...rest} checked={!!rest.value} disabled={disabled} />
    case 'select':
      return <Select {...rest} disabled={disabled} options={field.options} style={{ width: 200 }} />
    case 'textarea':
      return <Input.TextArea {...rest} disabled={disabled} rows={3} />
    default:
      return <Input {...rest} disabled={disabled} />
  }
}
