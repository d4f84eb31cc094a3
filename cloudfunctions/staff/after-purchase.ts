import type { Deps } from '../_lib/deps'
import { rewardFirstPurchase } from '../_lib/share'

/**
 * What a credited purchase sets off once it has committed: a friend's first purchase pays their
 * referral. A failure is logged and never undoes the credit.
 */
export async function afterPurchase(deps: Deps, memberId: string, orderKey: string, now: Date): Promise<void> {
  try {
    await rewardFirstPurchase(deps, memberId, orderKey, now)
  } catch (err) {
    deps.log.error(`referral of ${memberId} not rewarded for ${orderKey}`, err)
  }
}
