import tcb from '@cloudbase/node-sdk'
import { saveTemplate } from '../../cloudfunctions/_lib/coupons'
import { saveItem } from '../../cloudfunctions/_lib/mall'
import { openLocalStore, useLocalStore } from '../../scripts/local-cloudbase'
import { CouponTemplate, type CouponTemplateInput } from '../../shared/coupon/schemas'
import { MallItem, type MallItemInput } from '../../shared/mall/schemas'

/**
 * Saves coupon templates and mall items into a test's data directory before its server opens it,
 * the way the operator's tools do: through the same SDK calls the functions make, redirected to
 * the embedded store (as scripts/cli does), then the store is closed for the server to take over.
 */
export async function saveCatalogue(dataDir: string, catalogue: { templates?: CouponTemplateInput[]; items?: MallItemInput[] }): Promise<void> {
  const store = openLocalStore({ dir: dataDir })
  try {
    useLocalStore(store)
    const db = tcb.init({ env: 'huika-local' }).database()
    for (const t of catalogue.templates ?? []) await saveTemplate(db, CouponTemplate.parse(t))
    for (const item of catalogue.items ?? []) await saveItem(db, MallItem.parse(item))
  } finally {
    store.close()
  }
}
