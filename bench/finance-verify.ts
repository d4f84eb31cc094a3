import { forEachById } from '../cloudfunctions/_lib/paging'
import type { Database } from '../cloudfunctions/_lib/deps'
import type { Account } from '../shared/points/account'
import type { LedgerEntry } from '../shared/points/ledger-entry'
import type { FinanceStamp } from './finance-data'
import { memberIdOf } from './tier-review'

/**
 * The generated store read back through the SDK, for three members (first, middle, last): their
 * account agrees with their ledger (balance = sum of entries = sum of lot remainders, seq = count),
 * and re-`set`ting their member, account, an entry, an order, a coupon and their tier changes nothing
 * (`updated: 0`): the bulk writer stored exactly what the SDK would. Counts match the stamp. Throws.
 */
export async function verifyFinanceData(db: Database, stamp: FinanceStamp): Promise<string> {
  const same = async (coll: string, doc: Record<string, unknown> | undefined) => {
    if (!doc) return
    const { _id, ...data } = doc
    const res = (await db.collection(coll).doc(_id as string).set(data)) as { updated?: number }
    if (res.updated !== 0) throw new Error(`${coll}/${_id} differs from what the SDK stores (updated: ${res.updated})`)
  }
  const first = async (coll: string, filter: object) => ((await db.collection(coll).where(filter).limit(1).get()).data as Array<Record<string, unknown>>)[0]
  let entries = 0
  for (const i of [0, Math.floor(stamp.members / 2), stamp.members - 1]) {
    const id = memberIdOf(i)
    const account = ((await db.collection('accounts').doc(id).get()).data as Account[])[0]
    if (!account) throw new Error(`member ${i}: no account`)
    const mine: LedgerEntry[] = []
    await forEachById<LedgerEntry>(db, 'ledger', { memberId: id }, 1000, async (e) => void mine.push(e))
    const sum = mine.reduce((s, e) => s + e.points, 0)
    const lots = account.lots.reduce((s, l) => s + l.remaining, 0)
    if (sum !== account.balance || lots !== account.balance || mine.length !== account.seq)
      throw new Error(`member ${i}: balance ${account.balance}, entries sum ${sum} (${mine.length} vs seq ${account.seq}), lots ${lots}`)
    if (!(mine[0]?.createdAt instanceof Date)) throw new Error(`member ${i}: createdAt did not come back as a Date`)
    entries += mine.length
    await same('members', await first('members', { _id: id }))
    await same('accounts', account as unknown as Record<string, unknown>)
    await same('ledger', mine[0] as unknown as Record<string, unknown>)
    const withOrder = mine.find((e) => e.kind === 'earn' && e.orderKey)
    if (withOrder) await same('orders', await first('orders', { _id: withOrder.orderKey }))
    await same('coupons', await first('coupons', { memberId: id }))
    await same('member_tiers', await first('member_tiers', { _id: id }))
  }
  for (const coll of ['members', 'accounts', 'ledger', 'coupons'] as const) {
    const { total } = await db.collection(coll).count()
    if (total !== stamp.counts[coll]) throw new Error(`${coll}: ${total} documents, the stamp says ${stamp.counts[coll]}`)
  }
  return `verified through the SDK: 3 members' accounts agree with their ${entries} entries; 6 documents each re-set with updated: 0; counts match`
}
