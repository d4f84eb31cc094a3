import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { CouponCode, type CheckCouponResult, type WriteOffResult } from '@shared/coupon/schemas'
import type { StaffView } from '@shared/staff/schemas'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { shanghaiDateTime } from '../../services/time'
import { Button } from '../../ui'
import CodeLookup from '../components/CodeLookup'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import { refusalText } from '../i18n/refusalText'
import CouponDetails from './CouponDetails'
import UndoWriteOff from './UndoWriteOff'
import { queryCode } from '../queryCode'
import { useCodeCheck } from '../useCodeCheck'
import './index.scss'

/** What this page did to the coupon shown: wrote it off (the server's answer), or undid that. */
type Done = { kind: 'written'; result: WriteOffResult } | { kind: 'undone' }

/**
 * Coupon write-off: scan or type the code (or arrive with `?code=` from the till), see what the
 * coupon is and whether this store can take it, confirm; undo within the window, with a reason.
 */
export default function WriteOffPage() {
  const { s } = useStaffI18n()
  usePageTitle(s.writeOffTitle)
  const { params } = useRouter()
  return <StaffGate>{(staff) => <WriteOff staff={staff} initialCode={queryCode(params.code)} />}</StaffGate>
}

function WriteOff({ staff, initialCode }: { staff: StaffView; initialCode: string }) {
  const { s } = useStaffI18n()
  const [done, setDone] = useState<Done>()
  const [submitting, setSubmitting] = useState(false)
  const [writeError, setWriteError] = useState<CallError>()
  const lookup = useCodeCheck<CheckCouponResult>({
    initialCode,
    schema: CouponCode,
    placeholder: s.couponCodePlaceholder,
    check: (couponCode) => call('staff', 'checkCoupon', { couponCode }),
    // Another code is another coupon: what was shown belongs to the last one.
    reset: () => {
      setDone(undefined)
      setWriteError(undefined)
    },
  })
  const { check, find, editCode } = lookup
  // Looked up again after an undo: the reset clears `done` first, then the page says it was undone.
  const afterUndo = (code: string) => {
    void find(code)
    setDone({ kind: 'undone' })
  }

  const writeOff = async () => {
    if (check.kind !== 'ready' || submitting) return
    setSubmitting(true)
    setWriteError(undefined)
    const res = await call('staff', 'writeOff', { couponCode: check.code })
    setSubmitting(false)
    if (res.ok) setDone({ kind: 'written', result: res.data })
    else setWriteError(res.error)
  }

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='writeoff' />
      <CodeLookup id='writeoff' label={s.couponCode} placeholder={s.couponCodePlaceholder} {...lookup} />
      {check.kind === 'ready' && (
        <>
          <CouponDetails
            coupon={done?.kind === 'written' ? done.result.coupon : check.result.coupon}
            memberNo={check.result.memberNo}
            nickname={check.result.nickname}
          />
          {done?.kind === 'written' ? (
            <>
              <WrittenOff code={check.code} result={done.result} onUndone={() => afterUndo(check.code)} />
              <Button id='writeoff-next' type='primary' block onClick={() => editCode('')}>
                {s.nextCoupon}
              </Button>
            </>
          ) : (
            <>
              {done?.kind === 'undone' && (
                <View id='writeoff-undone' className='staff-result'>
                  {s.undone}
                </View>
              )}
              {check.result.refusal ? (
                <Refusal code={check.code} result={check.result} onUndone={() => afterUndo(check.code)} />
              ) : (
                <>
                  {writeError && (
                    <View id='writeoff-error' className='staff-error' data-code={writeError.code}>
                      {writeError.message}
                    </View>
                  )}
                  <Button id='writeoff-confirm' type='primary' block loading={submitting} onClick={writeOff}>
                    {s.confirmWriteOff}
                  </Button>
                </>
              )}
            </>
          )}
        </>
      )}
    </View>
  )
}

/** The write-off went through (or had just gone through: a repeated scan changes nothing). */
function WrittenOff({ code, result, onUndone }: { code: string; result: WriteOffResult; onUndone: () => void }) {
  const { s } = useStaffI18n()
  return (
    <View id='writeoff-result' className='staff-result' data-duplicate={result.duplicate}>
      <Text id='writeoff-headline' className='staff-result__headline'>
        {s.writtenOff}
      </Text>
      {result.duplicate && <Text id='writeoff-duplicate'>{s.writeOffDuplicate}</Text>}
      {result.coupon.usedAt && <Text id='writeoff-time'>{s.couponUsedAt(shanghaiDateTime(result.coupon.usedAt))}</Text>}
      <Text>{s.writeOffHint}</Text>
      <UndoWriteOff code={code} undoUntil={result.undoUntil} onUndone={onUndone} />
    </View>
  )
}

/** Why this store cannot take the coupon now; a write-off this store just made can still be undone here. */
function Refusal({ code, result, onUndone }: { code: string; result: CheckCouponResult; onUndone: () => void }) {
  const { s } = useStaffI18n()
  const refusal = result.refusal ?? ''
  return (
    <>
      <View id='writeoff-refusal' className='staff-error writeoff-refusal' data-code={refusal}>
        <Text>{refusalText(refusal, s.couponRefusal)}</Text>
        {refusal === 'COUPON_USED' && result.coupon.usedAt && <Text>{s.couponUsedAt(shanghaiDateTime(result.coupon.usedAt))}</Text>}
      </View>
      {result.undoUntil && <UndoWriteOff code={code} undoUntil={result.undoUntil} onUndone={onUndone} />}
    </>
  )
}
