import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { MemberCodeInput, type AccrueResult, type StaffView, type TillMemberView } from '@shared/staff/schemas'
import Field from '../../components/Field'
import { usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { Button, CellGroup, Input, Loading } from '../../ui'
import OrderAmountFields from '../components/OrderAmountFields'
import ScanButton from '../components/ScanButton'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import TillMember from '../components/TillMember'
import { useStaffI18n } from '../i18n'
import { checkOrderId } from '../orderId'
import { useAmount } from '../useAmount'
import './index.scss'

type Lookup =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: CallError }
  | { kind: 'ready'; code: string; member: TillMemberView }

type Outcome = { ok: true; data: AccrueResult } | { ok: false; error: CallError }

const toast = (title: string) => Taro.showToast({ title, icon: 'none', duration: 2500 })

/** The till: scan or type the member code, see the member, credit the purchase. */
export default function ScanPage() {
  const { s } = useStaffI18n()
  usePageTitle(s.title)
  return <StaffGate>{(staff) => <Till staff={staff} />}</StaffGate>
}

function Till({ staff }: { staff: StaffView }) {
  const { s } = useStaffI18n()
  const [codeText, setCodeText] = useState('')
  const [lookup, setLookup] = useState<Lookup>({ kind: 'idle' })
  const [orderText, setOrderText] = useState('')
  const amount = useAmount(s, s.amountIs)
  const [submitting, setSubmitting] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()

  const find = async (text: string) => {
    const code = MemberCodeInput.safeParse(text)
    if (!code.success) return toast(code.error.issues[0]?.message ?? s.memberCodePlaceholder)
    setLookup({ kind: 'loading' })
    setOutcome(undefined)
    const res = await call('staff', 'lookup', { memberCode: code.data })
    setLookup(res.ok ? { kind: 'ready', code: code.data, member: res.data } : { kind: 'error', error: res.error })
  }

  const editCode = (text: string) => {
    setCodeText(text)
    // Another code means another customer: what was shown belongs to the last one.
    if (lookup.kind !== 'idle' && lookup.kind !== 'loading') setLookup({ kind: 'idle' })
  }

  const next = () => {
    setCodeText('')
    setOrderText('')
    amount.setText('')
    setLookup({ kind: 'idle' })
    setOutcome(undefined)
  }

  const accrue = async () => {
    if (lookup.kind !== 'ready' || submitting) return
    const order = checkOrderId(orderText, s.orderRequired)
    if (!order.ok) return toast(order.message)
    if (amount.fen === undefined) return toast(amount.error ?? s.amountError.empty)
    setSubmitting(true)
    const res = await call('staff', 'accrue', { memberCode: lookup.code, orderId: order.orderId, amountFen: amount.fen })
    setSubmitting(false)
    setOutcome(res)
  }

  // A member code credits one order: once credited (or waiting for approval), the next step is the next customer.
  const settled = outcome?.ok === true

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='scan' />

      <CellGroup>
        <Field label={s.memberCode}>
          <Input
            id='staff-code'
            type='number'
            maxLength={40}
            placeholder={s.memberCodePlaceholder}
            value={codeText}
            onChange={editCode}
            onConfirm={() => void find(codeText)}
          />
        </Field>
      </CellGroup>
      <View className='staff-scan-actions'>
        <ScanButton
          onCode={(code) => {
            editCode(code)
            void find(code)
          }}
          onFail={() => toast(s.scanFailed)}
        />
        <Button id='staff-lookup' type='primary' fill='outline' disabled={!codeText.trim()} loading={lookup.kind === 'loading'} onClick={() => void find(codeText)}>
          {s.lookup}
        </Button>
      </View>

      {lookup.kind === 'loading' && <Loading />}
      {lookup.kind === 'error' && (
        <View id='staff-lookup-error' className='staff-error'>
          {lookup.error.message}
        </View>
      )}
      {lookup.kind === 'ready' && (
        <>
          <TillMember member={lookup.member} />

          <View className='section-title'>{s.accrueTitle}</View>
          <OrderAmountFields
            idPrefix='accrue'
            amountLabel={s.amount}
            order={orderText}
            onOrder={setOrderText}
            amount={amount}
            onAmount={amount.setText}
            disabled={settled}
          />

          {outcome && <AccrueOutcome outcome={outcome} />}

          {settled ? (
            <Button id='staff-next' type='primary' block onClick={next}>
              {s.nextCustomer}
            </Button>
          ) : (
            <Button id='accrue-submit' type='primary' block loading={submitting} disabled={!orderText.trim() || amount.fen === undefined} onClick={accrue}>
              {s.accrue}
            </Button>
          )}
        </>
      )}
    </View>
  )
}

function AccrueOutcome({ outcome }: { outcome: Outcome }) {
  const { s, locale } = useStaffI18n()
  if (!outcome.ok) {
    return (
      <View id='accrue-error' className='staff-error'>
        {outcome.error.message}
      </View>
    )
  }
  const r = outcome.data
  const lines: string[] =
    r.status === 'credited'
      ? [r.duplicate ? s.accrueDuplicate(r.points) : s.accrued(r.points), s.balanceNow(r.balance)]
      : r.status === 'pending_approval'
        ? [s.pendingApproval, r.duplicate ? s.pendingApprovalDuplicate : s.pendingApprovalHint]
        : [s.rejected]
  return (
    <View id='accrue-result' className={`staff-result staff-result--${r.status}`} data-status={r.status} data-duplicate={r.duplicate}>
      <Text id='accrue-headline' className='staff-result__headline'>
        {lines[0]}
      </Text>
      {lines[1] && <Text id='accrue-detail'>{lines[1]}</Text>}
      {r.upgradedTo && (
        <Text id='accrue-upgraded' className='staff-result__upgraded'>
          {s.upgraded(locale === 'en' ? r.upgradedTo.name.en : r.upgradedTo.name.zh)}
        </Text>
      )}
    </View>
  )
}
