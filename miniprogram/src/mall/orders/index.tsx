import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { OrderView } from '@shared/mall/schemas'
import { yuanText } from '@shared/money'
import CodeImage from '../../components/CodeImage'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { shanghaiDateTime } from '../../services/time'
import { Button } from '../../ui'
import { pointsText } from '../quantity'
import '../mall.scss'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type Tab = 'open' | 'done'
type State = { kind: 'loading' } | { kind: 'unregistered' } | { kind: 'error'; error: CallError } | { kind: 'ready'; orders: OrderView[] }

const TABS: Tab[] = ['open', 'done']
const toast = (title: string) => Taro.showToast({ title, icon: 'none', duration: 2500 })

/** The member's redemptions: open ones with their pickup code (and a way to cancel), closed ones below. */
export default function OrdersPage() {
  useChannel()
  const { t } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.mall.orders.title)
  const { params } = useRouter()
  const [tab, setTab] = useState<Tab>(params.tab === 'done' ? 'done' : 'open')
  const [state, setState] = useState<State>({ kind: 'loading' })

  // A tab switched while a list is on its way: only the latest request may fill the page.
  const latest = useRef(0)
  const load = useCallback(async (which: Tab) => {
    const mine = ++latest.current
    const res = await call('mall', 'orders', { status: which })
    if (mine !== latest.current) return
    if (res.ok) setState({ kind: 'ready', orders: res.data.orders })
    else if (res.error.code === 'NOT_REGISTERED') setState({ kind: 'unregistered' })
    else setState({ kind: 'error', error: res.error })
  }, [])

  useDidShow(() => void load(tab))
  const choose = (next: Tab) => {
    if (next === tab) return
    setTab(next)
    setState({ kind: 'loading' })
    void load(next)
  }

  const cancel = async (order: OrderView) => {
    const o = t.mall.orders
    const answer = await Taro.showModal({ title: o.cancelTitle, content: order.points > 0 ? o.cancelContent(pointsText(order.points)) : '', confirmText: o.cancelConfirm, cancelText: o.keep, confirmColor: '#fa2c19' })
    if (!answer.confirm) return
    const res = await call('mall', 'cancel', { orderCode: order.code })
    toast(res.ok ? o.cancelled : res.error.message)
    void load(tab)
  }

  if (state.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  return (
    <View className='page mall-orders'>
      <View className='mall-orders__tabs'>
        {TABS.map((k) => (
          <View key={k} id={`orders-tab-${k}`} className={`mall-orders__tab${k === tab ? ' mall-orders__tab--active' : ''}`} data-active={k === tab} onClick={() => choose(k)}>
            {t.mall.orders.tabs[k]}
          </View>
        ))}
      </View>
      {state.kind === 'loading' ? (
        <PageState state='loading' />
      ) : state.kind === 'error' ? (
        <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load(tab))} />
      ) : state.orders.length === 0 ? (
        <PageState state='empty' title={t.mall.orders.empty[tab]} action={{ label: t.mall.orders.goMall, onClick: () => Taro.navigateTo({ url: '/mall/index/index' }) }} />
      ) : (
        <View id='orders-list' className='mall-orders__list'>
          {state.orders.map((order) => (
            <OrderCard key={order.code} order={order} t={t} onCancel={() => void cancel(order)} />
          ))}
        </View>
      )}
    </View>
  )
}

function OrderCard({ order, t, onCancel }: { order: OrderView; t: Messages; onCancel: () => void }) {
  const o = t.mall.orders
  const id = `order-${order.code}`
  const open = order.status === 'awaiting_pickup' || order.status === 'awaiting_delivery'
  return (
    <View id={id} className='mall-panel order-card' data-status={order.status}>
      <View className='order-card__head'>
        <Image className='order-card__image' src={order.image ?? ''} mode='aspectFill' />
        <View className='order-card__main'>
          <Text className='order-card__title'>
            {order.title} {o.quantity(order.quantity)}
          </Text>
          <Text className='mall-note'>{o.paid(pointsText(order.points), order.fen > 0 ? yuanText(order.fen) : null)}</Text>
          <Text className='mall-note'>{o.createdAt(shanghaiDateTime(order.createdAt))}</Text>
        </View>
        <Text id={`${id}-status`} className={`order-card__status order-card__status--${order.status}`}>
          {o.status[order.status]}
        </Text>
      </View>

      {order.status === 'awaiting_pickup' && (
        <>
          <CodeImage id={`${id}-code`} code={order.code} tip={o.pickupTip} />
          {order.pickupBy && (
            <Text id={`${id}-pickup-by`} className='mall-note'>
              {o.pickupBy(order.pickupBy)}
            </Text>
          )}
          <Text id={`${id}-stores`} className='mall-note'>
            {order.stores ? o.stores(order.stores.map((st) => st.name).join('、')) : o.anyStore}
          </Text>
          {order.fen > 0 && <Text className='mall-note mall-note--warn'>{o.payAtPickup(yuanText(order.fen))}</Text>}
        </>
      )}
      {order.status === 'awaiting_delivery' && <Text className='mall-note'>{o.awaitingDelivery}</Text>}
      {order.address && (
        <Text id={`${id}-address`} className='mall-note'>
          {o.shipTo(`${order.address.name} ${order.address.phone}`, `${order.address.region.join('')}${order.address.detail}`)}
        </Text>
      )}
      {order.tracking && <Text className='mall-note'>{o.tracking(order.tracking)}</Text>}

      {order.voucherCodes.length > 0 && (
        <View className='order-card__vouchers'>
          <Text className='mall-note'>{o.vouchers}</Text>
          {order.voucherCodes.map((code, i) => (
            <View key={code} className='mall-row'>
              <Text id={`${id}-voucher-${i}`} className='order-card__voucher' userSelect>
                {code}
              </Text>
              <Button id={`${id}-voucher-${i}-copy`} size='small' fill='outline' onClick={() => Taro.setClipboardData({ data: code }).then(() => toast(o.copied))}>
                {o.copy}
              </Button>
            </View>
          ))}
        </View>
      )}

      {order.couponCodes.length > 0 && (
        <View id={`${id}-coupons`} className='mall-row' onClick={() => Taro.navigateTo({ url: '/pages/coupons/index' })}>
          <Text className='mall-note'>{o.coupons(order.couponCodes.length)}</Text>
          <Text className='order-card__link'>{o.viewCoupons}</Text>
        </View>
      )}

      {open && (
        <View className='order-card__actions'>
          <Button id={`${id}-cancel`} size='small' fill='outline' onClick={onCancel}>
            {o.cancel}
          </Button>
        </View>
      )}
    </View>
  )
}
