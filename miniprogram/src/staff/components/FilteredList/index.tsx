import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import PageState from '../../../components/PageState'
import { Button } from '../../../ui'
import type { Loaded } from '../../useLoad'

type Props<F, T> = {
  /** Element ids: `${idPrefix}-list`, `${idPrefix}-empty`; each filter's own id comes with it. */
  idPrefix: string
  filters: Array<{ id: string; label: string; value: F }>
  filter: F
  onFilter: (value: F) => void
  state: Loaded<T[]>
  onRetry: () => void
  emptyTitle: string
  children: (item: T, index: number) => ReactNode
}

/** A manager's list (approvals, anomalies): filter buttons, then loading, error, empty or the items. */
export default function FilteredList<F, T>({ idPrefix, filters, filter, onFilter, state, onRetry, emptyTitle, children }: Props<F, T>) {
  return (
    <>
      <View className='staff-tabs'>
        {filters.map((f) => (
          <Button key={f.id} id={f.id} size='small' type='primary' fill={f.value === filter ? 'solid' : 'outline'} onClick={() => onFilter(f.value)}>
            {f.label}
          </Button>
        ))}
      </View>
      {state.kind === 'loading' ? (
        <PageState state='loading' />
      ) : state.kind === 'error' ? (
        <PageState state='error' error={state.error} onRetry={onRetry} />
      ) : state.data.length === 0 ? (
        <View id={`${idPrefix}-empty`}>
          <PageState state='empty' title={emptyTitle} />
        </View>
      ) : (
        <View id={`${idPrefix}-list`} className='staff-list'>
          {state.data.map(children)}
        </View>
      )}
    </>
  )
}
