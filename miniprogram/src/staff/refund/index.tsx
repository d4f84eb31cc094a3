import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { RefundResult, StaffView } from '@shared/staff/schemas'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { Button } from '../../ui'
import OrderAmountFields from '../components/OrderAmountFields'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import type { StaffMessages } from '../i18n/zh-CN'
import { fenToYuan } from '../../services/money'
import { checkOrderId } from '../orderId'
import { useAmount } from '../useAmount'
import './index.scss'

type Outcome = { ok: true; data: RefundResult } | { ok: false; error: CallError }

/**
 * One id per refund the clerk means to make: a double tap or a retry after a network error
 * sends the same id, which the server applies once; editing the form or starting another
 * refund makes a new one.
 */
const newRefundId = () => `rf-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

export default function RefundPage() {
  const { s } = useStaffI18n()
  usePageTitle(s.refundTitle)
  return <StaffGate>{(staff) => <Refund staff={staff} />}</StaffGate>
}

function Refund({ staff }: { staff: StaffView }) {
  const { s } = useStaffI18n()
  const [orderText, setOrderText] = useState('')
  const amount = useAmount(s, s.refundIs)
  const [refundId, setRefundId] = useState(newRefundId)
  const [submitting, setSubmitting] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()
  const done = outcome?.ok === true

  const editOrder = (v: string) => {
    setOrderText(v)
    setRefundId(newRefundId())
    setOutcome(undefined)
  }
  const editAmount = (v: string) => {
    amount.setText(v)
    setRefundId(newRefundId())
    setOutcome(undefined)
  }
  const another = () => {
    setOrderText('')
    amount.setText('')
    setRefundId(newRefundId())
    setOutcome(undefined)
  }

  const submit = async () => {
    if (submitting || done) return
    const order = checkOrderId(orderText, s.orderRequired)
    if (!order.ok) return Taro.showToast({ title: order.message, icon: 'none' })
    if (amount.fen === undefined) return Taro.showToast({ title: amount.error ?? s.amountError.empty, icon: 'none' })
    setSubmitting(true)
    const res = await call('staff', 'refund', { orderId: order.orderId, amountFen: amount.fen, refundId })
    setSubmitting(false)
    setOutcome(res)
  }

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='refund' />
      <Text className='staff-refund-intro'>{s.refundIntro}</Text>
      <OrderAmountFields idPrefix='refund' amountLabel={s.refundAmount} order={orderText} onOrder={editOrder} amount={amount} onAmount={editAmount} disabled={done} />

      {outcome && <RefundOutcome outcome={outcome} s={s} />}

      {done ? (
        <Button id='refund-new' type='primary' block onClick={another}>
          {s.newRefund}
        </Button>
      ) : (
        <Button id='refund-submit' type='primary' block loading={submitting} disabled={!orderText.trim() || amount.fen === undefined} onClick={submit}>
          {s.refund}
        </Button>
      )}
    </View>
  )
}

function RefundOutcome({ outcome, s }: { outcome: Outcome; s: StaffMessages }) {
  if (!outcome.ok) {
    return (
      <View id='refund-error' className='staff-error'>
        {outcome.error.message}
      </View>
    )
  }
  const r = outcome.data
  return (
    <View id='refund-result' className='staff-result' data-duplicate={r.duplicate}>
      <Text id='refund-headline' className='staff-result__headline'>
        {r.duplicate ? s.refundDuplicate : s.refunded(r.pointsReversed)}
      </Text>
      <Text id='refund-total'>{s.refundedTotal(fenToYuan(r.refundedFen))}</Text>
      {r.shortfall > 0 && (
        <Text id='refund-shortfall' className='staff-refund-shortfall'>
          {s.refundShortfall(r.shortfall)}
        </Text>
      )}
      <Text id='refund-balance'>{s.balanceNow(r.balance)}</Text>
    </View>
  )
}
