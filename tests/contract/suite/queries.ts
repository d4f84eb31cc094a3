import type { Harness } from '../harness'
import { mine, seed } from './helpers'

export function queries(use: () => Harness) {
  describe('queries', () => {
    test('add stores the document with a generated _id; doc().get reads the same back', async () => {
      const h = use()
      const at = new Date('2027-01-31T02:00:00.000Z')
      const res = await h.db.collection('contract_docs').add({ t: h.tag, name: '张三', n: 1.5, at, nested: { a: [1, { b: null }] } })
      expect(typeof res.id).toBe('string')
      const stored = await h.probes.get('contract_docs', res.id!)
      expect(stored).toEqual({ _id: res.id, t: h.tag, name: '张三', n: 1.5, at, nested: { a: [1, { b: null }] } })
      expect((await h.db.collection('contract_docs').doc(res.id!).get()).data).toEqual([stored])
    })

    test('batch add stores every document and returns their ids in order', async () => {
      const h = use()
      const ids = await seed(h, 'contract_docs', [{ n: 1 }, { n: 2 }, { n: 3 }])
      expect(ids).toHaveLength(3)
      const stored = await h.probes.find('contract_docs')
      expect(ids.map((id) => stored.find((d) => d._id === id)?.n)).toEqual([1, 2, 3])
    })

    test('doc().get of a missing id returns an empty list', async () => {
      const h = use()
      expect((await h.db.collection('contract_docs').doc(`${h.tag}-missing`).get()).data).toEqual([])
    })

    test('where evaluates comparison, set, logical, existence, array and regexp operators', async () => {
      const h = use()
      const _ = h.db.command
      await seed(h, 'contract_docs', [
        { n: 1, name: 'Abe', tags: ['a', 'b'], profile: { city: 'sh' } },
        { n: 2, name: 'abel', tags: ['b'], profile: { city: 'bj' } },
        { n: 3, name: 'Cai', tags: [], profile: { city: 'sh' }, vip: true },
        { n: 4, name: 'dong', profile: { city: 'gz' }, vip: false },
        { n: 5, name: 'Ed', tags: ['c'] },
      ])
      const ns = async (filter: Record<string, unknown>) =>
        (await mine(h, 'contract_docs', filter).orderBy('n', 'asc').get()).data.map((d: { n: number }) => d.n)
      expect(await ns({ n: _.gt(3) })).toEqual([4, 5])
      expect(await ns({ n: _.gte(4) })).toEqual([4, 5])
      expect(await ns({ n: _.lt(2) })).toEqual([1])
      expect(await ns({ n: _.lte(2) })).toEqual([1, 2])
      expect(await ns({ n: _.neq(3) })).toEqual([1, 2, 4, 5])
      expect(await ns({ n: _.in([2, 5, 9]) })).toEqual([2, 5])
      expect(await ns({ n: _.nin([2, 5]) })).toEqual([1, 3, 4])
      expect(await ns({ n: _.gt(1).and(_.lt(4)) })).toEqual([2, 3])
      expect(await ns({ n: _.or(_.eq(1), _.eq(5)) })).toEqual([1, 5])
      expect(await ns({ vip: _.exists(true) })).toEqual([3, 4])
      expect(await ns({ vip: _.exists(false) })).toEqual([1, 2, 5])
      expect(await ns({ tags: 'b' })).toEqual([1, 2])
      expect(await ns({ tags: _.all(['a', 'b']) })).toEqual([1])
      expect(await ns({ tags: _.size(0) })).toEqual([3])
      expect(await ns({ profile: { city: 'sh' } })).toEqual([1, 3])
      expect(await ns({ 'profile.city': 'bj' })).toEqual([2])
      expect(await ns({ name: /^ab/i })).toEqual([1, 2])
      expect(await ns({ name: h.db.RegExp({ regexp: '^a', options: '' }) })).toEqual([2])
      const either = (await mine(h, 'contract_docs').where(_.or([{ t: h.tag, n: 1 }, { t: h.tag, name: 'Ed' }])).get()).data
      expect(either.map((d: { n: number }) => d.n).sort()).toEqual([1, 5])
    })

    test('equality on indexed fields (single, multikey, compound) finds exactly the matching documents', async () => {
      const h = use()
      await seed(h, 'contract_people', [
        { email: `${h.tag}-a@x.cn`, tags: ['red', 'blue'], city: 'sh', age: 30 },
        { email: `${h.tag}-b@x.cn`, tags: ['blue'], city: 'sh', age: 31 },
        { email: `${h.tag}-c@x.cn`, tags: [], city: 'bj', age: 30 },
      ])
      const emails = async (filter: Record<string, unknown>) =>
        (await mine(h, 'contract_people', filter).get()).data.map((d: { email: string }) => d.email.slice(-6)).sort()
      expect(await emails({ email: `${h.tag}-b@x.cn` })).toEqual(['b@x.cn'])
      expect(await emails({ tags: 'blue' })).toEqual(['a@x.cn', 'b@x.cn'])
      expect(await emails({ city: 'sh', age: 30 })).toEqual(['a@x.cn'])
      expect(await emails({ city: 'sh', age: h.db.command.in([30, 31]) })).toEqual(['a@x.cn', 'b@x.cn'])
      expect(await h.db.collection('contract_people').where({ email: `${h.tag}-b@x.cn` }).count()).toMatchObject({ total: 1 })
    })

    test('orderBy, skip and limit page through results in order', async () => {
      const h = use()
      await seed(h, 'contract_docs', [5, 3, 9, 1, 7, 3].map((n, i) => ({ n, i })))
      const page = async (skip: number) =>
        (await mine(h, 'contract_docs').orderBy('n', 'desc').orderBy('i', 'asc').skip(skip).limit(2).get()).data.map(
          (d: { n: number; i: number }) => [d.n, d.i],
        )
      expect(await page(0)).toEqual([[9, 2], [7, 4]])
      expect(await page(2)).toEqual([[5, 0], [3, 1]])
      expect(await page(4)).toEqual([[3, 5], [1, 3]])
      expect(await page(6)).toEqual([])
    })

    test('field() returns only the chosen fields (and _id)', async () => {
      const h = use()
      const [id] = await seed(h, 'contract_docs', [{ a: 1, b: { c: 2, d: 3 }, e: 4 }])
      const { data } = await mine(h, 'contract_docs').field({ a: true, 'b.c': true }).get()
      expect(data).toEqual([{ _id: id, a: 1, b: { c: 2 } }])
      const one = await h.db.collection('contract_docs').doc(id).field({ e: true }).get()
      expect(one.data).toEqual([{ _id: id, e: 4 }])
    })

    test('get returns 100 documents by default and at most 1000', async () => {
      const h = use()
      for (let i = 0; i < 1005; i += 201) await seed(h, 'contract_docs', Array.from({ length: Math.min(201, 1005 - i) }, (_, k) => ({ n: i + k })))
      expect((await h.probes.find('contract_docs')).length).toBe(1005)
      expect((await mine(h, 'contract_docs').get()).data).toHaveLength(100)
      expect((await mine(h, 'contract_docs').limit(5000).get()).data).toHaveLength(1000)
      expect((await mine(h, 'contract_docs').limit(7).get()).data).toHaveLength(7)
      expect(await mine(h, 'contract_docs').count()).toMatchObject({ total: 1005 })
    })

    test('count counts the matching documents', async () => {
      const h = use()
      await seed(h, 'contract_docs', [{ n: 1 }, { n: 2 }, { n: 3 }])
      expect(await mine(h, 'contract_docs', { n: h.db.command.gte(2) }).count()).toMatchObject({ total: 2 })
      expect(await mine(h, 'contract_docs', { n: 9 }).count()).toMatchObject({ total: 0 })
    })

    test('aggregate runs the pipeline; without a $limit stage it returns 20 results', async () => {
      const h = use()
      const $ = h.db.command.aggregate
      await seed(h, 'contract_docs', Array.from({ length: 30 }, (_, i) => ({ n: i, g: i % 3 })))
      const groups = await h.db
        .collection('contract_docs')
        .aggregate()
        .match({ t: h.tag })
        .group({ _id: '$g', total: $.sum('$n'), count: $.sum(1) })
        .sort({ _id: 1 })
        .end()
      expect(groups.data).toEqual([
        { _id: 0, total: 135, count: 10 },
        { _id: 1, total: 145, count: 10 },
        { _id: 2, total: 155, count: 10 },
      ])
      expect((await h.db.collection('contract_docs').aggregate().match({ t: h.tag }).end()).data).toHaveLength(20)
      expect((await h.db.collection('contract_docs').aggregate().match({ t: h.tag }).limit(25).end()).data).toHaveLength(25)
    })
  })
}
