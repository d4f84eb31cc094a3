import { toMemberView, type MemberRecord } from '../member/member-record'
import type { TierBadge } from '../member/schemas'
import type { PointsSummary } from '../points/schemas'
import type { TillMemberView } from './schemas'

/** True when `today` (Asia/Shanghai day) is in the month of `birthday` (YYYY-MM-DD). */
export const inBirthdayMonth = (birthday: string | null, today: string) => birthday !== null && birthday.slice(5, 7) === today.slice(5, 7)

/** The member as the till shows them: masked phone, tier, spendable and pending points, coupons. */
export function toTillMemberView(m: MemberRecord, points: PointsSummary, today: string, tier?: TierBadge): TillMemberView {
  const v = toMemberView(m, { viewer: 'other', tier })
  return {
    memberId: v.memberId,
    memberNo: v.memberNo,
    nickname: v.nickname,
    phone: v.phone,
    gender: v.gender,
    tier: v.tier,
    available: points.available,
    pending: points.pending,
    usableCoupons: [],
    birthdayMonth: inBirthdayMonth(m.birthday, today),
  }
}
