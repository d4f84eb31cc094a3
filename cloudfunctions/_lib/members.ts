import type { MemberRecord } from '../../shared/member/member-record'
import type { Database } from './deps'

/**
 * The `members` collection (unique indexes on openid, phone and memberNo: cloudfunctions/indexes.json).
 * Every function that needs a member reads it through these lookups.
 */
export const MEMBERS = 'members'

async function findOne(db: Database, filter: Partial<Pick<MemberRecord, 'openid' | 'phone' | 'memberNo'>>) {
  const res = await db.collection(MEMBERS).where(filter).limit(1).get()
  return ((res.data as MemberRecord[])[0] ?? null) as MemberRecord | null
}

export const memberByOpenid = (db: Database, openid: string) => findOne(db, { openid })
export const memberByPhone = (db: Database, phone: string) => findOne(db, { phone })
export const memberByNo = (db: Database, memberNo: string) => findOne(db, { memberNo })

export async function memberById(db: Database, id: string): Promise<MemberRecord | null> {
  const res = await db.collection(MEMBERS).doc(id).get()
  return ((res.data as MemberRecord[])[0] ?? null) as MemberRecord | null
}
