import { COUPON_TEMPLATES, saveTemplate } from '../../cloudfunctions/_lib/coupons'
import type { Deps } from '../../cloudfunctions/_lib/deps'
import { importVouchers, loadItem, poolStock, saveItem } from '../../cloudfunctions/_lib/mall'
import { grantPoints } from '../../cloudfunctions/_lib/ledger'
import { saveStaff, saveStore, staffByOpenid, storeById } from '../../cloudfunctions/_lib/staff-records'
import { CouponTemplate } from '../../shared/coupon/schemas'
import { SetCampaign, Wheel } from '../../shared/game/schemas'
import { loadWheel, saveWheel } from '../../cloudfunctions/_lib/games'
import { loadCampaign, saveCampaign } from '../../cloudfunctions/_lib/sets'
import { addDays, shanghaiDay } from '../../shared/day'
import { itemPool } from '../../shared/mall/item'
import { MallItem } from '../../shared/mall/schemas'
import { DEMO_STORE, demoCampaign, demoItems, demoTemplates, demoVoucherCodes, demoWheel } from './demo-catalogue'

/** Points each demo member starts with, so an evaluator can redeem at once. */
export const DEMO_POINTS = 5000
const VOUCHERS_PER_ITEM = 50

/**
 * The demo store and its clerk, the coupon templates, the mall items with their stock and partner
 * codes, and opening points for the demo members. Only what is missing is created: running it again
 * changes nothing, and an operator's own edits to a demo item or template are kept.
 */
export async function seedCatalogue(deps: Deps, memberIds: Array<{ openid: string; memberId: string }>) {
  const { db } = deps
  const now = deps.now()
  const today = shanghaiDay(now)
  const created = { store: false, clerk: false, templates: 0, items: 0, vouchers: 0, wheels: 0, campaigns: 0, pointsGiven: 0 }

  if (!(await storeById(db, DEMO_STORE.id))) {
    await saveStore(db, { _id: DEMO_STORE.id, name: DEMO_STORE.name, hours: null, createdAt: now, updatedAt: now })
    created.store = true
  }
  if (!(await staffByOpenid(db, 'demo-clerk'))) {
    await saveStaff(db, { _id: 'demo-clerk', openid: 'demo-clerk', role: 'clerk', storeId: DEMO_STORE.id, name: '演示店员', phone: null, active: true, createdAt: now, updatedAt: now })
    created.clerk = true
  }

  for (const input of demoTemplates(today)) {
    const exists = ((await db.collection(COUPON_TEMPLATES).doc(input.id).get()).data as unknown[]).length > 0
    if (exists) continue
    await saveTemplate(db, CouponTemplate.parse(input))
    created.templates++
  }

  for (const input of demoItems(now)) {
    if (await loadItem(db, input.id)) continue
    const item = MallItem.parse(input)
    await saveItem(db, item)
    created.items++
    if (item.kind === 'voucher' && (await poolStock(db, itemPool(item.id))) === 0)
      created.vouchers += (await importVouchers(db, item.id, demoVoucherCodes(item.id, VOUCHERS_PER_ITEM, now), now)).added
  }

  if (!(await loadWheel(db, demoWheel.id))) {
    await saveWheel(db, Wheel.parse(demoWheel))
    created.wheels++
  }
  if (!(await loadCampaign(db, 'eight-wishes'))) {
    await saveCampaign(db, SetCampaign.parse(demoCampaign(today)))
    created.campaigns++
  }

  for (const { openid, memberId } of memberIds) {
    const given = await grantPoints(db, memberId, {
      entryId: `seed:${openid}`,
      points: DEMO_POINTS,
      expiresOn: addDays(today, 365),
      source: { kind: 'admin', id: 'seed-demo', storeId: null },
      reason: '演示赠送积分',
      now,
    })
    if (given) created.pointsGiven += DEMO_POINTS
  }
  return created
}
