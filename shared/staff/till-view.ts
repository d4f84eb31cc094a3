import { toMemberView, type MemberRecord } from '../member/member-record'
import type { TierLevel } from '../tier/programme'
import type { PointsSummary } from '../points/schemas'
import type { TillMemberView } from './schemas'
import type { TillCouponView } from '../coupon/schemas'

/** True when `today` (Asia/Shanghai day) is in the month of `birthday` (YYYY-MM-DD). */
export const inBirthdayMonth = (birthday: string | null, today: string) => birthday !== null && birthday.slice(5, 7) === today.slice(5, 7)

/** The member as the till shows them: masked phone, level and its perks, spendable and pending points, coupons. */
export function toTillMemberView(m: MemberRecord, points: PointsSummary, today: string, level: TierLevel, usableCoupons: TillCouponView[] = []): TillMemberView {
  const v = toMemberView(m, { viewer: 'other', tier: { id: level.id, name: level.name } })
  const birthdayMonth = inBirthdayMonth(m.birthday, today)
  return {
    memberId: v.memberId,
    memberNo: v.memberNo,
    nickname: v.nickname,
    phone: v.phone,
    gender: v.gender,
    tier: v.tier,
    perks: { discountPercent: level.benefits.discountPercent, freeItems: level.benefits.freeItems, birthdayGift: birthdayMonth ? level.benefits.birthdayGift : null },
    available: points.available,
    pending: points.pending,
    usableCoupons,
    birthdayMonth,
  }
}
