import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { CouponStatus, type ClaimableView, type CouponListResult, type CouponView } from '@shared/coupon/schemas'
import CodeImage from '../../components/CodeImage'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { shanghaiDateTime } from '../../services/time'
import { Button } from '../../ui'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type Wallet = { kind: 'loading' } | { kind: 'unregistered' } | { kind: 'error'; error: CallError } | { kind: 'ready'; data: CouponListResult }
type Centre = { kind: 'loading' } | { kind: 'error'; error: CallError } | { kind: 'ready'; templates: ClaimableView[] }
/** Per template: a claim on its way, or why the last one was refused. */
type Claims = Record<string, { sending?: boolean; message?: string }>

const STATUSES = CouponStatus.options
/** A gift's face ('赠 招牌柠檬茶一杯') is a phrase, not a figure: smaller type so it fits the stub. */
const faceClass = (face: string) => `coupon__face-text${face.length > 5 ? ' coupon__face-text--long' : ''}`

/** The coupon wallet (by status, a usable coupon's code for the till) and the coupon centre to claim more. */
export default function CouponsPage() {
  useChannel()
  const { t } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.coupons.title)
  const { params } = useRouter()
  const [tab, setTab] = useState<CouponStatus>(() => STATUSES.find((s) => s === params.tab) ?? 'usable')
  const [wallet, setWallet] = useState<Wallet>({ kind: 'loading' })
  const [centre, setCentre] = useState<Centre>({ kind: 'loading' })
  const [claims, setClaims] = useState<Claims>({})
  const [shown, setShown] = useState<CouponView>()

  // The whole wallet in one call: the tabs switch without asking again and the counts always agree.
  const loadWallet = useCallback(async () => {
    const res = await call('coupon', 'list', {})
    if (res.ok) setWallet({ kind: 'ready', data: res.data })
    else if (res.error.code === 'NOT_REGISTERED') setWallet({ kind: 'unregistered' })
    else setWallet({ kind: 'error', error: res.error })
  }, [])
  const loadCentre = useCallback(async () => {
    const res = await call('coupon', 'claimable', {})
    setCentre(res.ok ? { kind: 'ready', templates: res.data.templates } : { kind: 'error', error: res.error })
  }, [])

  useDidShow(() => {
    void loadWallet()
    void loadCentre()
  })

  const claim = async (templateId: string) => {
    if (claims[templateId]?.sending) return
    setClaims((c) => ({ ...c, [templateId]: { sending: true } }))
    const res = await call('coupon', 'claim', { templateId })
    setClaims((c) => ({ ...c, [templateId]: res.ok ? {} : { message: t.coupons.claimError[res.error.code] ?? res.error.message } }))
    if (res.ok) {
      Taro.showToast({ title: t.coupons.claimedToast, icon: 'none' })
      setTab(res.data.coupon.status)
    }
    // Either way the counts and what is left have changed, or were not what the page showed.
    void loadWallet()
    void loadCentre()
  }

  if (wallet.kind === 'loading') return <PageState state='loading' />
  if (wallet.kind === 'error') return <PageState state='error' error={wallet.error} onRetry={() => (setWallet({ kind: 'loading' }), loadWallet())} />
  if (wallet.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { coupons, counts } = wallet.data
  const list = coupons.filter((c) => c.status === tab)
  return (
    <View className='page coupons'>
      <View className='coupons__tabs'>
        {STATUSES.map((s) => (
          <View key={s} id={`coupons-tab-${s}`} className={`coupons__tab${s === tab ? ' coupons__tab--active' : ''}`} data-active={s === tab} onClick={() => setTab(s)}>
            <Text>{t.coupons.tabs[s]}</Text>
            <Text id={`coupons-count-${s}`} className='coupons__count'>
              {counts[s]}
            </Text>
          </View>
        ))}
      </View>

      <View id='coupons-list' className='coupons__list' data-status={tab}>
        {list.length === 0 ? (
          <View id='coupons-empty' className='coupons__empty'>
            <Text>{t.coupons.empty[tab]}</Text>
            {tab === 'usable' && <Text className='coupons__muted'>{t.coupons.emptyHint}</Text>}
          </View>
        ) : (
          list.map((c) => <CouponCard key={c.code} coupon={c} t={t} onShow={() => setShown(c)} />)
        )}
      </View>

      <View className='section-title'>{t.coupons.centerTitle}</View>
      <View id='coupon-centre' className='coupons__list'>
        {centre.kind === 'loading' ? (
          <View className='coupons__empty'>{t.common.loading}</View>
        ) : centre.kind === 'error' ? (
          <PageState state='error' error={centre.error} onRetry={() => void loadCentre()} />
        ) : centre.templates.length === 0 ? (
          <View className='coupons__empty'>{t.coupons.centerEmpty}</View>
        ) : (
          centre.templates.map((tpl) => <ClaimCard key={tpl.templateId} template={tpl} claim={claims[tpl.templateId]} t={t} onClaim={() => void claim(tpl.templateId)} />)
        )}
      </View>

      {shown && <CodeSheet coupon={shown} t={t} onClose={() => setShown(undefined)} />}
    </View>
  )
}

