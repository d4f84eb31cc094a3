import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { RedeemInput, type ItemView } from '@shared/mall/schemas'
import Field from '../../components/Field'
import PageState from '../../components/PageState'
import RegionPicker from '../../components/ProfileFields/RegionPicker'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { shanghaiDateTime } from '../../services/time'
import { Button, CellGroup, Input } from '../../ui'
import { serverOffsetMs } from '../clock'
import FlashCountdown from '../components/FlashCountdown'
import ItemPrice from '../components/ItemPrice'
import { clampQuantity, maxQuantity, pointsText } from '../quantity'
import { rememberedAddress, saveDraft, type Address } from '../redemption'
import { useServerNow } from '../useServerNow'
import '../mall.scss'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type State =
  | { kind: 'loading' }
  | { kind: 'unregistered' }
  | { kind: 'error'; error: CallError }
  | { kind: 'ready'; item: ItemView; available: number; offsetMs: number }

const AddressInput = RedeemInput.shape.address.unwrap()
const emptyAddress: Address = { name: '', phone: '', region: [], detail: '' }

/** One item: pictures, price, flash sale, what is left for the member, quantity and (for delivery) the address. */
export default function ItemPage() {
  useChannel()
  const { t } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.mall.detail.title)
  const { params } = useRouter()
  const itemId = decodeURIComponent(params.id ?? '')
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [quantity, setQuantity] = useState(1)
  const [address, setAddress] = useState<Address>(() => rememberedAddress() ?? emptyAddress)

  const load = useCallback(async () => {
    const res = await call('mall', 'item', { itemId })
    if (res.ok) setState({ kind: 'ready', item: res.data.item, available: res.data.available, offsetMs: serverOffsetMs(res.data.serverTime, Date.now()) })
    else if (res.error.code === 'NOT_REGISTERED') setState({ kind: 'unregistered' })
    else setState({ kind: 'error', error: res.error })
  }, [itemId])

  useDidShow(() => void load())
  const ready = state.kind === 'ready' ? state : undefined
  const serverNow = useServerNow(ready?.offsetMs ?? 0, !!ready?.item.flash && ready.item.flash.state !== 'ended')

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load())} />
  if (state.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { item, available } = state
  const max = maxQuantity(item)
  const qty = clampQuantity(quantity, max)
  const total = item.price.points * qty
  const delivery = item.fulfilment === 'delivery'
  const blocked = !item.canRedeem ? (item.blockedBy && t.mall.blocked[item.blockedBy]) || t.mall.blocked.NOT_ON_SALE : total > available ? t.mall.detail.totalShort(pointsText(total - available)) : ''

  const redeem = () => {
    if (blocked) return
    if (delivery) {
      const parsed = AddressInput.safeParse(address)
      if (!parsed.success) return Taro.showToast({ title: parsed.error.issues[0]?.message ?? t.mall.detail.address, icon: 'none' })
      saveDraft({ itemId: item.id, quantity: qty, address: parsed.data })
    } else saveDraft({ itemId: item.id, quantity: qty })
    void Taro.navigateTo({ url: `/mall/confirm/index?id=${encodeURIComponent(item.id)}&qty=${qty}` })
  }

  return (
    <View className='page mall-detail'>
      {/* One picture needs no swiper (whose H5 build sizes its slides before the page has its width). */}
      {item.images.length === 1 && (
        <View className='mall-detail__gallery'>
          <Image id='item-image-0' className='mall-detail__image' src={item.images[0]} mode='aspectFit' />
        </View>
      )}
      {item.images.length > 1 && (
        <Swiper className='mall-detail__gallery' indicatorDots circular>
          {item.images.map((src, i) => (
            <SwiperItem key={src + i}>
              <Image id={`item-image-${i}`} className='mall-detail__image' src={src} mode='aspectFit' />
            </SwiperItem>
          ))}
        </Swiper>
      )}

      <View className='mall-panel'>
        <Text id='item-title' className='mall-detail__title'>
          {item.title}
        </Text>
        {item.subtitle && <Text className='mall-note'>{item.subtitle}</Text>}
        <ItemPrice id='item-price' item={item} large />
        {item.flash && item.flash.state !== 'ended' && (
          <View id='item-flash' className='mall-detail__flash'>
            <Text className='mall-detail__flash-label'>{t.mall.flashTitle}</Text>
            <FlashCountdown id='item-flash-countdown' flash={item.flash} serverNow={serverNow} />
          </View>
        )}
        <View className='mall-badges'>
          <Text id='item-stock' className='mall-badge'>
            {item.stock > 0 ? t.mall.stock(item.stock) : t.mall.soldOut}
          </Text>
          {item.perMemberLimit !== null && (
            <Text id='item-limit' className='mall-badge'>
              {t.mall.limit(item.perMemberLimit)}
            </Text>
          )}
          {item.remainingForMe !== null && (
            <Text id='item-remaining' className='mall-badge'>
              {t.mall.remainingForMe(item.remainingForMe)}
            </Text>
          )}
          <Text className='mall-badge'>{t.mall.detail.maxPerOrder(item.maxPerOrder)}</Text>
        </View>
        <Fulfilment item={item} t={t} />
        {item.saleUntil && <Text className='mall-note'>{t.mall.detail.saleUntil(shanghaiDateTime(item.saleUntil))}</Text>}
      </View>

      {item.description && (
        <View className='mall-panel'>
          <Text className='mall-detail__heading'>{t.mall.detail.description}</Text>
          <Text id='item-description' className='mall-detail__description'>
            {item.description}
          </Text>
        </View>
      )}

      <View className='mall-panel'>
        <View className='mall-row'>
          <Text>{t.mall.detail.quantity}</Text>
          <View className='stepper'>
            <View id='item-qty-minus' className={`stepper__button${qty <= 1 ? ' stepper__button--disabled' : ''}`} onClick={() => setQuantity(clampQuantity(qty - 1, max))}>
              −
            </View>
            <Text id='item-qty' className='stepper__value'>
              {qty}
            </Text>
            <View id='item-qty-plus' className={`stepper__button${qty >= max ? ' stepper__button--disabled' : ''}`} onClick={() => setQuantity(clampQuantity(qty + 1, max))}>
              +
            </View>
          </View>
        </View>
      </View>

      {delivery && <AddressForm value={address} onChange={setAddress} t={t} />}

      <View className='mall-detail__spacer' />
      <View className='mall-bar'>
        <View className='mall-bar__info'>
          <Text className='mall-note'>
            {t.mall.detail.total} <Text id='item-total'>{t.mall.price(pointsText(total), null)}</Text>
          </Text>
          {blocked && (
            <Text id='item-blocked' className='mall-note mall-note--warn'>
              {blocked}
            </Text>
          )}
        </View>
        <Button id='item-redeem' type='primary' disabled={!!blocked} onClick={redeem}>
          {t.mall.detail.redeem}
        </Button>
      </View>
    </View>
  )
}

