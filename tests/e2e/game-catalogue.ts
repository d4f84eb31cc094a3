import tcb from '@cloudbase/node-sdk'
import { saveTemplate } from '../../cloudfunctions/_lib/coupons'
import { saveWheel } from '../../cloudfunctions/_lib/games'
import { saveCampaign } from '../../cloudfunctions/_lib/sets'
import { openLocalStore, useLocalStore } from '../../scripts/local-cloudbase'
import { CouponTemplate, type CouponTemplateInput } from '../../shared/coupon/schemas'
import { SetCampaign, Wheel, type SetCampaignInput, type WheelInput } from '../../shared/game/schemas'

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

/** Saves collect-the-set campaigns (and the coupon templates their reward tiers pay) the same way. */
export async function saveCampaigns(dataDir: string, sets: { templates?: CouponTemplateInput[]; campaigns: SetCampaignInput[] }): Promise<void> {
  const store = openLocalStore({ dir: dataDir })
  try {
    useLocalStore(store)
    const db = tcb.init({ env: 'huika-local' }).database()
    for (const t of sets.templates ?? []) await saveTemplate(db, CouponTemplate.parse(t))
    for (const c of sets.campaigns) await saveCampaign(db, SetCampaign.parse(c))
  } finally {
    store.close()
  }
}
