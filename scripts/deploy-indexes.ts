import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseIndexSpecs } from './local-cloudbase/index-spec'

/**
 * The database half of `npm run deploy`: every collection named in cloudfunctions/indexes.json is
 * created when missing, and every declared index missing from it is created (by name). Nothing is
 * dropped or rebuilt: an index that exists under the same name with other keys is reported, and
 * changing it is left to the console (a unique index rebuilt on a live collection can fail on
 * duplicates, which is a decision for a person).
 */
export const INDEXES_FILE = path.resolve(__dirname, '..', 'cloudfunctions', 'indexes.json')

export interface DeclaredIndex {
  name: string
  keys: Array<{ field: string; direction: 1 | -1 }>
  unique: boolean
}
export type IndexPlan = Array<{ collection: string; indexes: DeclaredIndex[] }>

/** The declarations, validated by the same rules as the local store's (scripts/local-cloudbase/index-spec.ts). */
export function readIndexPlan(file = INDEXES_FILE): IndexPlan {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<{ name: string; keys: Record<string, 1 | -1>; unique?: boolean }>>
  parseIndexSpecs(raw, path.basename(file))
  return Object.entries(raw).map(([collection, list]) => ({
    collection,
    indexes: list.map((i) => ({ name: i.name, keys: Object.entries(i.keys).map(([field, direction]) => ({ field, direction })), unique: i.unique === true })),
  }))
}

export const describeIndex = (i: DeclaredIndex): string =>
  `${i.name} (${i.keys.map((k) => `${k.field} ${k.direction === 1 ? 'asc' : 'desc'}`).join(', ')}${i.unique ? ', unique' : ''})`

/** The part of @cloudbase/manager-node's `database` service used here (manager.database). */
export interface DatabaseAdmin {
  createCollectionIfNotExists(name: string): Promise<{ IsCreated: boolean }>
  describeCollection(name: string): Promise<{ Indexes?: Array<{ Name: string; Unique?: boolean; Keys?: Array<{ Name?: string; Direction?: string }> }> }>
  updateCollection(
    name: string,
    info: { CreateIndexes: Array<{ IndexName: string; MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: Array<{ Name: string; Direction: string }> } }> },
  ): Promise<unknown>
}

export interface IndexOutcome {
  collectionsCreated: string[]
  indexesCreated: string[]
  /** Declared indexes that exist under the same name with other keys or uniqueness: left alone. */
  differing: string[]
}

function sameIndex(have: { Unique?: boolean; Keys?: Array<{ Name?: string; Direction?: string }> }, want: DeclaredIndex): boolean {
  const keys = have.Keys ?? []
  return (
    Boolean(have.Unique) === want.unique &&
    keys.length === want.keys.length &&
    keys.every((k, i) => k.Name === want.keys[i].field && String(k.Direction) === String(want.keys[i].direction))
  )
}

export async function applyIndexPlan(db: DatabaseAdmin, plan: IndexPlan, log: (s: string) => void): Promise<IndexOutcome> {
  const out: IndexOutcome = { collectionsCreated: [], indexesCreated: [], differing: [] }
  for (const { collection, indexes } of plan) {
    const { IsCreated } = await db.createCollectionIfNotExists(collection)
    if (IsCreated) {
      out.collectionsCreated.push(collection)
      log(`  + collection ${collection}`)
    }
    if (indexes.length === 0) continue
    const existing = (await db.describeCollection(collection)).Indexes ?? []
    const missing: DeclaredIndex[] = []
    for (const want of indexes) {
      const have = existing.find((e) => e.Name === want.name)
      if (!have) missing.push(want)
      else if (!sameIndex(have, want)) {
        out.differing.push(`${collection}.${want.name}`)
        log(`  ! ${collection}.${want.name} exists with other keys; declared: ${describeIndex(want)} (left as it is)`)
      }
    }
    if (missing.length === 0) continue
    await db.updateCollection(collection, {
      CreateIndexes: missing.map((i) => ({
        IndexName: i.name,
        MgoKeySchema: { MgoIsUnique: i.unique, MgoIndexKeys: i.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })) },
      })),
    })
    for (const i of missing) {
      out.indexesCreated.push(`${collection}.${i.name}`)
      log(`  + index ${collection}.${describeIndex(i)}`)
    }
  }
  return out
}