function Fulfilment({ item, t }: { item: ItemView; t: Messages }) {
  const d = t.mall.detail
  if (item.kind === 'coupon') return <Text className='mall-note'>{d.coupon}</Text>
  if (item.kind === 'voucher') return <Text className='mall-note'>{d.voucher(item.partner ?? '')}</Text>
  if (item.fulfilment === 'delivery') return <Text className='mall-note'>{d.delivery}</Text>
  return (
    <>
      <Text id='item-pickup' className='mall-note'>
        {d.pickup(item.pickupDays)}
      </Text>
      <Text className='mall-note'>{item.stores ? d.stores(item.stores.map((st) => st.name).join('、')) : d.allStores}</Text>
    </>
  )
}

function AddressForm({ value, onChange, t }: { value: Address; onChange: (a: Address) => void; t: Messages }) {
  const d = t.mall.detail
  const set = (patch: Partial<Address>) => onChange({ ...value, ...patch })
  return (
    <View id='item-address'>
      <View className='section-title'>{d.address}</View>
      <CellGroup>
        <Field label={d.name}>
          <Input id='address-name' maxLength={20} placeholder={d.namePlaceholder} value={value.name} onChange={(name) => set({ name })} />
        </Field>
        <Field label={d.phone}>
          <Input id='address-phone' type='number' maxLength={11} placeholder={d.phonePlaceholder} value={value.phone} onChange={(phone) => set({ phone })} />
        </Field>
        <RegionPicker value={value.region} onChange={(region) => set({ region })}>
          <Field id='address-region' label={d.region}>
            {value.region.length ? value.region.join(' ') : d.choose}
          </Field>
        </RegionPicker>
        <Field label={d.addressDetail}>
          <Input id='address-detail' maxLength={100} placeholder={d.addressDetailPlaceholder} value={value.detail} onChange={(detail) => set({ detail })} />
        </Field>
      </CellGroup>
    </View>
  )
}
