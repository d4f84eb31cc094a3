import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Query } from 'mingo'
import { openLocalStore, type LocalStore } from '../../scripts/local-cloudbase'

/**
 * What only the local store has: declared indexes applied at open, the planner, and the raw
 * request interface. (Behaviour shared with CloudBase lives in the contract suite.)
 */
const dirs: string[] = []
const open = (indexes: unknown, dir = mkdtempSync(path.join(os.tmpdir(), 'huika-store-'))) => {
  dirs.push(dir)
  return openLocalStore({ dir, indexes })
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const ok = (res: Record<string, unknown>) => {
  expect(res.code).toBeUndefined()
  return res as Record<string, any>
}
const add = (store: LocalStore, coll: string, docs: object[]) =>
  ok(store.request('database.insertDocument', { collectionName: coll, data: docs.map((d) => JSON.stringify(d)) })).data.insertedIds
const get = (store: LocalStore, coll: string, query: object, extra: object = {}) =>
  (ok(store.request('database.getDocument', { collectionName: coll, query: JSON.stringify(query), ...extra })).data.list as string[]).map(
    (s) => JSON.parse(s),
  )

describe('declared indexes', () => {
  test('an index declared after data exists is built over that data at open', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-store-'))
    const before = open({}, dir)
    add(before, 'people', [{ _id: 'a', email: 'x@a.cn' }, { _id: 'b', email: 'y@a.cn' }])
    before.close()
    const after = open({ people: [{ name: 'email_unique', keys: { email: 1 }, unique: true }] }, dir)
    expect(after.rawIndex('people', 'email_unique')).toEqual([
      { key: '"x@a.cn"', id: 'a' },
      { key: '"y@a.cn"', id: 'b' },
    ])
    expect(after.request('database.insertDocument', { collectionName: 'people', data: ['{"email":"x@a.cn"}'] })).toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    })
    after.close()
  })

  test('a unique index the existing data violates refuses to open, as MongoDB refuses to build it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-store-'))
    const before = open({}, dir)
    add(before, 'people', [{ email: 'same@a.cn' }, { email: 'same@a.cn' }])
    before.close()
    expect(() => open({ people: [{ name: 'email_unique', keys: { email: 1 }, unique: true }] }, dir)).toThrow(/duplicate key/)
  })

  test('an index removed from the declarations is dropped', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-store-'))
    const first = open({ people: [{ name: 'city', keys: { city: 1 } }] }, dir)
    add(first, 'people', [{ city: 'sh' }])
    first.close()
    const second = open({}, dir)
    expect(second.rawIndex('people', 'city')).toEqual([])
    second.close()
  })

  test('as in MongoDB, a missing field indexes as null: a unique index admits one such document', () => {
    const store = open({ people: [{ name: 'email_unique', keys: { email: 1 }, unique: true }] })
    add(store, 'people', [{ name: 'no email' }])
    expect(store.request('database.insertDocument', { collectionName: 'people', data: ['{"name":"also none"}'] })).toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    })
    expect(store.rawCount('people')).toBe(1)
  })

  test('multikey and compound keys: one entry per array element, tuples for compound indexes', () => {
    const store = open({ people: [{ name: 'tags', keys: { tags: 1 } }, { name: 'city_age', keys: { city: 1, age: -1 } }] })
    add(store, 'people', [{ _id: 'p', tags: ['a', 'b', 'a'], city: 'sh', age: 30 }])
    expect(store.rawIndex('people', 'tags')).toEqual([
      { key: '"a"', id: 'p' },
      { key: '"b"', id: 'p' },
    ])
    expect(store.rawIndex('people', 'city_age')).toEqual([{ key: '["sh",30]', id: 'p' }])
    ok(store.request('database.modifyDocument', { collectionName: 'people', query: '{"_id":"p"}', data: '{"$set":{"tags":["c"]}}', merge: true }))
    expect(store.rawIndex('people', 'tags')).toEqual([{ key: '"c"', id: 'p' }])
  })

  test('malformed declarations are refused with the reason', () => {
    expect(() => open({ people: [{ name: 'x', keys: { a: 2 } }] })).toThrow(/direction/)
    expect(() => open({ people: [{ keys: { a: 1 } }] })).toThrow(/name/)
    expect(() => open({ people: [{ name: 'x', keys: {} }] })).toThrow(/keys/)
  })
})

