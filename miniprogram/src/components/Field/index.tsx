import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { Cell } from '../../ui'
import './index.scss'

type Props = { label: string; id?: string; children: ReactNode }

/** A labelled form row: NutUI's Cell drops its title once it has children, so the label is ours. */
export default function Field({ label, id, children }: Props) {
  return (
    <Cell align='center'>
      <View id={id} className='field'>
        <Text className='field__label'>{label}</Text>
        <View className='field__control'>{children}</View>
      </View>
    </Cell>
  )
}
