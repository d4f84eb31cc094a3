import { Picker } from '@tarojs/components'
import type { RegionPickerProps } from '.'

export default function RegionPicker({ value, onChange, children }: RegionPickerProps) {
  return (
    <Picker mode='region' value={value} onChange={(e) => onChange(e.detail.value)}>
      {children}
    </Picker>
  )
}
