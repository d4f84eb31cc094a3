import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { OrderCode, type CheckOrderResult, type FulfilResult } from '@shared/mall/schemas'
import type { StaffView } from '@shared/staff/schemas'
import Field from '../../components/Field'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { fenToYuan } from '../../services/money'
import { shanghaiDateTime } from '../../services/time'
import { Button, CellGroup, Input, Loading } from '../../ui'
import ScanButton from '../components/ScanButton'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import { refusalText } from '../i18n/refusalText'
import { queryCode } from '../queryCode'
import OrderDetails from './OrderDetails'
import './index.scss'

type Check =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: CallError }
  | { kind: 'ready'; code: string; result: CheckOrderResult }

type Outcome = { ok: true; data: FulfilResult } | { ok: false; error: CallError }

const toast = (title: string) => Taro.showToast({ title, icon: 'none', duration: 2500 })

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
  const [codeText, setCodeText] = useState(initialCode)
  const [check, setCheck] = useState<Check>({ kind: 'idle' })
  const [tracking, setTracking] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()
  // Only the answer to the latest lookup counts: an older one may arrive after the code changed.
  const latest = useRef(0)

  const find = async (text: string) => {
    const code = OrderCode.safeParse(text)
    if (!code.success) return toast(code.error.issues[0]?.message ?? s.orderCodePlaceholder)
    const seq = ++latest.current
    setCheck({ kind: 'loading' })
    setOutcome(undefined)
    const res = await call('staff', 'checkOrder', { orderCode: code.data })
    if (seq !== latest.current) return
    setCheck(res.ok ? { kind: 'ready', code: code.data, result: res.data } : { kind: 'error', error: res.error })
  }

  // The code a link carried is looked up at once.
  useEffect(() => {
    if (initialCode) void find(initialCode)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialCode])

  const editCode = (text: string) => {
    setCodeText(text)
    // Another code is another order: what was shown belongs to the last one.
    latest.current++
    setCheck({ kind: 'idle' })
    setTracking('')
    setOutcome(undefined)
  }

  const delivery = check.kind === 'ready' && check.result.order.status === 'awaiting_delivery'

  const fulfil = async () => {
    if (check.kind !== 'ready' || submitting) return
    if (delivery && !tracking.trim()) return toast(s.trackingRequired)
    setSubmitting(true)
    const res = await call('staff', 'fulfil', { orderCode: check.code, ...(delivery ? { tracking: tracking.trim() } : {}) })
    setSubmitting(false)
    setOutcome(res)
  }

  const done = outcome?.ok === true

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='fulfil' />

      <CellGroup>
        <Field label={s.orderCode}>
          <Input
            id='fulfil-code'
            maxLength={24}
            placeholder={s.orderCodePlaceholder}
            value={codeText}
            onChange={editCode}
            onConfirm={() => void find(codeText)}
          />
        </Field>
      </CellGroup>
      <View className='fulfil-actions'>
        <ScanButton
          onCode={(code) => {
            editCode(code)
            void find(code)
          }}
          onFail={() => toast(s.codeScanFailed)}
        />
        <Button id='fulfil-check' type='primary' fill='outline' disabled={!codeText.trim()} loading={check.kind === 'loading'} onClick={() => void find(codeText)}>
          {s.check}
        </Button>
      </View>

      {check.kind === 'loading' && <Loading />}
      {check.kind === 'error' && (
        <View id='fulfil-check-error' className='staff-error' data-code={check.error.code}>
          {check.error.message}
        </View>
      )}
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
