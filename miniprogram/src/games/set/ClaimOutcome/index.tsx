import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Messages } from '../../../i18n'
import type { ClaimResult } from '../useCollectSet'

/** What a claimed tier paid: its points (and the new balance), and its coupon with the way to the wallet. */
export default function ClaimOutcome({ result, label, t }: { result: ClaimResult; label: string; t: Messages }) {
  const c = t.collect
  return (
    <View id='set-claim-result' className='set-claimed' data-tier={result.tier}>
      <Text id='set-claim-title' className='set-claimed__title'>
        {c.claimedTitle(label)}
      </Text>
      {result.points > 0 && (
        <Text id='set-claim-points' className='set-claimed__line'>
          {c.claimedPoints(result.points, result.balance)}
        </Text>
      )}
      {result.couponCodes.length > 0 && (
        <View className='set-claimed__coupon'>
          <Text>{c.couponNote}</Text>
          <Text id='set-claim-wallet' className='set-claimed__link' onClick={() => Taro.navigateTo({ url: '/pages/coupons/index' })}>
            {c.viewWallet}
          </Text>
        </View>
      )}
    </View>
  )
}
