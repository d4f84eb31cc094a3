import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { CouponCode, type CheckCouponResult, type WriteOffResult } from '@shared/coupon/schemas'
import type { StaffView } from '@shared/staff/schemas'
import Field from '../../components/Field'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { shanghaiDateTime } from '../../services/time'
import { Button, CellGroup, Input, Loading } from '../../ui'
import ScanButton from '../components/ScanButton'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import { refusalText } from '../i18n/refusalText'
import CouponDetails from './CouponDetails'
import UndoWriteOff from './UndoWriteOff'
import { queryCode } from '../queryCode'
import './index.scss'

type Check =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: CallError }
  | { kind: 'ready'; code: string; result: CheckCouponResult }

/** What this page did to the coupon shown: wrote it off (the server's answer), or undid that. */
type Done = { kind: 'written'; result: WriteOffResult } | { kind: 'undone' }

const toast = (title: string) => Taro.showToast({ title, icon: 'none', duration: 2500 })

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
  const [codeText, setCodeText] = useState(initialCode)
  const [check, setCheck] = useState<Check>({ kind: 'idle' })
  const [done, setDone] = useState<Done>()
  const [submitting, setSubmitting] = useState(false)
  const [writeError, setWriteError] = useState<CallError>()
  // Only the answer to the latest lookup counts: an older one may arrive after the code changed.
  const latest = useRef(0)

  const find = async (text: string, after?: Done) => {
    const code = CouponCode.safeParse(text)
    if (!code.success) return toast(code.error.issues[0]?.message ?? s.couponCodePlaceholder)
    const seq = ++latest.current
    setCheck({ kind: 'loading' })
    setDone(after)
    setWriteError(undefined)
    const res = await call('staff', 'checkCoupon', { couponCode: code.data })
    if (seq !== latest.current) return
    setCheck(res.ok ? { kind: 'ready', code: code.data, result: res.data } : { kind: 'error', error: res.error })
  }

  // The code a link carried (the till's coupon list, a deep link) is looked up at once.
  useEffect(() => {
    if (initialCode) void find(initialCode)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialCode])

  const editCode = (text: string) => {
    setCodeText(text)
    // Another code is another coupon: what was shown belongs to the last one.
    latest.current++
    setCheck({ kind: 'idle' })
    setDone(undefined)
    setWriteError(undefined)
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

      <CellGroup>
        <Field label={s.couponCode}>
          <Input
            id='writeoff-code'
            maxLength={24}
            placeholder={s.couponCodePlaceholder}
            value={codeText}
            onChange={editCode}
            onConfirm={() => void find(codeText)}
          />
        </Field>
      </CellGroup>
      <View className='writeoff-actions'>
        <ScanButton
          onCode={(code) => {
            editCode(code)
            void find(code)
          }}
          onFail={() => toast(s.codeScanFailed)}
        />
        <Button id='writeoff-check' type='primary' fill='outline' disabled={!codeText.trim()} loading={check.kind === 'loading'} onClick={() => void find(codeText)}>
          {s.check}
        </Button>
      </View>

      {check.kind === 'loading' && <Loading />}
      {check.kind === 'error' && (
        <View id='writeoff-check-error' className='staff-error' data-code={check.error.code}>
          {check.error.message}
        </View>
      )}
      {check.kind === 'ready' && (
        <>
          <CouponDetails
            coupon={done?.kind === 'written' ? done.result.coupon : check.result.coupon}
            memberNo={check.result.memberNo}
            nickname={check.result.nickname}
          />
          {done?.kind === 'written' ? (
            <>
              <WrittenOff code={check.code} result={done.result} onUndone={() => void find(check.code, { kind: 'undone' })} />
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
                <Refusal code={check.code} result={check.result} onUndone={() => void find(check.code, { kind: 'undone' })} />
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
