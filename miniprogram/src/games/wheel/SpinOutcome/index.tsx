import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { SpinResult, WheelView } from '@shared/game/schemas'
import type { Messages } from '../../../i18n'

type Props = { result: SpinResult; prizes: WheelView['prizes']; t: Messages }

/** What the spin that just stopped paid: points, a coupon (and the way to the wallet), an item to pick up (and the way to the order), or thank you; and what it cost. */
export default function SpinOutcome({ result, prizes, t }: Props) {
  const g = t.game
  const { prize } = result
  const title =
    prize.kind === 'points' ? g.resultPoints(result.wonPoints) : prize.kind === 'coupon' || prize.kind === 'item' ? g.resultCoupon(prize.label) : g.resultNone
  const drawn = prizes.find((p) => p.id === result.drawnPrizeId)
  return (
    <View id='wheel-result' className={`wheel-result wheel-result--${prize.kind}`} data-spin-id={result.spinId} data-prize={prize.id} data-fell-back={result.fellBack}>
      <Text id='wheel-result-title' className='wheel-result__title'>
        {title}
      </Text>
      {result.fellBack && (
        <Text id='wheel-result-fell-back' className='wheel-result__line'>
          {g.fellBack(drawn?.label ?? result.drawnPrizeId)}
        </Text>
      )}
      {prize.kind === 'none' && !result.fellBack && <Text className='wheel-result__line'>{g.noneNote}</Text>}
      {prize.kind === 'coupon' && (
        <View className='wheel-result__coupon'>
          <Text>{g.couponNote}</Text>
          <Text id='wheel-result-wallet' className='wheel-result__link' onClick={() => Taro.navigateTo({ url: '/pages/coupons/index' })}>
            {g.viewWallet}
          </Text>
        </View>
      )}
      {prize.kind === 'item' && result.orderCode && (
        <View className='wheel-result__coupon'>
          <Text>{g.itemNote}</Text>
          <Text id='wheel-result-order' className='wheel-result__link' onClick={() => Taro.navigateTo({ url: '/mall/orders/index?tab=open' })}>
            {g.viewOrders}
          </Text>
        </View>
      )}
      <Text id='wheel-result-paid' className='wheel-result__muted'>
        {result.free ? g.paidFree : g.paidCost(result.costPoints)}
      </Text>
    </View>
  )
}
