import type { Harness } from '../harness'
import { failsWith, idFor } from './helpers'

/**
 * Transactions through both SDK entry points. Only doc() get/set/update/remove and add run inside
 * a CloudBase transaction, so only those are used. A conflict may surface at the conflicting write
 * (MongoDB detects write conflicts eagerly) or at commit (the local store validates at commit):
 * `conflictOf` accepts either.
 */
async function conflictOf(write: () => Promise<unknown>, commit: () => Promise<unknown>, between?: () => Promise<unknown>) {
  let caught: unknown
  try {
    await write()
  } catch (err) {
    caught = err
  }
  await between?.()
  if (!caught)
    try {
      await commit()
    } catch (err) {
      caught = err
    }
  expect(caught).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
}

export function transactions(use: () => Harness) {
  describe('transactions', () => {
    const account = async (h: Harness, points: number) => {
      const id = idFor(h, 'acct')
      await h.db.collection('contract_accounts').add({ _id: id, t: h.tag, points })
      return id
    }

    test('startTransaction: writes stay invisible until commit, then all appear', async () => {
      const h = use()
      const _ = h.db.command
      const id = await account(h, 10)
      const tx = await h.db.startTransaction()
      const { id: entry } = await tx.collection('contract_ledger').add({ t: h.tag, key: `${h.tag}-k1`, amount: 5 })
      expect((await tx.collection('contract_accounts').doc(id).update({ points: _.inc(5) })).updated).toBe(1)
      expect(await tx.collection('contract_accounts').doc(id).get()).toMatchObject({ data: { points: 15 } })
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 10 })
      expect((await h.db.collection('contract_accounts').doc(id).get()).data[0].points).toBe(10)
      expect(await h.probes.find('contract_ledger')).toEqual([])
      await tx.commit()
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 15 })
      expect(await h.probes.find('contract_ledger')).toEqual([{ _id: entry, t: h.tag, key: `${h.tag}-k1`, amount: 5 }])
    })

    test('rollback discards every write of the transaction', async () => {
      const h = use()
      const id = await account(h, 10)
      const tx = await h.db.startTransaction()
      await tx.collection('contract_ledger').add({ t: h.tag, key: `${h.tag}-k1`, amount: 5 })
      await tx.collection('contract_accounts').doc(id).set({ t: h.tag, points: 99 })
      await tx.collection('contract_accounts').doc(idFor(h, 'other')).set({ t: h.tag, points: 1 })
      await tx.rollback()
      expect(await h.probes.get('contract_accounts', id)).toEqual({ _id: id, t: h.tag, points: 10 })
      expect(await h.probes.get('contract_accounts', idFor(h, 'other'))).toBeUndefined()
      expect(await h.probes.find('contract_ledger')).toEqual([])
    })

    test('runTransaction commits and returns what the callback returns', async () => {
      const h = use()
      const _ = h.db.command
      const id = await account(h, 10)
      const result = await h.db.runTransaction(async (tx: any) => {
        const { data } = await tx.collection('contract_accounts').doc(id).get()
        await tx.collection('contract_accounts').doc(id).update({ points: _.inc(-4) })
        await tx.collection('contract_accounts').doc(idFor(h, 'gone')).remove()
        return data.points - 4
      })
      expect(result).toBe(6)
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 6 })
    })

    test('runTransaction with rollback(reason) rejects with the reason and stores nothing', async () => {
      const h = use()
      const id = await account(h, 10)
      const outcome = h.db.runTransaction(async (tx: any) => {
        await tx.collection('contract_accounts').doc(id).update({ points: 0 })
        await tx.rollback({ code: 'INSUFFICIENT_POINTS' })
      })
      await expect(outcome).rejects.toEqual({ code: 'INSUFFICIENT_POINTS' })
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 10 })
    })

    test('a transaction reads its own writes, and repeats its reads despite outside writes', async () => {
      const h = use()
      const _ = h.db.command
      const id = await account(h, 10)
      const tx = await h.db.startTransaction()
      const { id: added } = await tx.collection('contract_docs').add({ t: h.tag, v: 1 })
      expect(await tx.collection('contract_docs').doc(added).get()).toMatchObject({ data: { v: 1 } })
      expect((await tx.collection('contract_accounts').doc(id).get()).data.points).toBe(10)
      await h.db.collection('contract_accounts').doc(id).update({ points: _.inc(1) })
      expect((await tx.collection('contract_accounts').doc(id).get()).data.points).toBe(10)
      await tx.rollback()
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 11 })
      expect(await h.probes.get('contract_docs', added)).toBeUndefined()
    })

    test('two transactions updating the same document: the first commit wins, the other conflicts', async () => {
      const h = use()
      const _ = h.db.command
      const id = await account(h, 10)
      const [a, b] = await Promise.all([h.db.startTransaction(), h.db.startTransaction()])
      await a.collection('contract_accounts').doc(id).get()
      await b.collection('contract_accounts').doc(id).get()
      await a.collection('contract_accounts').doc(id).update({ points: _.inc(1) })
      await conflictOf(
        () => b.collection('contract_accounts').doc(id).update({ points: _.inc(100) }),
        () => b.commit(),
        () => a.commit(),
      )
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 11 })
    })

    test('a write outside the transaction to a document it read makes it conflict', async () => {
      const h = use()
      const _ = h.db.command
      const id = await account(h, 10)
      const tx = await h.db.startTransaction()
      await tx.collection('contract_accounts').doc(id).get()
      await h.db.collection('contract_accounts').doc(id).update({ points: _.inc(-10) })
      await conflictOf(() => tx.collection('contract_accounts').doc(id).update({ points: _.inc(-10) }), () => tx.commit())
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 0 })
    })

    test('runTransaction retries a conflicting attempt and then commits once', async () => {
      const h = use()
      const _ = h.db.command
      const id = await account(h, 10)
      let attempts = 0
      await h.db.runTransaction(async (tx: any) => {
        attempts++
        const { data } = await tx.collection('contract_accounts').doc(id).get()
        if (attempts === 1) await h.db.collection('contract_accounts').doc(id).update({ points: _.inc(100) })
        await tx.collection('contract_accounts').doc(id).update({ points: data.points * 2 })
      })
      expect(attempts).toBe(2)
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 220 })
    })

    test('a duplicate key inside a transaction fails it, and none of its writes are stored', async () => {
      const h = use()
      const id = await account(h, 10)
      await h.db.collection('contract_ledger').add({ t: h.tag, key: `${h.tag}-k1`, amount: 1 })
      const tx = await h.db.startTransaction()
      await tx.collection('contract_accounts').doc(id).update({ points: 0 })
      await failsWith(tx.collection('contract_ledger').add({ t: h.tag, key: `${h.tag}-k1`, amount: 2 }), 'DATABASE_DUPLICATE_WRITE')
      await tx.rollback().catch(() => undefined)
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 10 })
      expect((await h.probes.find('contract_ledger')).map((d) => d.amount)).toEqual([1])
    })

    test('a finished transaction cannot be used again', async () => {
      const h = use()
      const tx = await h.db.startTransaction()
      await tx.collection('contract_docs').add({ t: h.tag, v: 1 })
      await tx.commit()
      await failsWith(tx.collection('contract_docs').add({ t: h.tag, v: 2 }), 'DATABASE_TRANSACTION_FAIL')
      expect((await h.probes.find('contract_docs')).map((d) => d.v)).toEqual([1])
    })
  })
}
