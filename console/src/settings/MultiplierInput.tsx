import { Input } from 'antd'

/** A multiplier is exact decimal text ('1.5'), not a float: a text box, checked by the schema on save. */
export function MultiplierInput(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  return <Input id={props.id} value={props.value} onChange={(e) => props.onChange?.(e.target.value.trim())} style={{ width: 100 }} placeholder="1.5" />
}