describe('planner', () => {
  // Whatever path the planner takes (primary key, index, scan), the answer is mingo's answer over all documents.
  test('indexed lookups return exactly what a full scan with mingo returns', () => {
    const store = open({ things: [{ name: 'a', keys: { a: 1 } }, { name: 'tags', keys: { tags: 1 } }, { name: 'b_c', keys: { b: 1, c: 1 } }] })
    const values = [1, 2, '1', 'x', null, true, [1, 2], [], { k: 1 }]
    let seed = 7
    const pick = () => values[(seed = (seed * 48271) % 2147483647) % values.length]
    const docs = Array.from({ length: 200 }, (_, i) => {
      const d: Record<string, unknown> = { _id: i % 7 === 0 ? i : `d${i}` }
      for (const f of ['a', 'b', 'c']) if (pick() !== null) d[f] = pick()
      d.tags = [pick(), pick()]
      return d
    })
    add(store, 'things', docs)
    const filters: object[] = [{ _id: 14 }, { _id: 'd3' }, { _id: { $in: ['d3', 21, 'nope'] } }]
    for (const v of values.filter((x) => !Array.isArray(x) && typeof x !== 'object')) {
      filters.push({ a: v }, { tags: v }, { a: { $in: [v, 2] } }, { b: v, c: 1 }, { a: v, b: { $ne: 1 } }, { tags: { $eq: v } })
    }
    filters.push({ a: null }, { a: [1, 2] }, { tags: [] }, { a: { k: 1 } })
    for (const filter of filters) {
      const expected = docs.filter((d) => new Query(filter as never, {}).test(d)).map((d) => d._id)
      const got = get(store, 'things', filter, { limit: 1000 }).map((d) => d._id)
      expect({ filter, ids: [...got].sort() }).toEqual({ filter, ids: [...expected].sort() })
      const total = ok(store.request('database.calculateDocument', { collectionName: 'things', query: JSON.stringify(filter) })).data.total
      expect({ filter, total }).toEqual({ filter, total: expected.length })
    }
  })
})

describe('requests', () => {
  test('limit defaults to 100 and is clamped to 1000 by the store itself', () => {
    const store = open({})
    add(store, 'many', Array.from({ length: 1200 }, (_, i) => ({ i })))
    expect(get(store, 'many', {})).toHaveLength(100)
    expect(get(store, 'many', {}, { limit: 5000 })).toHaveLength(1000)
    expect(get(store, 'many', {}, { limit: 5000, offset: 1100 })).toHaveLength(100)
  })

  test('failures come back as {code, message, requestId}, never as exceptions', () => {
    const store = open({})
    expect(store.request('database.noSuchThing', {})).toMatchObject({ code: 'INVALID_ACTION', requestId: expect.any(String) })
    expect(store.request('database.getDocument', {})).toMatchObject({ code: 'INVALID_PARAM' })
    expect(
      store.request('database.modifyDocument', { collectionName: 'c', query: '{}', data: '{"$frobnicate":{"a":1}}', merge: true }),
    ).toMatchObject({ code: 'INVALID_PARAM' })
    expect(store.request('database.commitTransaction', { transactionId: 'nope' })).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    store.close()
    expect(store.request('database.getDocument', { collectionName: 'c' })).toMatchObject({ code: 'DATABASE_REQUEST_FAILED' })
  })

  test('modifyAndReturnDoc updates the first match and returns it as updated', () => {
    const store = open({})
    add(store, 'c', [{ _id: 'a', n: 1 }])
    const res = ok(store.request('database.modifyAndReturnDoc', { collectionName: 'c', query: '{"_id":"a"}', data: '{"$inc":{"n":{"$numberInt":"2"}}}' }))
    expect(res.data.updated).toBe(1)
    expect(JSON.parse(res.data.doc)).toEqual({ _id: 'a', n: 3 })
    expect(store.rawGet('c', 'a')).toEqual({ _id: 'a', n: 3 })
  })

  test('the per-document transaction actions of the older SDK protocol work on the same transactions', () => {
    const store = open({})
    add(store, 'c', [{ _id: 'a', n: 1 }])
    const { transactionId } = ok(store.request('database.startTransaction'))
    expect(JSON.parse(ok(store.request('database.getInTransaction', { collectionName: 'c', transactionId, _id: 'a' })).data)).toEqual({ _id: 'a', n: 1 })
    ok(store.request('database.updateDocInTransaction', { collectionName: 'c', transactionId, _id: 'a', data: '{"$set":{"n":5}}' }))
    ok(store.request('database.updateDocInTransaction', { collectionName: 'c', transactionId, _id: 'b', data: '{"m":1}', upsert: true }))
    ok(store.request('database.deleteDocInTransaction', { collectionName: 'c', transactionId, _id: 'zz' }))
    expect(store.rawGet('c', 'a')).toEqual({ _id: 'a', n: 1 })
    ok(store.request('database.commitTransaction', { transactionId }))
    expect(store.rawFind('c')).toEqual([{ _id: 'a', n: 5 }, { _id: 'b', m: 1 }])
  })

  test('Extended JSON types survive storage: dates, regular expressions, large and fractional numbers', () => {
    const store = open({})
    const doc = '{"_id":"x","d":{"$date":{"$numberLong":"1800000000000"}},"old":{"$date":{"$numberLong":"-1000"}},"r":{"$regularExpression":{"pattern":"^a","options":"i"}},"l":{"$numberLong":"9007199254740991"},"f":{"$numberDouble":"0.5"}}'
    ok(store.request('database.insertDocument', { collectionName: 'c', data: [doc] }))
    expect(store.rawGet('c', 'x')).toEqual({ _id: 'x', d: new Date(1800000000000), old: new Date(-1000), r: /^a/i, l: 9007199254740991, f: 0.5 })
    expect(get(store, 'c', { d: { $gt: { $date: '2026-01-01T00:00:00Z' } } })).toHaveLength(1)
  })
})

