import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { OrderCode, type CheckOrderResult, type FulfilResult } from '@shared/mall/schemas'
import type { StaffView } from '@shared/staff/schemas'
import Field from '../../components/Field'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { fenToYuan } from '../../services/money'
import { shanghaiDateTime } from '../../services/time'
import { Button, CellGroup, Input } from '../../ui'
import CodeLookup from '../components/CodeLookup'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import { refusalText } from '../i18n/refusalText'
import { queryCode } from '../queryCode'
import { useCodeCheck } from '../useCodeCheck'
import OrderDetails from './OrderDetails'
import './index.scss'

type Outcome = { ok: true; data: FulfilResult } | { ok: false; error: CallError }


/**
 * Mall order hand-over: scan or type the member's pickup code (or arrive with `?code=`), see the
 * item, quantity, member, deadline and cash to collect, then hand it over; a delivery order is
 * marked sent with its tracking number instead.
 */
export default function FulfilPage() {
  const { s } = useStaffI18n()
  usePageTitle(s.fulfilTitle)
  const { params } = useRouter()
  return <StaffGate>{(staff) => <Fulfil staff={staff} initialCode={queryCode(params.code)} />}</StaffGate>
}

function Fulfil({ staff, initialCode }: { staff: StaffView; initialCode: string }) {
  const { s } = useStaffI18n()
  const [tracking, setTracking] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()
  const lookup = useCodeCheck<CheckOrderResult>({
    initialCode,
    schema: OrderCode,
    placeholder: s.orderCodePlaceholder,
    check: (orderCode) => call('staff', 'checkOrder', { orderCode }),
    // Another code is another order: what was shown belongs to the last one.
    reset: () => {
      setTracking('')
      setOutcome(undefined)
    },
  })
  const { check, editCode } = lookup

  const delivery = check.kind === 'ready' && check.result.order.status === 'awaiting_delivery'

  const fulfil = async () => {
    if (check.kind !== 'ready' || submitting) return
    if (delivery && !tracking.trim()) return void Taro.showToast({ title: s.trackingRequired, icon: 'none', duration: 2500 })
    setSubmitting(true)
    const res = await call('staff', 'fulfil', { orderCode: check.code, ...(delivery ? { tracking: tracking.trim() } : {}) })
    setSubmitting(false)
    setOutcome(res)
  }

  const done = outcome?.ok === true

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='fulfil' />
      <CodeLookup id='fulfil' label={s.orderCode} placeholder={s.orderCodePlaceholder} {...lookup} />
      {check.kind === 'ready' && (
        <>
          <OrderDetails
            order={outcome?.ok ? outcome.data.order : check.result.order}
            memberNo={check.result.memberNo}
            nickname={check.result.nickname}
            collectFen={check.result.collectFen}
          />
          {check.result.refusal ? (
            <View id='fulfil-refusal' className='staff-error fulfil-refusal' data-code={check.result.refusal}>
              <Text>{refusalText(check.result.refusal, s.orderRefusal)}</Text>
              {check.result.refusal === 'ORDER_FULFILLED' && check.result.order.fulfilledAt && (
                <Text>{s.fulfilledAt(shanghaiDateTime(check.result.order.fulfilledAt))}</Text>
              )}
            </View>
          ) : done && outcome.ok ? (
            <>
              <Fulfilled result={outcome.data} delivery={delivery} />
              <Button id='fulfil-next' type='primary' block onClick={() => editCode('')}>
                {s.nextOrder}
              </Button>
            </>
          ) : (
            <>
              {delivery && (
                <CellGroup>
                  <Field label={s.tracking}>
                    <Input id='fulfil-tracking' maxLength={60} placeholder={s.trackingPlaceholder} value={tracking} onChange={setTracking} />
                  </Field>
                </CellGroup>
              )}
              {outcome && !outcome.ok && (
                <View id='fulfil-error' className='staff-error' data-code={outcome.error.code}>
                  {outcome.error.message}
                </View>
              )}
              <Button id='fulfil-confirm' type='primary' block loading={submitting} disabled={delivery && !tracking.trim()} onClick={fulfil}>
                {delivery ? s.confirmShip : s.confirmHandOver}
              </Button>
            </>
          )}
        </>
      )}
    </View>
  )
}

/** Handed over (or sent): the cash to take now, if any, stays in view until the next order. */
function Fulfilled({ result: r, delivery }: { result: FulfilResult; delivery: boolean }) {
  const { s } = useStaffI18n()
  return (
    <View id='fulfil-result' className='staff-result' data-duplicate={r.duplicate}>
      <Text id='fulfil-headline' className='staff-result__headline'>
        {delivery ? s.shipped : s.handedOver}
      </Text>
      {r.duplicate && <Text id='fulfil-duplicate'>{s.fulfilDuplicate}</Text>}
      <Text id='fulfil-result-collect' className={r.collectFen > 0 ? 'fulfil-result__collect' : ''} data-fen={r.collectFen}>
        {r.collectFen > 0 ? s.collectNow(fenToYuan(r.collectFen)) : s.noCollect}
      </Text>
      {r.order.fulfilledAt && <Text id='fulfil-time'>{s.fulfilledAt(shanghaiDateTime(r.order.fulfilledAt))}</Text>}
    </View>
  )
}
