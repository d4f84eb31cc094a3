import type { StaffRecord, StoreRecord } from '../../shared/staff/staff-record'
import type { Database } from './deps'
import { forEachById } from './paging'

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

/** Every record of `stores` or `staff`, in `_id` order: pages of 1,000 (a query's most), each after the last `_id`. */
export async function everyRecord<T extends { _id: string }>(db: Database, collection: typeof STORES | typeof STAFF): Promise<T[]> {
  const all: T[] = []
  await forEachById<T>(db, collection, {}, 1000, async (doc) => {
    all.push(doc)
  })
  return all
}

/** Store ids per `_id` `$in` read: a small request, well within a query's 1,000 documents. */
const NAMES_PER_READ = 100

/**
 * Store names for views of records that may name stores (null: any store): only the stores named are
 * read, by `_id`, so a member's claim or redemption costs the same with 10 stores as with 1,000.
 */
export async function storeNamesFor(db: Database, lists: Array<string[] | null>): Promise<Record<string, string>> {
  const ids = [...new Set(lists.flatMap((l) => l ?? []))]
  const names: Record<string, string> = {}
  for (let i = 0; i < ids.length; i += NAMES_PER_READ) {
    const res = await db.collection(STORES).where({ _id: db.command.in(ids.slice(i, i + NAMES_PER_READ)) }).field({ name: true }).limit(NAMES_PER_READ).get()
    for (const s of res.data as Array<Pick<StoreRecord, '_id' | 'name'>>) names[s._id] = s.name
  }
  return names
}

/** Creates or replaces a staff record (re-adding a removed account reactivates it). */
export async function saveStaff(db: Database, staff: StaffRecord): Promise<void> {
  const { _id, ...data } = staff
  await db.collection(STAFF).doc(_id).set(data)
}

export async function saveStore(db: Database, store: StoreRecord): Promise<void> {
  const { _id, ...data } = store
  await db.collection(STORES).doc(_id).set(data)
}

/**
 * Every staff record (some 10,000 at 1,000 stores), store then openid. Read in pages by `_id`, never
 * `skip`: a record added or removed meanwhile shifts no page, so no other is shown twice or left out.
 */
export async function listStaff(db: Database): Promise<StaffRecord[]> {
  const all = await everyRecord<StaffRecord>(db, STAFF)
  return all.sort((a, b) => (a.storeId === b.storeId ? (a._id < b._id ? -1 : 1) : a.storeId < b.storeId ? -1 : 1))
}
