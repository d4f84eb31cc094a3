import type { Harness } from '../harness'
import { failsWith, idFor } from './helpers'

/** contract_people has a unique index on `email` (indexes.json). */
export function unique(use: () => Harness) {
  describe('unique indexes', () => {
    const email = (h: Harness, who: string) => `${h.tag}-${who}@example.cn`

    test('adding a taken unique key fails with DATABASE_DUPLICATE_WRITE and stores nothing', async () => {
      const h = use()
      const people = h.db.collection('contract_people')
      const { id } = await people.add({ t: h.tag, email: email(h, 'a'), name: 'first' })
      const err = await failsWith(people.add({ t: h.tag, email: email(h, 'a'), name: 'second' }), 'DATABASE_DUPLICATE_WRITE')
      expect(err.message).toMatch(/duplicate/i)
      const stored = await h.probes.find('contract_people')
      expect(stored).toEqual([{ _id: id, t: h.tag, email: email(h, 'a'), name: 'first' }])
      const keys = h.probes.indexed?.('contract_people', 'email_unique')
      if (keys) expect(keys.filter((k) => k.key === JSON.stringify(email(h, 'a')))).toEqual([{ key: JSON.stringify(email(h, 'a')), id }])
    })

    test('adding a taken _id fails with DATABASE_DUPLICATE_WRITE and keeps the first document', async () => {
      const h = use()
      const id = idFor(h, 'same')
      await h.db.collection('contract_docs').add({ _id: id, t: h.tag, v: 1 })
      await failsWith(h.db.collection('contract_docs').add({ _id: id, t: h.tag, v: 2 }), 'DATABASE_DUPLICATE_WRITE')
      expect(await h.probes.get('contract_docs', id)).toEqual({ _id: id, t: h.tag, v: 1 })
    })

    test('updating a document onto a taken key fails and leaves it unchanged', async () => {
      const h = use()
      const people = h.db.collection('contract_people')
      await people.add({ t: h.tag, email: email(h, 'a') })
      const { id } = await people.add({ t: h.tag, email: email(h, 'b') })
      await failsWith(people.doc(id!).update({ email: email(h, 'a') }), 'DATABASE_DUPLICATE_WRITE')
      expect(await h.probes.get('contract_people', id!)).toEqual({ _id: id, t: h.tag, email: email(h, 'b') })
    })

    test('a key is free again once its document is deleted or changed', async () => {
      const h = use()
      const people = h.db.collection('contract_people')
      const { id: a } = await people.add({ t: h.tag, email: email(h, 'a') })
      const { id: b } = await people.add({ t: h.tag, email: email(h, 'b') })
      await people.doc(a!).remove()
      await people.doc(b!).update({ email: email(h, 'c') })
      const again = await Promise.all([people.add({ t: h.tag, email: email(h, 'a') }), people.add({ t: h.tag, email: email(h, 'b') })])
      const stored = await h.probes.find('contract_people')
      expect(stored.map((d) => d.email).sort()).toEqual([email(h, 'a'), email(h, 'b'), email(h, 'c')])
      const keys = h.probes.indexed?.('contract_people', 'email_unique')
      if (keys) {
        const mine = keys.filter((k) => k.key.includes(h.tag))
        expect(mine.map((k) => k.id).sort()).toEqual([b, again[0].id, again[1].id].sort())
      }
    })

    test('concurrent adds of the same key: exactly one wins', async () => {
      const h = use()
      const people = h.db.collection('contract_people')
      const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => people.add({ t: h.tag, email: email(h, 'race'), i })))
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
      expect(await h.probes.find('contract_people')).toHaveLength(1)
    })
  })
}
