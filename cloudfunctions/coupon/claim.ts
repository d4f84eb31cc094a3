import { issuable, toCouponView } from '../../shared/coupon/coupon'
import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { claimPool, COUPON_HOLDS, issueCoupons, loadTemplate } from '../_lib/coupons'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { storeNamesFor } from '../_lib/staff-records'
import { fromPool, SHARD_EMPTY, takeUnits } from '../_lib/stock'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import type { CouponRecord } from '../../shared/coupon/coupon'

/**
 * coupon.claim: one coupon of a claimable template. One transaction counts the claim against the
 * member's cap (`coupon_holds`) and, for a capped template, takes a unit from one shard of its
 * claim pool, and issues the coupon; racing claims serialise on those documents, so neither cap
 * is ever exceeded.
 */
export const claim: Handler<'coupon', 'claim'> = async ({ templateId }, { deps, identity, now }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const template = await loadTemplate(db, templateId)
  if (!template || !template.claimable) return fail('TEMPLATE_NOT_FOUND')
  const refusal = issuable(template, shanghaiDay(now))
  if (refusal) return fail(refusal)
  const holdId = `${member._id}:${template.id}`

  const attempt = (shard: string | null) =>
    withTransaction<Result<CouponRecord> | typeof SHARD_EMPTY>(db, async (tx) => {
      const hold = (await tx.collection(COUPON_HOLDS).doc(holdId).get()).data as { claimed: number } | null
      const claimed = hold?.claimed ?? 0
      if (claimed >= template.perMemberLimit) return rollback(fail('LIMIT_REACHED', `每人限领 ${template.perMemberLimit} 张，您已领完`))
      if (shard !== null && !(await takeUnits(tx, shard, 1))) return rollback(SHARD_EMPTY)
      const issued = await issueCoupons(tx, deps, template, member, { channel: 'claim', issueKey: `claim:${holdId}:${claimed + 1}`, count: 1, now })
      if (!issued) throw new Error(`claim ${holdId}:${claimed + 1} issued twice`) // the hold makes the key unique
      await tx.collection(COUPON_HOLDS).doc(holdId).set({ memberId: member._id, templateId: template.id, claimed: claimed + 1, updatedAt: now })
      return commit(ok(issued[0]))
    })

  const result = template.totalLimit === null ? await attempt(null) : await fromPool(db, claimPool(template.id), 1, attempt)
  if (result === SHARD_EMPTY) return fail('OUT_OF_STOCK', '来晚了，券已被领完')
  if (!result.ok) return result
  return ok({ coupon: toCouponView(result.data, shanghaiDay(now), await storeNamesFor(db, [result.data.storeIds])) })
}