function CouponCard({ coupon, t, onShow }: { coupon: CouponView; t: Messages; onShow: () => void }) {
  const c = t.coupons
  const usable = coupon.status === 'usable'
  const when =
    coupon.status === 'usable' && coupon.daysLeft !== null
      ? c.daysLeft(coupon.daysLeft)
      : coupon.status === 'upcoming'
        ? c.startsOn(coupon.validFrom)
        : coupon.status === 'used' && coupon.usedAt
          ? c.usedAt(shanghaiDateTime(coupon.usedAt))
          : coupon.status === 'expired'
            ? c.expired
            : ''
  const id = `coupon-${coupon.code}`
  return (
    <View id={id} className={`coupon${usable ? '' : ' coupon--muted'}`} data-status={coupon.status} onClick={usable ? onShow : undefined}>
      <View className='coupon__face'>
        <Text id={`${id}-face`} className={faceClass(coupon.face)}>
          {coupon.face}
        </Text>
      </View>
      <View className='coupon__body'>
        <Text id={`${id}-title`} className='coupon__title'>
          {coupon.title}
        </Text>
        <Text className='coupon__rules'>{coupon.rules}</Text>
        {coupon.note && <Text className='coupon__rules'>{coupon.note}</Text>}
        <Text className='coupon__rules'>{c.validity(coupon.validFrom, coupon.validUntil)}</Text>
        <View className='coupon__foot'>
          <Text id={`${id}-when`} className={`coupon__when${usable && (coupon.daysLeft ?? 99) <= 3 ? ' coupon__when--soon' : ''}`}>
            {when}
          </Text>
          {usable && <Text className='coupon__use'>{c.tapToUse} ›</Text>}
        </View>
      </View>
    </View>
  )
}

function ClaimCard({ template, claim, t, onClaim }: { template: ClaimableView; claim?: Claims[string]; t: Messages; onClaim: () => void }) {
  const c = t.coupons
  const soldOut = template.remaining === 0
  const done = template.remainingForMe === 0
  const id = `claim-${template.templateId}`
  return (
    <View id={id} className='coupon'>
      <View className='coupon__face'>
        <Text className={faceClass(template.face)}>{template.face}</Text>
      </View>
      <View className='coupon__body'>
        <Text className='coupon__title'>{template.title}</Text>
        <Text className='coupon__rules'>{template.rules}</Text>
        {template.note && <Text className='coupon__rules'>{template.note}</Text>}
        <Text className='coupon__rules'>{template.validity}</Text>
        <View className='coupon__foot'>
          <Text className='coupon__rules'>{template.remaining !== null ? c.remaining(template.remaining) : template.remainingForMe > 0 ? c.remainingForMe(template.remainingForMe) : ''}</Text>
          <Button id={`${id}-button`} size='small' type='primary' disabled={soldOut || done} loading={claim?.sending} onClick={onClaim}>
            {soldOut ? c.soldOut : done ? c.claimed : c.claim}
          </Button>
        </View>
        {claim?.message && (
          <Text id={`${id}-message`} className='coupon__error'>
            {claim.message}
          </Text>
        )}
      </View>
    </View>
  )
}

/** A usable coupon's code, large, for the till to scan. */
function CodeSheet({ coupon, t, onClose }: { coupon: CouponView; t: Messages; onClose: () => void }) {
  return (
    <View id='coupon-sheet' className='coupon-sheet' data-code={coupon.code}>
      <View className='coupon-sheet__mask' onClick={onClose} />
      <View className='coupon-sheet__panel'>
        <Text className='coupon-sheet__title'>
          {coupon.face} · {coupon.title}
        </Text>
        <CodeImage id='coupon-sheet-code' code={coupon.code} barcode tip={t.coupons.showToCashier} />
        <Text className='coupon__rules'>{coupon.rules}</Text>
        <Button id='coupon-sheet-close' block fill='outline' onClick={onClose}>
          {t.coupons.close}
        </Button>
      </View>
    </View>
  )
}
