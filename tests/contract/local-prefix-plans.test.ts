import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { Query } from 'mingo'
import { observePlans, openLocalStore, type LocalStore, type PlanEvent } from '../../scripts/local-cloudbase'

/**
 * The local planner's key-prefix plans (scripts/local-cloudbase/planner.ts): equality on the leading
 * fields of a compound index, and a string range read as the prefix its bounds share. Whatever the
 * plan, the answer is mingo's answer over every document.
 */
const dirs: string[] = []
const INDEXES = {
  people: [
    { name: 'name', keys: { name: 1 } },
    { name: 'city_name_age', keys: { city: 1, name: 1, age: -1 } },
    { name: 'tags', keys: { tags: 1 } },
    { name: 'team_code_unique', keys: { team: 1, code: 1 }, unique: true },
  ],
}
const open = (dir = mkdtempSync(path.join(os.tmpdir(), 'huika-prefix-'))) => {
  if (!dirs.includes(dir)) dirs.push(dir)
  return openLocalStore({ dir, indexes: INDEXES })
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const ok = (res: Record<string, unknown>) => {
  expect(res.code).toBeUndefined()
  return res as Record<string, any>
}
// Each document its own (team, code), which the unique index needs.
const add = (store: LocalStore, docs: Array<{ _id: string } & Record<string, unknown>>) =>
  ok(store.request('database.insertDocument', { collectionName: 'people', data: docs.map((d) => JSON.stringify({ team: d._id, code: d._id, ...d })) }))
const ids = (store: LocalStore, query: object) =>
  (ok(store.request('database.getDocument', { collectionName: 'people', query: JSON.stringify(query), limit: 1000 })).data.list as string[]).map(
    (s) => JSON.parse(s)._id as string,
  )

/** The plans the store chose for these queries, as `index <name>` or `scan`. */
function plansOf(run: () => void): string[] {
  const got: PlanEvent[] = []
  const off = observePlans((e) => got.push(e))
  try {
    run()
  } finally {
    off()
  }
  return got.map((e) => (e.kind === 'index' ? `index ${e.index}` : e.kind))
}

// Names that trip a text key: JSON escapes (quote, backslash, newline), spaces, CJK, the top of the BMP,
// emoji (surrogate pairs), the empty string; and values that are not strings at all.
const NAMES = ['a', 'ab', 'abc', 'a"b', 'a\\b', 'a\nb', 'a b', 'a!', 'b', '', '小', '小红', '小红帽', '小😀', '😀', '😀x', '😁', '\ue000', '\uffff', 'a\ud7ff', 5, null, true]
const CITIES = ['sh', 'bj', 'sh"', 's']

function docs() {
  return NAMES.flatMap((name, i) =>
    CITIES.map((city, j) => ({
      _id: `p${String(i).padStart(2, '0')}-${j}`,
      ...(name === null && j === 0 ? {} : { name }),
      city,
      age: (i * 7 + j) % 5,
      team: `t${j}`,
      code: `c${i}`,
    })),
  )
}

const succ = (s: string) => {
  const cs = [...s]
  const last = cs.pop()!.codePointAt(0)!
  return cs.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1)
}