describe('background checkpoints', () => {
  test('a worker moves committed pages from the WAL into the database file, which no commit would do yet, and nothing is lost', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-store-'))
    dirs.push(dir)
    const store = openLocalStore({ dir, indexes: {}, checkpoints: 'background' })
    const file = path.join(dir, 'cloudbase.sqlite')
    const sizeBefore = statSync(file).size
    // 100 commits of ~1 KB: fewer WAL pages than the 1,000 at which SQLite would checkpoint inside a
    // commit, so only the worker can have copied them into the database file.
    for (let i = 0; i < 100; i++) add(store, 'notes', [{ _id: i, text: 'x'.repeat(1_000) }])
    const deadline = Date.now() + 4_000
    while (statSync(file).size < sizeBefore + 80_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 80_000)
    expect(store.rawCount('notes')).toBe(100)
    store.close()
    const reopened = open({}, dir)
    expect(reopened.rawCount('notes')).toBe(100)
    expect(reopened.rawGet('notes', 99)).toEqual({ _id: 99, text: 'x'.repeat(1_000) })
    reopened.close()
  })
})

describe('pages in _id order', () => {
  test('orderBy _id with a limit reads in _id order and stops at the page: the same pages as sorting everything', () => {
    const store = open({ t: [{ name: 'status', keys: { status: 1 } }] })
    const ids = Array.from({ length: 300 }, (_, i) => `m${String((i * 7919) % 1000).padStart(4, '0')}`)
    add(store, 't', ids.map((id, i) => ({ _id: id, status: i % 3 === 0 ? 'pending' : 'sent', due: i % 2 === 0 ? '2027-01-01' : '2028-01-01' })))
    const all = store.rawFind('t')
    const sorted = (filter: object) => new Query(filter).find(all).sort({ _id: 1 }).all() as Array<{ _id: string }>
    // A scan, a range the plan cannot serve, an index key, an index key and more: page as the jobs do.
    for (const filter of [{}, { due: { $lte: '2027-06-01' } }, { status: 'pending' }, { status: 'pending', due: '2027-01-01' }]) {
      const seen: string[] = []
      let after: string | undefined
      for (;;) {
        const query = after === undefined ? filter : { ...filter, _id: { $gt: after } }
        const page = get(store, 't', query, { order: JSON.stringify({ _id: 1 }), limit: 7 }) as Array<{ _id: string }>
        seen.push(...page.map((d) => d._id))
        if (page.length < 7) break
        after = page[page.length - 1]._id
      }
      expect(seen).toEqual(sorted(filter).map((d) => d._id))
    }
    // Numbers sort before strings, as in MongoDB; offset and projection still apply.
    add(store, 't', [{ _id: 5, status: 'sent' }, { _id: 2, status: 'sent' }])
    const [s0, s1] = sorted({}) as Array<{ _id: string; status: string }>
    expect(get(store, 't', {}, { order: JSON.stringify({ _id: 1 }), limit: 3, offset: 1, projection: JSON.stringify({ status: 1 }) })).toEqual([
      { _id: 5, status: 'sent' },
      { _id: s0._id, status: s0.status },
      { _id: s1._id, status: s1.status },
    ])
  })
})
