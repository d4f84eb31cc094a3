import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import type { MemberRecord } from '../../shared/member/member-record'
import { spendableNow } from '../../shared/points/account'
import type { TierLevel } from '../../shared/tier/programme'
import { currentAccount } from '../_lib/ledger'
import { MALL_LIMITS } from '../_lib/mall'
import { memberByOpenid } from '../_lib/members'
import type { ActionContext } from '../_lib/router'
import { levelNow } from '../_lib/tiers'

/** The caller as the mall sees them: the member, their level, spendable points, and what they already redeemed. */
export interface Shopper {
  member: MemberRecord
  level: TierLevel
  available: number
  /** Units redeemed per limit key (`<itemId>` or `<itemId>:<flashId>`). */
  bought: Map<string, number>
}

export async function shopper(ctx: Pick<ActionContext, 'deps' | 'identity' | 'now'>): Promise<Result<Shopper>> {
  const { db } = ctx.deps
  const member = await memberByOpenid(db, ctx.identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const [level, account, limits] = await Promise.all([
    levelNow(db, member, ctx.now),
    currentAccount(db, member._id, ctx.now),
    db.collection(MALL_LIMITS).where({ memberId: member._id }).limit(1000).get(),
  ])
  const bought = new Map((limits.data as Array<{ limitKey: string; count: number }>).map((l) => [l.limitKey, l.count]))
  return ok({ member, level, available: spendableNow(account, shanghaiDay(ctx.now)), bought })
}
