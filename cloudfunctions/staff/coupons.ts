import {
  sameWriteOff,
  toCouponView,
  undoUntil,
  undoWriteOff as undo,
  writeOff as markUsed,
  writeOffRefusal,
  type CouponRecord,
} from '../../shared/coupon/coupon'
import type { WriteOffResult } from '../../shared/coupon/schemas'
import { shanghaiDay } from '../../shared/day'
import { displayName } from '../../shared/member/member-record'
import { fail, ok, type Result } from '../../shared/errors'
import { COUPONS } from '../_lib/coupons'
import { emitCoupons } from '../_lib/events'
import { memberById } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { authorizeStaff } from '../_lib/staff-auth'
import { storeNamesFor } from '../_lib/staff-records'
import { commit, rollback, withTransaction } from '../_lib/transaction'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

async function couponByCode(db: Parameters<typeof memberById>[0], code: string): Promise<CouponRecord | null> {
  return ((await db.collection(COUPONS).doc(code).get()).data as CouponRecord[])[0] ?? null
}

/** staff.checkCoupon: what the scanned coupon is and whether this store can write it off now. Reads only. */
export const checkCoupon: Handler<'staff', 'checkCoupon'> = async ({ couponCode }, ctx) => {
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const coupon = await couponByCode(db, couponCode)
  if (!coupon) return fail('COUPON_NOT_FOUND')
  const [member, names] = await Promise.all([memberById(db, coupon.memberId), storeNamesFor(db, [coupon.storeIds])])
  const today = shanghaiDay(ctx.now)
  const until = undoUntil(coupon)
  const undoable = until !== null && until > ctx.now && coupon.usedStoreId === auth.data.storeId
  return ok({
    coupon: toCouponView(coupon, today, names),
    memberNo: member?.memberNo ?? '',
    nickname: member ? displayName(member) : null,
    refusal: writeOffRefusal(coupon, auth.data.storeId, today),
    undoUntil: undoable ? iso(until) : null,
  })
}

/**
 * staff.writeOff: marks the coupon used at the caller's store, in one transaction on the coupon
 * itself, so a burst of scans uses it exactly once: the clerk who just wrote it off gets the same
 * answer again (`duplicate: true`); anyone else gets COUPON_USED.
 */
export const writeOff: Handler<'staff', 'writeOff'> = async ({ couponCode }, ctx) => {
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const staff = auth.data
  const { db } = ctx.deps
  const by = { staffOpenid: staff.openid, storeId: staff.storeId }
  const today = shanghaiDay(ctx.now)
  const answer = async (coupon: CouponRecord, duplicate: boolean): Promise<WriteOffResult> => {
    const [member, names] = await Promise.all([memberById(db, coupon.memberId), storeNamesFor(db, [coupon.storeIds])])
    return {
      coupon: toCouponView(coupon, today, names),
      memberNo: member?.memberNo ?? '',
      nickname: member ? displayName(member) : null,
      duplicate,
      undoUntil: iso(undoUntil(coupon))!,
    }
  }
  // The answer is made inside the transaction: the audit record written with it must be the
  // very result returned, or the function records the call a second time (StaffCallAudit.finish).
  return withTransaction<Result<WriteOffResult>>(db, async (tx) => {
    const coupon = (await tx.collection(COUPONS).doc(couponCode).get()).data as CouponRecord | null
    if (!coupon) return rollback(fail('COUPON_NOT_FOUND'))
    if (sameWriteOff(coupon, by, ctx.now)) return rollback(ok(await answer(coupon, true)))
    const refusal = writeOffRefusal(coupon, staff.storeId, today)
    if (refusal) return rollback(fail(refusal))
    const used = markUsed(coupon, by, ctx.now)
    const { _id, ...data } = used
    await tx.collection(COUPONS).doc(couponCode).set(data)
    await emitCoupons(tx, [used], 'used') // webhooks
    const result = ok(await answer(used, false))
    await ctx.audit?.writeIn(tx, result)
    return commit(result)
  })
}

/** staff.undoWriteOff: gives a coupon back within the undo window, at the store that wrote it off, with a reason kept on the coupon. */
export const undoWriteOff: Handler<'staff', 'undoWriteOff'> = async ({ couponCode, reason }, ctx) => {
  const auth = await authorizeStaff(ctx)
  if (!auth.ok) return auth
  const staff = auth.data
  const { db } = ctx.deps
  const today = shanghaiDay(ctx.now)
  return withTransaction<Result<{ coupon: ReturnType<typeof toCouponView> }>>(db, async (tx) => {
    const coupon = (await tx.collection(COUPONS).doc(couponCode).get()).data as CouponRecord | null
    if (!coupon) return rollback(fail('COUPON_NOT_FOUND'))
    const after = undo(coupon, { staffOpenid: staff.openid, storeId: staff.storeId, reason }, ctx.now)
    if ('error' in after) return rollback(fail(after.error))
    const { _id, ...data } = after.coupon
    await tx.collection(COUPONS).doc(couponCode).set(data)
    await emitCoupons(tx, [after.coupon], 'restored') // webhooks
    const result = ok({ coupon: toCouponView(after.coupon, today, await storeNamesFor(db, [after.coupon.storeIds])) })
    await ctx.audit?.writeIn(tx, result)
    return commit(result)
  })
}
