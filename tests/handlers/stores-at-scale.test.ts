import { definition as adminDefinition } from '../../cloudfunctions/admin'
import type { Database } from '../../cloudfunctions/_lib/deps'
import { allStores } from '../../cloudfunctions/_lib/operators'
import { listStaff, STAFF, storeNamesFor, STORES } from '../../cloudfunctions/_lib/staff-records'
import { ClaimResult } from '../../shared/coupon/schemas'
import type { StaffRecord } from '../../shared/staff/staff-record'
import type { Envelope } from './harness'
import { openMall, type MallHarness } from './mall-fixtures'

// 1,001 stores: one more than a CloudBase query returns (its limit is clamped at 1,000, and so is the local store's).
const STORE_COUNT = 1001
const storeId = (i: number) => `S${String(i).padStart(4, '0')}`
const LAST = storeId(STORE_COUNT - 1)
const ADMIN = 'openid-admin'
const ALICE = 'openid-alice'

let h: MallHarness
beforeEach(async () => {
  h = openMall()
  const now = h.clock.now()
  const stores = Array.from({ length: STORE_COUNT }, (_, i) => ({ _id: storeId(i), name: `门店 ${storeId(i)}`, hours: null, createdAt: now, updatedAt: now }))
  for (let i = 0; i < stores.length; i += 500) await h.deps.db.collection(STORES).add(stores.slice(i, i + 500))
  await h.staff(ADMIN, 'HQ', 'admin')
  await h.register(ALICE, '13812345678')
})
afterEach(() => {
  const logged = h.errors.map((e) => e.message)
  h.close()
  expect(logged).toEqual([])
})

const data = <T>(res: Envelope): T => {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data as T
}

/**
 * The database with a hook on every `get()` of one collection: `seen(docs)` gets each answer's size
 * and may write before the next read.
 */
function watched(db: Database, collection: string, seen: (docs: number) => Promise<void>): Database {
  const wrap = <T extends object>(q: T): T =>
    new Proxy(q, {
      get(target, prop) {
        const v = Reflect.get(target, prop) as unknown
        if (typeof v !== 'function') return v
        if (prop === 'get')
          return async (...args: unknown[]) => {
            const res = await v.apply(target, args)
            await seen((res.data as unknown[]).length)
            return res
          }
        return (...args: unknown[]) => {
          const out = v.apply(target, args)
          return out && typeof out === 'object' && typeof (out as { get?: unknown }).get === 'function' ? wrap(out) : out
        }
      },
    })
  return new Proxy(db, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown
      if (prop === 'collection') return (name: string) => (name === collection ? wrap(target.collection(name)) : target.collection(name))
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
}

describe('at 1,001 stores', () => {
  test("the admin's store list and allStores page past 1,000: every store, in id order", async () => {
    const admin = adminDefinition.build(h.deps)
    const me = data<{ stores: Array<{ id: string; name: string }> }>(await admin({ action: 'me' }, { identity: { openid: ADMIN, unionid: null } }))
    expect(me.stores).toHaveLength(STORE_COUNT)
    expect(me.stores[STORE_COUNT - 1]).toEqual({ id: LAST, name: `门店 ${LAST}`, mallId: null })
    const reads: number[] = []
    expect((await allStores(watched(h.deps.db, STORES, async (n) => void reads.push(n)))).map((s) => s._id)).toEqual(
      Array.from({ length: STORE_COUNT }, (_, i) => storeId(i)),
    )
    expect(reads).toEqual([1000, 1])
  })

  test('a claim and a redemption name the store past the 1,000th, reading only the stores they name', async () => {
    await h.template({ id: 'far', storeIds: [LAST] })
    const claimed = ClaimResult.parse(data(await h.coupon(ALICE, { action: 'claim', templateId: 'far' })))
    expect(claimed.coupon.rules).toContain(`仅限 门店 ${LAST}`)

    await h.give(ALICE, 500)
    await h.item({ id: 'latte', storeIds: ['S0001', LAST] })
    const redeemed = data<{ order: { stores: Array<{ id: string; name: string }> } }>(await h.redeem(ALICE, 'latte'))
    expect(redeemed.order.stores).toEqual([
      { id: 'S0001', name: '门店 S0001' },
      { id: LAST, name: `门店 ${LAST}` },
    ])

    const reads: number[] = []
    const names = await storeNamesFor(watched(h.deps.db, STORES, async (n) => void reads.push(n)), [[LAST], null, ['S0001', LAST, 'gone']])
    expect(names).toEqual({ S0001: '门店 S0001', [LAST]: `门店 ${LAST}` })
    expect(reads).toEqual([2])
    // More names than one read takes: several reads, each within its chunk.
    const many = Array.from({ length: 250 }, (_, i) => storeId(i * 4))
    reads.length = 0
    expect(Object.keys(await storeNamesFor(watched(h.deps.db, STORES, async (n) => void reads.push(n)), [many]))).toHaveLength(250)
    expect(reads).toEqual([100, 100, 50])
  })

  test('the staff list reads past 1,000 records, and a record added meanwhile shows no other twice', async () => {
    const now = h.clock.now()
    const staff: StaffRecord[] = Array.from({ length: STORE_COUNT }, (_, i) => ({
      _id: `openid-clerk-${String(i).padStart(4, '0')}`,
      openid: `openid-clerk-${String(i).padStart(4, '0')}`,
      role: 'clerk',
      storeId: storeId(i),
      name: null,
      phone: null,
      active: true,
      createdAt: now,
      updatedAt: now,
    }))
    for (let i = 0; i < staff.length; i += 500) await h.deps.db.collection(STAFF).add(staff.slice(i, i + 500))
    let pages = 0
    // After the first page, a manager joins a store that sorts first: a list by offset would shift by one.
    const db = watched(h.deps.db, STAFF, async () => {
      if (++pages === 1) await h.staff('openid-aa-manager', 'A0', 'manager')
    })
    const listed = (await listStaff(db)).map((s) => s._id)
    expect(pages).toBeGreaterThan(1)
    expect(listed.length - new Set(listed).size).toBe(0)
    // Everyone there all along, once, by store (HQ before S0000…) then openid; the newcomer may come too.
    expect(listed.filter((id) => id !== 'openid-aa-manager')).toEqual([ADMIN, ...staff.map((s) => s._id)])
  })
})