describe('key-prefix plans', () => {
  test('ranges on a string prefix and equality on leading fields give what a full scan gives, read from the index', () => {
    const store = open()
    const all = docs()
    add(store, all)
    const prefixes = ['a', 'ab', 'a"', 'a\\', 'a\n', 'a ', '小', '小红', '😀', '\ue000']
    const filters: Array<{ filter: object; plan: string }> = []
    for (const p of prefixes) {
      filters.push({ filter: { name: { $gte: p, $lt: succ(p) } }, plan: 'index name' })
      filters.push({ filter: { $and: [{ name: { $gte: p } }, { name: { $lt: succ(p) } }] }, plan: 'index name' })
      filters.push({ filter: { name: { $gt: p, $lte: p + 'z' }, age: { $ne: 1 } }, plan: 'index name' })
      filters.push({ filter: { city: 'sh', name: { $gte: p, $lt: succ(p) } }, plan: 'index city_name_age' })
    }
    // Bounds that share nothing, an inclusive bound past the prefix, or one bound only: nothing to read as a prefix.
    filters.push(
      { filter: { name: { $gte: 'a', $lt: 'c' } }, plan: 'scan' },
      { filter: { name: { $gte: 'a', $lte: 'b' } }, plan: 'scan' },
      { filter: { name: { $gte: 'ab' } }, plan: 'scan' },
    )
    // Equality on the leading fields of a compound index (not all of them); `$in` reads several prefixes.
    for (const city of CITIES) filters.push({ filter: { city }, plan: 'index city_name_age' })
    filters.push(
      { filter: { city: { $in: ['sh', 'bj'] } }, plan: 'index city_name_age' },
      // An index whose fields are all pinned still comes first.
      { filter: { city: 'sh', name: '小红' }, plan: 'index name' },
      { filter: { city: 'sh', age: 1 }, plan: 'index city_name_age' },
      { filter: { team: 't1' }, plan: 'index team_code_unique' },
    )
    for (const { filter, plan } of filters) {
      const expected = all.filter((d) => new Query(filter as never).test(d)).map((d) => d._id)
      let got: string[] = []
      const plans = plansOf(() => (got = ids(store, filter)))
      expect({ filter, plans, ids: got }).toEqual({ filter, plans: [plan], ids: expected })
      const total = ok(store.request('database.calculateDocument', { collectionName: 'people', query: JSON.stringify(filter) })).data.total
      expect({ filter, total }).toEqual({ filter, total: expected.length })
    }
    // Any prefix from the same awkward characters: the same answer as mingo's.
    const chars = ['a', 'b', '"', '\\', '\n', ' ', '小', '红', '😀', '\ud7ff', '\ue000']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 3 }), fc.boolean(), (cs, inCity) => {
        const p = cs.join('')
        const filter = { ...(inCity ? { city: 'sh' } : {}), name: { $gte: p, $lt: succ(p) } }
        expect(ids(store, filter)).toEqual(all.filter((d) => new Query(filter as never).test(d)).map((d) => d._id))
      }),
      { numRuns: 300 },
    )
    store.close()
  })

  test('a range stops reading an index once a document gives it two keys (an array), and that stays so after reopening', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-prefix-'))
    let store = open(dir)
    add(store, [{ _id: 'one', tags: ['abx'] }, { _id: 'none', tags: [] }, { _id: 'plain', tags: 'abz' }])
    const range = { tags: { $gte: 'ab', $lt: 'ac' } }
    expect(plansOf(() => expect(ids(store, range)).toEqual(['one', 'plain']))).toEqual(['index tags'])
    // Neither element lies in [ab, ac), yet 'zz' passes one bound and 'aa' the other: MongoDB and mingo match it.
    add(store, [{ _id: 'split', tags: ['zz', 'aa'] }])
    expect(plansOf(() => expect(ids(store, range)).toEqual(['one', 'plain', 'split']))).toEqual(['scan'])
    // Equality is still read from the index: an array matches by any one element.
    expect(plansOf(() => expect(ids(store, { tags: 'aa' })).toEqual(['split']))).toEqual(['index tags'])
    ok(store.request('database.removeDocument', { collectionName: 'people', query: JSON.stringify({ _id: 'split' }), multi: true }))
    store.close()
    store = open(dir)
    expect(plansOf(() => expect(ids(store, range)).toEqual(['one', 'plain']))).toEqual(['scan'])
    store.close()
  })

  test('reads without an order come back in _id order, as from a scan; a walk in _id order keeps to the collection', () => {
    const store = open()
    add(store, [
      { _id: 'z', city: 'sh', name: 'a' },
      { _id: 'm', city: 'sh', name: 'b' },
      { _id: 'a', city: 'sh', name: 'c' },
      { _id: 'q', city: 'bj', name: 'a' },
    ])
    expect(ids(store, { city: 'sh' })).toEqual(['a', 'm', 'z'])
    const page = () =>
      ok(store.request('database.getDocument', { collectionName: 'people', query: JSON.stringify({ city: 'sh', _id: { $gt: 'b' } }), order: JSON.stringify({ _id: 1 }), limit: 1 }))
    const plans = plansOf(() => expect(JSON.parse(page().data.list[0])._id).toBe('m'))
    expect(plans).toEqual(['scan'])
    store.close()
  })
})
