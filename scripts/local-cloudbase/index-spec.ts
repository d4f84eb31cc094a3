import { readFileSync } from 'node:fs'
import { encode, type Doc } from './codec'
import { rootOf } from './updates'

/**
 * Declared indexes (cloudfunctions/indexes.json): `{ "<collection>": [{ name, keys, unique? }] }`,
 * where `keys` maps a field path (dots allowed) to 1 or -1, as in CloudBase's console and MongoDB.
 * Keys follow MongoDB: a missing field indexes as null (so a unique index admits one document
 * without the field), an array indexes each element (multikey), a compound key is the tuple.
 */
export interface IndexSpec {
  name: string
  fields: string[]
  unique: boolean
}
export type IndexSpecs = Map<string, IndexSpec[]>

export function loadIndexSpecs(file: string): IndexSpecs {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new Error(`cannot read index declarations ${file}: ${(err as Error).message}`)
  }
  return parseIndexSpecs(raw, file)
}

export function parseIndexSpecs(raw: unknown, source = 'indexes'): IndexSpecs {
  const bad = (why: string) => new Error(`${source}: ${why}`)
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('expected an object of collection -> index list')
  const specs: IndexSpecs = new Map()
  for (const [coll, list] of Object.entries(raw)) {
    if (!Array.isArray(list)) throw bad(`"${coll}" must be an array of indexes`)
    const names = new Set<string>()
    const out: IndexSpec[] = []
    for (const entry of list as Array<Record<string, unknown>>) {
      const { name, keys, unique } = entry ?? {}
      if (typeof name !== 'string' || !name || name === '_id_') throw bad(`"${coll}": every index needs a name (not "_id_")`)
      if (names.has(name)) throw bad(`"${coll}": index name "${name}" appears twice`)
      if (!keys || typeof keys !== 'object' || Array.isArray(keys) || Object.keys(keys).length === 0)
        throw bad(`"${coll}.${name}": keys must be an object like {"field": 1}`)
      for (const [field, dir] of Object.entries(keys)) {
        if (dir !== 1 && dir !== -1) throw bad(`"${coll}.${name}": direction of "${field}" must be 1 or -1`)
        if (!field || field.startsWith('$') || field === '_id') throw bad(`"${coll}.${name}": "${field}" cannot be indexed here`)
      }
      if (unique !== undefined && typeof unique !== 'boolean') throw bad(`"${coll}.${name}": unique must be true or false`)
      names.add(name)
      out.push({ name, fields: Object.keys(keys), unique: unique === true })
    }
    // Unique indexes first: the planner prefers them.
    specs.set(coll, out.sort((a, b) => Number(b.unique) - Number(a.unique)))
  }
  return specs
}

/** The index key text of one value; equal keys mean Mongo equality for scalars and Dates. */
export function keyOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v)
    case 'number':
      return Number.isFinite(v) ? String(v === 0 ? 0 : v) : `#${v}`
    case 'boolean':
      return v ? 'true' : 'false'
    case 'undefined':
      return 'null'
  }
  if (v === null) return 'null'
  if (v instanceof Date) return `{"$date":${v.getTime()}}`
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `A${encode(v)}`
  return `O${encode(v)}`
}

/** True when key equality is exactly Mongo's `{field: value}` equality for this value. */
export const isExactKeyValue = (v: unknown): boolean =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || v instanceof Date

function collect(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push([])
      else for (const e of v) out.push(e)
    } else out.push(v)
    return
  }
  if (Array.isArray(v)) {
    for (const e of v) if (e && typeof e === 'object' && !Array.isArray(e)) collect(e, parts, i, out)
    return
  }
  if (v && typeof v === 'object' && !(v instanceof Date) && parts[i] in (v as Doc)) collect((v as Doc)[parts[i]], parts, i + 1, out)
}

function fieldKeys(doc: Doc, field: string): string[] {
  const values: unknown[] = []
  if (!field.includes('.')) {
    const v = doc[field]
    if (Array.isArray(v)) collect(v, [], 0, values)
    else return [keyOf(v)]
  } else collect(doc, field.split('.'), 0, values)
  if (values.length === 0) return ['null']
  return [...new Set(values.map(keyOf))]
}

/**
 * True when an update that changes only the top-level fields `roots` (see `changedRoots`) leaves
 * every key of these indexes as it was, so they need neither a unique check nor maintenance.
 */
export function keysUnchangedBy(specs: readonly IndexSpec[], roots: ReadonlySet<string> | undefined): boolean {
  if (!roots) return false
  for (const spec of specs)
    for (const field of spec.fields) if (roots.has(rootOf(field))) return false
  return true
}

/** Every distinct key a document contributes to an index (one, unless a field holds an array). */
export function indexKeys(doc: Doc, spec: IndexSpec): string[] {
  if (spec.fields.length === 1) return fieldKeys(doc, spec.fields[0])
  let tuples: string[][] = [[]]
  for (const field of spec.fields) {
    const keys = fieldKeys(doc, field)
    tuples = tuples.flatMap((t) => keys.map((k) => [...t, k]))
  }
  return tuples.map((t) => `[${t.join(',')}]`)
}
