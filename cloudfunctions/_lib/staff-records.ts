import type { StaffRecord, StoreRecord } from '../../shared/staff/staff-record'
import type { Database } from './deps'

/**
 * The till's collections, named in one place (indexes: cloudfunctions/indexes.json):
 * - `staff` (`_id` = openid), `stores` (`_id` = store id): managed by the CLI.
 * - `orders` (`_id` = `<storeId>:<orderId>`), `member_code_uses` (`_id` = the code: one order each),
 *   `approvals` (`_id` = the order key), `staff_daily` (`_id` = `<openid>:<day>`: a clerk's credited
 *   total that day, the per-staff limit's counter), `staff_actions` (the audit).
 */
export const STAFF = 'staff'
export const STORES = 'stores'
export const ORDERS = 'orders'
export const CODE_USES = 'member_code_uses'
export const APPROVALS = 'approvals'
export const STAFF_DAILY = 'staff_daily'
export const STAFF_ACTIONS = 'staff_actions'

async function byId<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const res = await db.collection(collection).doc(id).get()
  return ((res.data as T[])[0] ?? null) as T | null
}

export const staffByOpenid = (db: Database, openid: string) => byId<StaffRecord>(db, STAFF, openid)
export const storeById = (db: Database, storeId: string) => byId<StoreRecord>(db, STORES, storeId)

/** Store names by id, for showing which stores a coupon or an order belongs to (a few hundred stores). */
export async function storeNames(db: Database): Promise<Record<string, string>> {
  const res = await db.collection(STORES).limit(1000).get()
  return Object.fromEntries((res.data as StoreRecord[]).map((s) => [s._id, s.name]))
}

/** Store names for views of records that may name stores: read only when one of `lists` does (null: any store). */
export const storeNamesFor = async (db: Database, lists: Array<string[] | null>): Promise<Record<string, string>> =>
  lists.some((l) => l !== null) ? storeNames(db) : {}

/** Creates or replaces a staff record (re-adding a removed account reactivates it). */
export async function saveStaff(db: Database, staff: StaffRecord): Promise<void> {
  const { _id, ...data } = staff
  await db.collection(STAFF).doc(_id).set(data)
}

export async function saveStore(db: Database, store: StoreRecord): Promise<void> {
  const { _id, ...data } = store
  await db.collection(STORES).doc(_id).set(data)
}

/** Every staff record (a few hundred at most), store then openid. */
export async function listStaff(db: Database): Promise<StaffRecord[]> {
  const all: StaffRecord[] = []
  for (;;) {
    const res = await db.collection(STAFF).orderBy('storeId', 'asc').orderBy('_id', 'asc').skip(all.length).limit(1000).get()
    const page = res.data as StaffRecord[]
    all.push(...page)
    if (page.length < 1000) return all
  }
}
