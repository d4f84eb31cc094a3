import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { groupCode } from '@shared/coupon/coupon'
import type { ItemView, RedeemResult } from '@shared/mall/schemas'
import { yuanText } from '@shared/money'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { Button } from '../../ui'
import { pointsText } from '../quantity'
import { draftFor, newRequestId, type Address } from '../redemption'
import '../mall.scss'
import './index.scss'

type Loaded = { kind: 'loading' } | { kind: 'error'; error: CallError } | { kind: 'ready'; item: ItemView; available: number }
type Submit = { kind: 'idle' } | { kind: 'sending' } | { kind: 'failed'; error: CallError } | { kind: 'done'; result: RedeemResult }

const goOrders = () => Taro.redirectTo({ url: '/mall/orders/index' })

/**
 * The last look before points are spent: item, quantity, points before and after, cash due at
 * pickup. The page makes one requestId when it opens; every tap of confirm sends that same id, so
 * a retry after a lost answer finds the first order instead of redeeming twice.
 */
export default function ConfirmPage() {
  useChannel()
  const { t } = useI18n()
  usePageTitle(t.mall.confirm.title)
  const { params } = useRouter()
  const itemId = decodeURIComponent(params.id ?? '')
  const draft = draftFor(itemId)
  const quantity = draft?.quantity ?? Math.max(1, Number.parseInt(params.qty ?? '1', 10) || 1)
  const requestId = useRef(newRequestId()).current
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const [submit, setSubmit] = useState<Submit>({ kind: 'idle' })

  const load = useCallback(async () => {
    const res = await call('mall', 'item', { itemId })
    setLoaded(res.ok ? { kind: 'ready', item: res.data.item, available: res.data.available } : { kind: 'error', error: res.error })
  }, [itemId])
  useEffect(() => void load(), [load])

  const confirm = async (address: Address | undefined) => {
    if (submit.kind === 'sending' || submit.kind === 'done') return
    setSubmit({ kind: 'sending' })
    const res = await call('mall', 'redeem', { itemId, quantity, requestId, address })
    setSubmit(res.ok ? { kind: 'done', result: res.data } : { kind: 'failed', error: res.error })
  }

  if (submit.kind === 'done') return <Done result={submit.result} t={t} />
  if (loaded.kind === 'loading') return <PageState state='loading' />
  if (loaded.kind === 'error') return <PageState state='error' error={loaded.error} onRetry={() => (setLoaded({ kind: 'loading' }), load())} />

  const { item, available } = loaded
  const c = t.mall.confirm
  const total = item.price.points * quantity
  const cash = item.price.fen * quantity
  const after = available - total
  const delivery = item.fulfilment === 'delivery'
  const address = draft?.address
  const missingAddress = delivery && !address
  // Only a lost answer is worth repeating as is; a refusal (stock, limit, points) stands until something changes.
  const lost = submit.kind === 'failed' && (submit.error.code === 'NETWORK' || submit.error.code === 'BAD_RESPONSE' || submit.error.code === 'INTERNAL')
  const refused = submit.kind === 'failed' && !lost

  return (
    <View className='page mall-confirm'>
      <View className='mall-panel mall-confirm__item'>
        <Image className='mall-confirm__image' src={item.images[0] ?? ''} mode='aspectFill' />
        <View className='mall-confirm__item-text'>
          <Text id='confirm-title' className='mall-confirm__title'>
            {item.title}
          </Text>
          <Text className='mall-note'>
            {c.unitPrice} {t.mall.price(pointsText(item.price.points), item.price.fen > 0 ? yuanText(item.price.fen) : null)}
          </Text>
        </View>
      </View>

      <View className='mall-panel'>
        <Row id='confirm-quantity' label={c.quantity} value={`${quantity}`} />
        <Row id='confirm-total' label={c.totalPoints} value={pointsText(total)} />
        <Row id='confirm-before' label={c.before} value={pointsText(available)} />
        <Row id='confirm-after' label={c.after} value={pointsText(Math.max(0, after))} />
        {cash > 0 && <Row id='confirm-cash' label={c.cash} value={`¥${yuanText(cash)}`} />}
        <Row id='confirm-fulfilment' label={c.fulfilment} value={fulfilmentText(item, t)} />
        {delivery && address && <Row id='confirm-address' label={c.address} value={`${address.name} ${address.phone} ${address.region.join('')}${address.detail}`} />}
      </View>

      {after < 0 && (
        <Text id='confirm-short' className='mall-note mall-note--warn'>
          {c.short(pointsText(-after))}
        </Text>
      )}
      {missingAddress && (
        <Text id='confirm-no-address' className='mall-note mall-note--warn'>
          {c.noAddress}
        </Text>
      )}
      {submit.kind === 'failed' && (
        <Text id='confirm-error' className='mall-note mall-note--warn' data-code={submit.error.code}>
          {lost ? c.networkRetry : submit.error.message}
        </Text>
      )}

      <View className='mall-confirm__actions'>
        {refused || missingAddress ? (
          <Button id='confirm-back' block fill='outline' onClick={() => Taro.navigateBack()}>
            {c.back}
          </Button>
        ) : (
          <Button id='confirm-submit' type='primary' block loading={submit.kind === 'sending'} disabled={after < 0} onClick={() => void confirm(address)}>
            {lost ? c.retry : c.submit}
          </Button>
        )}
      </View>
    </View>
  )
}

