import { faceText, issuable, rulesText, validityText } from '../../shared/coupon/coupon'
import { CouponTemplate, type ClaimableView } from '../../shared/coupon/schemas'
import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { claimsLeft, COUPON_HOLDS, COUPON_TEMPLATES } from '../_lib/coupons'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { storeNamesFor } from '../_lib/staff-records'

/** coupon.claimable: the coupon centre, every template members may claim now, with what is left for the caller. */
export const claimable: Handler<'coupon', 'claimable'> = async (_input, { deps, identity, now }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const today = shanghaiDay(now)
  const res = await db.collection(COUPON_TEMPLATES).where({ claimable: true, active: true }).limit(100).get()
  const templates = (res.data as Array<Record<string, unknown>>)
    .map(({ _id, ...t }) => CouponTemplate.safeParse({ ...t, id: _id }))
    .flatMap((p) => (p.success ? [p.data] : []))
    .filter((t) => issuable(t, today) === null)
  const names = await storeNamesFor(db, templates.map((t) => t.storeIds))
  const views: ClaimableView[] = []
  for (const t of templates) {
    const [left, hold] = await Promise.all([claimsLeft(db, t), db.collection(COUPON_HOLDS).doc(`${member._id}:${t.id}`).get()])
    const claimed = ((hold.data as Array<{ claimed: number }>)[0]?.claimed ?? 0) as number
    views.push({
      templateId: t.id,
      title: t.title,
      kind: t.kind,
      face: faceText(t),
      rules: rulesText(t, names),
      note: t.note,
      validity: validityText(t),
      remainingForMe: Math.max(0, t.perMemberLimit - claimed),
      remaining: left,
    })
  }
  return ok({ templates: views })
}
