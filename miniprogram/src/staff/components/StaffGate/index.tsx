import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type { StaffView } from '@shared/staff/schemas'
import PageState from '../../../components/PageState'
import { call, type CallError } from '../../../services/api'
import { devToolsEnabled } from '../../../services/identity'
import { useStaffI18n } from '../../i18n'
import '../../staff.scss'

type State = { kind: 'loading' } | { kind: 'not-staff' } | { kind: 'error'; error: CallError } | { kind: 'ready'; staff: StaffView }

export const isManager = (staff: StaffView) => staff.role === 'manager' || staff.role === 'admin'

type Props = {
  /** Approvals and anomalies: clerks see a "managers only" state instead. */
  managerOnly?: boolean
  children: (staff: StaffView) => ReactNode
}

/**
 * Every staff page starts here: `staff.me` says who is at the till. The server checks the
 * role on every action anyway; this only spares a non-staff visitor a page of failures.
 */
export default function StaffGate({ managerOnly = false, children }: Props) {
  const { t, s } = useStaffI18n()
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    setState({ kind: 'loading' })
    const res = await call('staff', 'me', {})
    if (res.ok) setState({ kind: 'ready', staff: res.data })
    else if (res.error.code === 'NOT_STAFF') setState({ kind: 'not-staff' })
    else setState({ kind: 'error', error: res.error })
  }, [])
  useEffect(() => void load(), [load])

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={load} />
  if (state.kind === 'not-staff') {
    // In local mode the fix is another identity; in WeChat, a manager adds this account.
    const action = devToolsEnabled ? { label: t.common.goDevIdentity, onClick: () => Taro.navigateTo({ url: '/pages/dev/index' }) } : undefined
    return (
      <View id='staff-not-staff'>
        <PageState state='empty' title={s.notStaffTitle} description={s.notStaffHint} action={action} />
      </View>
    )
  }
  if (managerOnly && !isManager(state.staff)) {
    return (
      <View id='staff-manager-only'>
        <PageState state='empty' title={s.managerOnlyTitle} description={s.managerOnlyHint} />
      </View>
    )
  }
  return <>{children(state.staff)}</>
}
