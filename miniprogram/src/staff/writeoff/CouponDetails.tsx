import { Text, View } from '@tarojs/components'
import { groupCode } from '@shared/coupon/coupon'
import type { CouponView } from '@shared/coupon/schemas'
import { Tag } from '../../ui'
import { useStaffI18n } from '../i18n'

type Props = { coupon: CouponView; memberNo: string; nickname: string | null }

/** The scanned coupon as the clerk checks it: face, title, conditions, validity, whose it is. */
export default function CouponDetails({ coupon: c, memberNo, nickname }: Props) {
  const { s } = useStaffI18n()
  return (
    <View id='writeoff-coupon' className='staff-card writeoff-coupon' data-status={c.status} data-code={c.code}>
      <View className='writeoff-coupon__head'>
        <Text id='writeoff-face' className='writeoff-coupon__face'>
          {c.face}
        </Text>
        <View className='writeoff-coupon__body'>
          <Text id='writeoff-title' className='writeoff-coupon__title'>
            {c.title}
          </Text>
          <Text id='writeoff-rules' className='staff-card__meta'>
            {c.rules}
          </Text>
        </View>
        <Tag type={c.status === 'usable' ? 'success' : 'default'} plain>
          <Text id='writeoff-status'>{s.couponStatus[c.status]}</Text>
        </Tag>
      </View>
      {c.note && (
        <Text id='writeoff-note' className='writeoff-coupon__note'>
          {c.note}
        </Text>
      )}
      <Text id='writeoff-validity' className='staff-card__meta'>
        {s.couponValidity(c.validFrom, c.validUntil)}
      </Text>
      <Text id='writeoff-member' className='staff-card__meta'>
        {s.memberLine(nickname, memberNo)}
      </Text>
      <Text id='writeoff-coupon-code' className='staff-card__meta writeoff-coupon__code'>
        {groupCode(c.code)}
      </Text>
    </View>
  )
}
