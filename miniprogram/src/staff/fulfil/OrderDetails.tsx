import { Text, View } from '@tarojs/components'
import { groupCode } from '@shared/coupon/coupon'
import type { OrderView } from '@shared/mall/schemas'
import { fenToYuan } from '../../services/money'
import { Tag } from '../../ui'
import { useStaffI18n } from '../i18n'

type Props = { order: OrderView; memberNo: string; nickname: string | null; collectFen: number }

/** The scanned mall order as the clerk checks it: what to hand over, to whom, by when, and the cash to take. */
export default function OrderDetails({ order: o, memberNo, nickname, collectFen }: Props) {
  const { s } = useStaffI18n()
  const open = o.status === 'awaiting_pickup' || o.status === 'awaiting_delivery'
  return (
    <View id='fulfil-order' className='staff-card fulfil-order' data-status={o.status} data-code={o.code}>
      <View className='fulfil-order__head'>
        <Text id='fulfil-item' className='fulfil-order__title'>
          {o.title}
        </Text>
        <Text id='fulfil-quantity' className='fulfil-order__qty'>
          {s.orderQuantity(o.quantity)}
        </Text>
        <Tag type={open ? 'warning' : 'default'} plain>
          <Text id='fulfil-status'>{s.orderStatus[o.status]}</Text>
        </Tag>
      </View>
      <Text id='fulfil-member' className='staff-card__meta'>
        {s.memberLine(nickname, memberNo)}
      </Text>
      {o.pickupBy && (
        <Text id='fulfil-pickup-by' className='staff-card__meta'>
          {s.pickupBy(o.pickupBy)}
        </Text>
      )}
      <Text id='fulfil-points' className='staff-card__meta'>
        {s.orderPoints(o.points)}
      </Text>
      <Text id='fulfil-collect' className={collectFen > 0 ? 'fulfil-order__collect' : 'staff-card__meta'} data-fen={collectFen}>
        {collectFen > 0 ? s.collect(fenToYuan(collectFen)) : s.noCollect}
      </Text>
      {o.tracking && (
        <Text id='fulfil-tracking-shown' className='staff-card__meta'>
          {s.tracking} {o.tracking}
        </Text>
      )}
      <Text id='fulfil-order-code' className='staff-card__meta fulfil-order__code'>
        {groupCode(o.code)}
      </Text>
    </View>
  )
}
