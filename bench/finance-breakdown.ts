import Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import path from 'node:path'
import type * as Bson from 'bson'
import { forEachById } from '../cloudfunctions/_lib/paging'
import { decode } from '../scripts/local-cloudbase/codec'
import { openLocalRuntime } from '../scripts/server/runtime'
import { arg, defaultDir } from './finance-data'

/**
 * Where a report's time per document goes when it pages the ledger through the SDK, stage by stage,
 * over the first `--docs` entries (default 500,000) of a generated store, in one process:
 *   1. SQLite alone: the rows in `_id` order (the ceiling for any paging).
 *   2. + JSON.parse of each body: what a reader of the stored text must at least do.
 *   3. the store's getDocument pages (store.request, no SDK): 1 + the query path.
 *   4. bson EJSON.parse of each body, as the SDK does (query.js: `list.map(item => EJSON.parse(item))`).
 *   5. the whole path: forEachById through the SDK (3 + 4 + the SDK's formatResDocumentData).
 * `npx tsx bench/finance-breakdown.ts [--members 1000000 --entries 10000000 | --dir D] [--docs 500000]`
 */
const sdkRequire = createRequire(require.resolve('@cloudbase/database'))
const { EJSON } = sdkRequire('bson') as typeof Bson

async function main() {
  const members = Number(arg('members') ?? 1_000_000)
  const dir = arg('dir') ?? defaultDir(members, Number(arg('entries') ?? members * 10))
  const want = Number(arg('docs') ?? 500_000)
  const time = async (f: () => unknown) => {
    const t = process.hrtime.bigint()
    await f()
    return Number(process.hrtime.bigint() - t) / 1e9
  }
  const db = new Database(path.join(dir, 'cloudbase.sqlite'), { readonly: true })
  const stmt = db.prepare<[], { id: string; body: string }>(`SELECT id, body, ver FROM docs WHERE coll = 'ledger' ORDER BY id LIMIT ${want}`)
  const bodies: string[] = []
  const sqlite = await time(() => {
    for (const r of stmt.iterate()) bodies.push(r.body)
  })
  const n = bodies.length
  const jsonParse = await time(() => bodies.forEach((b) => JSON.parse(b)))
  const storeDecode = await time(() => bodies.forEach((b) => decode(b)))
  const bson = await time(() => bodies.forEach((b) => EJSON.parse(b)))
  const bytes = bodies.reduce((s, b) => s + Buffer.byteLength(b), 0)
  bodies.length = 0
  db.close()

  const rt = openLocalRuntime({ dataDir: dir, mode: 'local' })
  try {
    const store = await time(() => {
      let after = ''
      for (let got = 0; got < n; ) {
        const res = rt.store.request('database.getDocument', {
          collectionName: 'ledger', query: JSON.stringify({ _id: { $gt: after } }), order: JSON.stringify({ _id: 1 }), limit: 1000,
        }) as unknown as { data: { list: string[] } }
        const list = res.data.list
        got += list.length
        if (list.length < 1000) break
        after = JSON.parse(list[list.length - 1])._id
      }
    })
    let seen = 0
    const sdk = await time(() =>
      forEachById(rt.deps.db, 'ledger', {}, 1000, async () => {
        if (++seen === n) throw new Error('enough')
      }).catch((e) => {
        if ((e as Error).message !== 'enough') throw e
      }),
    )
    const us = (s: number) => `${((s / n) * 1e6).toFixed(2)} µs/doc (${Math.round(n / s).toLocaleString('en')} docs/s)`
    const lines = [
      `${n.toLocaleString('en')} ledger entries, ${Math.round(bytes / n)} bytes each on average, ${dir}`,
      `1. SQLite rows in _id order           ${us(sqlite)}`,
      `2. JSON.parse of each body             ${us(jsonParse)}  (store's decode with Dates: ${us(storeDecode)})`,
      `3. store getDocument pages (no SDK)    ${us(store)}`,
      `4. bson EJSON.parse, as the SDK does   ${us(bson)}`,
      `5. forEachById through the SDK         ${us(sdk)}`,
      `   => SDK share of 5: ${(((sdk - store) / sdk) * 100).toFixed(0)}%; 10,000,000 entries at 5's rate: ${((sdk / n) * 1e7).toFixed(0)} s`,
    ]
    console.log(lines.join('\n'))
  } finally {
    rt.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
