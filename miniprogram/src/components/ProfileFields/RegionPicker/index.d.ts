import type { ReactElement, ReactNode } from 'react'

export type RegionPickerProps = {
  value: string[]
  onChange: (region: string[]) => void
  children: ReactNode
}

/** Province / city / district picker: WeChat's own in weapp, Taro's with bundled data in H5. */
export default function RegionPicker(props: RegionPickerProps): ReactElement
