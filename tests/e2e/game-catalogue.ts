import tcb from '@cloudbase/node-sdk'
import { saveTemplate } from '../../cloudfunctions/_lib/coupons'
import { saveWheel } from '../../cloudfunctions/_lib/games'
import { openLocalStore, useLocalStore } from '../../scripts/local-cloudbase'
import { CouponTemplate, type CouponTemplateInput } from '../../shared/coupon/schemas'
import { Wheel, type WheelInput } from '../../shared/game/schemas'

/**
 * Saves wheels (and the coupon templates their prizes pay) into a test's data directory before its
 * server opens it, through the same calls the operator's tools make (as staff-catalogue.ts does);
 * saveWheel also creates the budget and prize stock pools.
 */
export async function saveGames(dataDir: string, games: { templates?: CouponTemplateInput[]; wheels: WheelInput[] }): Promise<void> {
  const store = openLocalStore({ dir: dataDir })
  try {
    useLocalStore(store)
    const db = tcb.init({ env: 'huika-local' }).database()
    for (const t of games.templates ?? []) await saveTemplate(db, CouponTemplate.parse(t))
    for (const w of games.wheels) await saveWheel(db, Wheel.parse(w))
  } finally {
    store.close()
  }
}
