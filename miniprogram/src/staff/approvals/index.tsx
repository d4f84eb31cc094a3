import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { ApprovalStatus, ApprovalView, StaffView } from '@shared/staff/schemas'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { shanghaiDateTime } from '../../services/time'
import { Button, Input } from '../../ui'
import FilteredList from '../components/FilteredList'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import { fenToYuan } from '../../services/money'
import { domId } from '../domId'
import { field, useLoad } from '../useLoad'
import './index.scss'

const statuses: ApprovalStatus[] = ['pending', 'approved', 'rejected']

/** Managers: credits above a limit wait here; approve credits the member, reject needs a reason. */
export default function ApprovalsPage() {
  const { s } = useStaffI18n()
  usePageTitle(s.approvalsTitle)
  return <StaffGate managerOnly>{(staff) => <Approvals staff={staff} />}</StaffGate>
}

function Approvals({ staff }: { staff: StaffView }) {
  const { s } = useStaffI18n()
  const [status, setStatus] = useState<ApprovalStatus>('pending')
  const { state: list, reload: load } = useLoad(useCallback(() => call('staff', 'approvals', { status }).then((r) => field(r, 'approvals')), [status]))
  usePullDownRefresh(() => void load().then(() => Taro.stopPullDownRefresh()))

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='approvals' />
      <FilteredList
        idPrefix='approvals'
        filters={statuses.map((st) => ({ id: `approvals-status-${st}`, label: s.status[st], value: st }))}
        filter={status}
        onFilter={setStatus}
        state={list}
        onRetry={load}
        emptyTitle={s.noApprovals}
      >
        {(a) => <Approval key={a.approvalId} approval={a} onDecided={load} />}
      </FilteredList>
    </View>
  )
}

function Approval({ approval: a, onDecided }: { approval: ApprovalView; onDecided: () => void }) {
  const { t, s } = useStaffI18n()
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<CallError>()
  const id = `approval-${domId(a.approvalId)}`

  const decide = async (action: 'approve' | 'reject') => {
    if (busy) return
    setBusy(true)
    setError(undefined)
    const res = action === 'approve' ? await call('staff', 'approve', { approvalId: a.approvalId }) : await call('staff', 'reject', { approvalId: a.approvalId, reason })
    setBusy(false)
    if (!res.ok) return setError(res.error)
    Taro.showToast({ title: action === 'approve' ? s.approvedToast : s.rejectedToast, icon: 'none' })
    onDecided()
  }

  return (
    <View id={id} className='staff-card' data-order={a.orderId}>
      <View className='staff-approvals__row'>
        <Text className='staff-approvals__order'>
          {s.orderId} {a.orderId}
        </Text>
        <Text className='staff-approvals__reason'>{s.approvalReason[a.reason]}</Text>
      </View>
      <Text className='staff-approvals__amount'>{s.approvalLine(fenToYuan(a.amountFen), a.points)}</Text>
      <Text className='staff-card__meta'>{s.approvalMember(a.memberNo)}</Text>
      <Text className='staff-card__meta'>
        {s.approvalBy(a.staffName ?? a.staffOpenid)} · {shanghaiDateTime(a.createdAt)}
      </Text>
      {a.rejectReason && <Text className='staff-card__meta'>{s.rejectedBecause(a.rejectReason)}</Text>}
      {error && <View className='staff-error'>{error.message}</View>}
      {a.status === 'pending' && !rejecting && (
        <View className='staff-approvals__actions'>
          <Button id={`${id}-reject`} size='small' fill='outline' disabled={busy} onClick={() => setRejecting(true)}>
            {s.reject}
          </Button>
          <Button id={`${id}-approve`} size='small' type='primary' loading={busy} onClick={() => void decide('approve')}>
            {s.approve}
          </Button>
        </View>
      )}
      {a.status === 'pending' && rejecting && (
        <View className='staff-approvals__reject'>
          <Input id={`${id}-reason`} maxLength={200} placeholder={s.rejectReasonPlaceholder} value={reason} onChange={setReason} />
          <View className='staff-approvals__actions'>
            <Button size='small' fill='outline' disabled={busy} onClick={() => setRejecting(false)}>
              {t.common.cancel}
            </Button>
            <Button id={`${id}-confirm-reject`} size='small' type='primary' loading={busy} disabled={!reason.trim()} onClick={() => void decide('reject')}>
              {s.confirmReject}
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
