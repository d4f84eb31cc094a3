import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TillCouponView } from '@shared/coupon/schemas'
import type { TillMemberView } from '@shared/staff/schemas'
import { Tag } from '../../../ui'
import { domId } from '../../domId'
import { useStaffI18n } from '../../i18n'
import './index.scss'

/** The member as the till shows them: masked phone, level and its perks, points, usable coupons, birthday month. */
export default function TillMember({ member }: { member: TillMemberView }) {
  const { s, locale } = useStaffI18n()
  return (
    <View id='till-member' className='till-member'>
      <View className='till-member__head'>
        <Text id='till-nickname' className='till-member__name'>
          {member.nickname}
        </Text>
        <Tag type='warning' round>
          <Text id='till-tier'>{locale === 'en' ? member.tier.name.en : member.tier.name.zh}</Text>
        </Tag>
      </View>
      <View className='till-member__line'>
        {s.phone} <Text id='till-phone'>{member.phone}</Text>
        <Text className='till-member__no' id='till-member-no'>
          {member.memberNo}
        </Text>
      </View>
      <View className='till-member__perks'>
        <Text id='till-discount' className={`till-member__discount${member.perks.discountPercent > 0 ? '' : ' till-member__muted'}`} data-percent={member.perks.discountPercent}>
          {member.perks.discountPercent > 0 ? s.discount(member.perks.discountPercent) : s.noDiscount}
        </Text>
        {member.perks.freeItems.length > 0 && (
          <View id='till-perks' className='till-member__free'>
            <Text className='till-member__label'>{s.freeItems}</Text>
            {member.perks.freeItems.map((item) => (
              <Text key={item} className='till-member__item'>
                {item}
              </Text>
            ))}
          </View>
        )}
        {member.perks.birthdayGift && (
          <Text id='till-birthday-gift' className='till-member__gift'>
            {s.birthdayGift(member.perks.birthdayGift)}
          </Text>
        )}
      </View>
      <View className='till-member__stats'>
        <Stat id='till-available' value={member.available} label={s.available} />
        <Stat id='till-pending' value={member.pending} label={s.pending} muted />
      </View>
      {member.birthdayMonth && (
        <View id='till-birthday' className='till-member__birthday'>
          {s.birthdayMonth}
        </View>
      )}
      <View className='till-member__label'>{s.coupons}</View>
      <View id='till-coupons' className='till-member__coupons'>
        {member.usableCoupons.length === 0 ? (
          <Text id='till-coupons-empty' className='till-member__muted'>
            {s.noCoupons}
          </Text>
        ) : (
          member.usableCoupons.map((c) => <TillCoupon key={c.code} coupon={c} />)
        )}
      </View>
    </View>
  )
}

function Stat({ id, value, label, muted = false }: { id: string; value: number; label: string; muted?: boolean }) {
  return (
    <View className='till-member__stat'>
      <Text id={id} className={`till-member__value${muted ? ' till-member__value--muted' : ''}`}>
        {value}
      </Text>
      <Text className='till-member__label'>{label}</Text>
    </View>
  )
}

/** One usable coupon; a tap opens the write-off page with its code filled in (back returns to this member). */
function TillCoupon({ coupon: c }: { coupon: TillCouponView }) {
  const { s } = useStaffI18n()
  const open = () => Taro.navigateTo({ url: `/staff/writeoff/index?code=${encodeURIComponent(c.code)}` })
  return (
    <View id={`till-coupon-${domId(c.code)}`} className='till-member__coupon' data-code={c.code} onClick={open}>
      <Text className='till-member__face'>{c.face}</Text>
      <View className='till-member__coupon-body'>
        <Text className='till-member__coupon-title'>{c.title}</Text>
        <Text className='till-member__muted'>{c.rules}</Text>
        <Text className='till-member__muted'>{s.couponUntil(c.validUntil)}</Text>
      </View>
      <Text className='till-member__coupon-open'>{s.couponOpen}</Text>
    </View>
  )
}
