import type { Db, Doc, Harness } from '../harness'
import { idFor, mine, seed } from './helpers'

type Case = [name: string, before: Doc, update: (_: Db['command']) => Doc, after: Doc]

/** Every update operator the SDK exposes, applied with doc().update and checked in storage. */
const CASES: Case[] = [
  ['plain object merges into nested fields', { p: { a: 1, b: 2 } }, () => ({ p: { a: 9 } }), { p: { a: 9, b: 2 } }],
  ['set replaces a whole field', { p: { a: 1, b: 2 } }, (_) => ({ p: _.set({ a: 9 }) }), { p: { a: 9 } }],
  ['inc adds (and creates a missing field)', { n: 5 }, (_) => ({ n: _.inc(-2), m: _.inc(3) }), { n: 3, m: 3 }],
  ['mul multiplies', { n: 5 }, (_) => ({ n: _.mul(3) }), { n: 15 }],
  ['min keeps the smaller', { n: 5 }, (_) => ({ n: _.min(2) }), { n: 2 }],
  ['max keeps the larger', { n: 5 }, (_) => ({ n: _.max(8) }), { n: 8 }],
  ['remove deletes the field', { n: 5, m: 1 }, (_) => ({ n: _.remove() }), { m: 1 }],
  ['rename moves the field', { n: 5 }, (_) => ({ n: _.rename('m') }), { m: 5 }],
  ['push appends values', { a: [1] }, (_) => ({ a: _.push(2, 3) }), { a: [1, 2, 3] }],
  ['push with position, sort and slice', { a: [5, 1] }, (_) => ({ a: _.push({ each: [3, 9], sort: 1, slice: 3 }) }), { a: [1, 3, 5] }],
  ['pop removes the last element', { a: [1, 2, 3] }, (_) => ({ a: _.pop() }), { a: [1, 2] }],
  ['shift removes the first element', { a: [1, 2, 3] }, (_) => ({ a: _.shift() }), { a: [2, 3] }],
  ['unshift prepends values', { a: [3] }, (_) => ({ a: _.unshift(1, 2) }), { a: [1, 2, 3] }],
  ['pull removes matching elements', { a: [1, 2, 1, 3] }, (_) => ({ a: _.pull(1) }), { a: [2, 3] }],
  ['pullAll removes each listed value', { a: [1, 2, 3, 2] }, (_) => ({ a: _.pullAll([2, 3]) }), { a: [1] }],
  ['addToSet adds only missing values', { a: ['x'] }, (_) => ({ a: _.addToSet('x'), b: _.addToSet('y') }), { a: ['x'], b: ['y'] }],
  ['addToSet with $each', { a: ['x'] }, (_) => ({ a: _.addToSet({ $each: ['x', 'y', 'z'] }) }), { a: ['x', 'y', 'z'] }],
  ['dotted paths reach into arrays by index', { a: [{ n: 1 }, { n: 2 }] }, (_) => ({ 'a.1.n': _.inc(5) }), { a: [{ n: 1 }, { n: 7 }] }],
]

export function updates(use: () => Harness) {
  describe('updates', () => {
    test.each(CASES)('doc().update: %s', async (_name, before, update, after) => {
      const h = use()
      const id = idFor(h, 'u')
      await h.db.collection('contract_docs').add({ _id: id, t: h.tag, ...before })
      const res = await h.db.collection('contract_docs').doc(id).update(update(h.db.command))
      expect(res.updated).toBe(1)
      expect(await h.probes.get('contract_docs', id)).toEqual({ _id: id, t: h.tag, ...after })
    })

    test('an update that changes nothing, or finds no document, reports updated: 0', async () => {
      const h = use()
      const _ = h.db.command
      const [id] = await seed(h, 'contract_docs', [{ n: 5 }])
      expect((await h.db.collection('contract_docs').doc(id).update({ n: 5 })).updated).toBe(0)
      expect((await h.db.collection('contract_docs').doc(id).update({ n: _.max(1) })).updated).toBe(0)
      expect((await h.db.collection('contract_docs').doc(`${h.tag}-none`).update({ n: 1 })).updated).toBe(0)
      expect(await h.probes.get('contract_docs', `${h.tag}-none`)).toBeUndefined()
    })

    test('set replaces the whole document, or creates it', async () => {
      const h = use()
      const id = idFor(h, 's')
      const created = await h.db.collection('contract_docs').doc(id).set({ t: h.tag, a: 1, b: 2 })
      expect(created).toMatchObject({ updated: 0, upsertedId: id })
      const replaced = await h.db.collection('contract_docs').doc(id).set({ t: h.tag, c: 3 })
      expect(replaced.updated).toBe(1)
      expect(await h.probes.get('contract_docs', id)).toEqual({ _id: id, t: h.tag, c: 3 })
    })

    test('where().update updates every match and reports how many', async () => {
      const h = use()
      const _ = h.db.command
      await seed(h, 'contract_docs', [{ n: 1 }, { n: 2 }, { n: 3 }])
      expect((await mine(h, 'contract_docs', { n: _.gte(2) }).update({ hit: true })).updated).toBe(2)
      const stored = await h.probes.find('contract_docs')
      expect(stored.filter((d) => d.hit).map((d) => d.n).sort()).toEqual([2, 3])
    })

    test('a conditional update is a compare-and-set: it applies only while the condition holds', async () => {
      const h = use()
      const _ = h.db.command
      const id = idFor(h, 'acct')
      await h.db.collection('contract_accounts').add({ _id: id, t: h.tag, points: 10 })
      const spend = (n: number) => h.db.collection('contract_accounts').where({ _id: id, points: _.gte(n) }).update({ points: _.inc(-n) })
      expect((await spend(7)).updated).toBe(1)
      expect((await spend(7)).updated).toBe(0)
      expect((await spend(3)).updated).toBe(1)
      expect(await h.probes.get('contract_accounts', id)).toMatchObject({ points: 0 })
    })

    test('doc().remove and where().remove delete what they match', async () => {
      const h = use()
      const ids = await seed(h, 'contract_docs', [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }])
      expect((await h.db.collection('contract_docs').doc(ids[0]).remove()).deleted).toBe(1)
      expect((await h.db.collection('contract_docs').doc(ids[0]).remove()).deleted).toBe(0)
      expect((await mine(h, 'contract_docs', { n: h.db.command.gte(3) }).remove()).deleted).toBe(2)
      expect((await h.probes.find('contract_docs')).map((d) => d.n)).toEqual([2])
    })

    test('serverDate() stores the server clock, plus its offset, on add and update', async () => {
      const h = use()
      const fixed = new Date('2027-01-31T10:00:00.000Z')
      h.setClock?.(fixed)
      const before = Date.now()
      const { id } = await h.db.collection('contract_docs').add({ t: h.tag, at: h.db.serverDate() })
      await h.db.collection('contract_docs').doc(id!).update({ later: h.db.serverDate({ offset: 60_000 }) })
      const after = Date.now()
      const stored = (await h.probes.get('contract_docs', id!))!
      expect(stored.at).toBeInstanceOf(Date)
      expect(stored.later.getTime() - stored.at.getTime()).toBeGreaterThanOrEqual(60_000)
      if (h.setClock) {
        expect(stored.at).toEqual(fixed)
        expect(stored.later).toEqual(new Date(fixed.getTime() + 60_000))
      } else {
        // A real server's clock: within a generous skew of ours.
        expect(Math.abs(stored.at.getTime() - (before + after) / 2)).toBeLessThan(120_000)
      }
    })
  })
}