function Row({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className='mall-row'>
      <Text>{label}</Text>
      <Text id={id} className='mall-row__value'>
        {value}
      </Text>
    </View>
  )
}

function fulfilmentText(item: ItemView, t: Messages): string {
  const d = t.mall.detail
  if (item.kind === 'coupon') return d.coupon
  if (item.kind === 'voucher') return d.voucher(item.partner ?? '')
  return item.fulfilment === 'delivery' ? d.delivery : d.pickup(item.pickupDays)
}

function Done({ result, t }: { result: RedeemResult; t: Messages }) {
  const c = t.mall.confirm
  const { order } = result
  const note =
    order.kind === 'coupon' ? c.couponNote : order.kind === 'voucher' ? c.voucherNote : order.status === 'awaiting_delivery' ? c.deliveryNote : order.pickupBy ? c.pickupBy(order.pickupBy) : ''
  return (
    <View id='confirm-result' className='page mall-confirm' data-order={order.code} data-duplicate={result.duplicate}>
      <View className='mall-panel mall-confirm__done'>
        <Text className='mall-confirm__tick'>✓</Text>
        <Text className='mall-confirm__done-title'>{c.done}</Text>
        {result.duplicate && <Text className='mall-note'>{c.duplicate}</Text>}
        <Text id='confirm-note' className='mall-note'>
          {note}
        </Text>
        {order.fen > 0 && <Text className='mall-note mall-note--warn'>{c.payAtPickup(yuanText(order.fen))}</Text>}
      </View>
      <View className='mall-panel'>
        <Row id='confirm-order-code' label={c.orderCode} value={groupCode(order.code)} />
        <Row id='confirm-balance' label={c.balanceAfter} value={pointsText(result.available)} />
      </View>
      <View className='mall-confirm__actions'>
        <Button id='confirm-orders' type='primary' block onClick={goOrders}>
          {c.viewOrders}
        </Button>
        {order.kind === 'coupon' && (
          <Button id='confirm-coupons' block fill='outline' onClick={() => Taro.redirectTo({ url: '/pages/coupons/index' })}>
            {c.viewCoupons}
          </Button>
        )}
        <Button id='confirm-mall' block fill='outline' onClick={() => Taro.redirectTo({ url: '/mall/index/index' })}>
          {c.backToMall}
        </Button>
      </View>
    </View>
  )
}
