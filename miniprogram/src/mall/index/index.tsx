import { Image, ScrollView, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ItemsResult, ItemView } from '@shared/mall/schemas'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { flashPhase, serverOffsetMs } from '../clock'
import FlashCountdown from '../components/FlashCountdown'
import ItemPrice from '../components/ItemPrice'
import { affordableCount, pointsText } from '../quantity'
import { useServerNow } from '../useServerNow'
import '../mall.scss'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type State =
  | { kind: 'loading' }
  | { kind: 'unregistered' }
  | { kind: 'error'; error: CallError }
  | { kind: 'ready'; data: ItemsResult; offsetMs: number }

const ALL = ''
const openItem = (id: string) => Taro.navigateTo({ url: `/mall/item/index?id=${encodeURIComponent(id)}` })
const inFlash = (i: ItemView) => i.flash !== null && i.flash.state !== 'ended'

/** The points mall: what the member can spend on, flash sales first with a live countdown, by category. */
export default function MallPage() {
  useChannel()
  const { t } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.mall.title)
  const [state, setState] = useState<State>({ kind: 'loading' })
  // `?category=` from a menu link or a poster opens that tab (an unknown one shows everything).
  const { params } = useRouter()
  const [category, setCategory] = useState(() => (params.category ? decodeURIComponent(params.category) : ALL))

  const load = useCallback(async () => {
    const res = await call('mall', 'items', {})
    if (res.ok) setState({ kind: 'ready', data: res.data, offsetMs: serverOffsetMs(res.data.serverTime, Date.now()) })
    else if (res.error.code === 'NOT_REGISTERED') setState({ kind: 'unregistered' })
    else setState({ kind: 'error', error: res.error })
  }, [])

  // On every show, so the balance and stock are current after a redemption.
  useDidShow(() => void load())

  const ready = state.kind === 'ready' ? state : undefined
  const flashItems = ready ? ready.data.items.filter(inFlash) : []
  const serverNow = useServerNow(ready?.offsetMs ?? 0, flashItems.length > 0)

  // A sale that starts or ends while the page is open changes price, pool and limit: ask again, once per change.
  const reloadedFor = useRef<string>()
  useEffect(() => {
    const changed = flashItems.find((i) => flashPhase(i.flash!, serverNow).phase !== i.flash!.state)
    if (!changed || !ready) return
    const key = `${ready.data.serverTime}:${changed.id}`
    if (reloadedFor.current === key) return
    reloadedFor.current = key
    void load()
  }, [serverNow, flashItems, ready, load])

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load())} />
  if (state.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { items, categories, available } = state.data
  const active = categories.includes(category) ? category : ALL
  const shown = active === ALL ? items : items.filter((i) => i.category === active)
  return (
    <View className='page mall'>
      <View className='mall__head'>
        <View className='mall__balance'>
          <Text className='mall__label'>{t.mall.available}</Text>
          <Text id='mall-available' className='mall__points'>
            {pointsText(available)}
          </Text>
          <Text id='mall-affordable' className='mall__label'>
            {t.mall.affordable(affordableCount(items, available))}
          </Text>
        </View>
        <View id='mall-orders-link' className='mall__orders' onClick={() => Taro.navigateTo({ url: '/mall/orders/index' })}>
          {t.mall.myOrders} ›
        </View>
      </View>

      {flashItems.length > 0 && (
        <View id='mall-flash' className='mall__flash'>
          <View className='section-title'>{t.mall.flashTitle}</View>
          <ScrollView scrollX className='mall__flash-row'>
            {flashItems.map((item) => (
              <View key={item.id} id={`flash-${item.id}`} className='flash-card' onClick={() => openItem(item.id)}>
                <Image className='flash-card__image' src={item.images[0] ?? ''} mode='aspectFill' />
                <Text className='flash-card__title'>{item.title}</Text>
                <ItemPrice id={`flash-${item.id}-price`} item={item} />
                <FlashCountdown id={`flash-${item.id}-countdown`} flash={item.flash!} serverNow={serverNow} />
              </View>
            ))}
          </ScrollView>
        </View>
      )}

      {categories.length > 1 && (
        <ScrollView scrollX className='mall-tabs'>
          {[ALL, ...categories].map((c, i) => (
            <View key={c || 'all'} id={i === 0 ? 'mall-tab-all' : `mall-tab-${i}`} className={`mall-tabs__tab${c === active ? ' mall-tabs__tab--active' : ''}`} data-active={c === active} onClick={() => setCategory(c)}>
              {c || t.mall.all}
            </View>
          ))}
        </ScrollView>
      )}

      {items.length === 0 ? (
        <PageState state='empty' title={t.mall.empty} description={t.mall.emptyHint} />
      ) : shown.length === 0 ? (
        <View className='mall__none'>{t.mall.emptyCategory}</View>
      ) : (
        <View id='mall-items' className='mall__grid'>
          {shown.map((item) => (
            <ItemCard key={item.id} item={item} available={available} t={t} />
          ))}
        </View>
      )}
    </View>
  )
}

function ItemCard({ item, available, t }: { item: ItemView; available: number; t: Messages }) {
  const id = `mall-item-${item.id}`
  const short = item.price.points - available
  const badges = [
    item.stock === 0 ? t.mall.soldOut : item.stock <= 10 ? t.mall.lowStock(item.stock) : '',
    item.remainingForMe !== null ? t.mall.remainingForMe(item.remainingForMe) : '',
  ].filter(Boolean)
  return (
    <View id={id} className={`mall-item${item.canRedeem ? '' : ' mall-item--blocked'}`} data-can-redeem={item.canRedeem} onClick={() => openItem(item.id)}>
      <Image className='mall-item__image' src={item.images[0] ?? ''} mode='aspectFill' />
      <View className='mall-item__body'>
        <Text className='mall-item__title'>{item.title}</Text>
        {item.subtitle && <Text className='mall-item__subtitle'>{item.subtitle}</Text>}
        <ItemPrice id={`${id}-price`} item={item} />
        <View className='mall-badges'>
          {badges.map((b) => (
            <Text key={b} className='mall-badge'>
              {b}
            </Text>
          ))}
        </View>
        <Text id={`${id}-afford`} className={`mall-item__afford${short > 0 ? ' mall-item__afford--short' : ''}`}>
          {short > 0 ? t.mall.short(pointsText(short)) : item.canRedeem ? t.mall.enough : (item.blockedBy && t.mall.blocked[item.blockedBy]) || ''}
        </Text>
      </View>
    </View>
  )
}
