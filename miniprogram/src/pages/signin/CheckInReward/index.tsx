import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CheckInResult } from '@shared/signin/schemas'
import type { Messages } from '../../../i18n'

/** What the check-in just earned: the points, the streak day's bonus, any coupon with the way to the wallet, and the new balance. */
export default function CheckInReward({ result, t }: { result: CheckInResult; t: Messages }) {
  const s = t.signin
  const coupons = result.couponCodes.length
  return (
    <View id='signin-reward' className='signin-reward' data-already={result.already} data-streak={result.streak}>
      <Text id='signin-reward-title' className='signin-reward__title'>
        {result.already ? s.alreadyTitle : s.rewardTitle}
      </Text>
      <Text id='signin-reward-points' className='signin-reward__points'>
        {s.rewardPoints(result.points)}
      </Text>
      <Text id='signin-reward-streak' className='signin-reward__line'>
        {s.rewardStreak(result.streak)}
      </Text>
      {result.bonusPoints > 0 && (
        <Text id='signin-reward-bonus' className='signin-reward__line signin-reward__line--bonus'>
          {s.rewardBonus(result.streak, result.bonusPoints)}
        </Text>
      )}
      {coupons > 0 && (
        <View id='signin-reward-coupons' className='signin-reward__coupons'>
          <Text>{s.rewardCoupons(coupons)}</Text>
          <Text id='signin-reward-wallet' className='signin-reward__link' onClick={() => Taro.navigateTo({ url: '/pages/coupons/index' })}>
            {s.viewWallet}
          </Text>
        </View>
      )}
      <Text id='signin-reward-balance' className='signin-reward__balance'>
        {s.balance(result.balance)}
      </Text>
    </View>
  )
}
