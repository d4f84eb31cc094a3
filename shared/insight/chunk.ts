import { addDays, daysBetween } from '../day'
import { CHANNELS } from './preference'
import type { InsightRow } from './member-row'
import type { Lifecycle } from './rfm'

/**
 * The insight snapshot stores a run's rows a chunk at a time (a few thousand members in `_id` order per
 * document), column by column: every number column is one typed array, all packed into one base64
 * string, and strings (tier ids, regions, tag sets, stores) are small per-chunk dictionaries that the
 * columns index. Reading a row costs a few array lookups instead of a document's worth of values
 * through the SDK's EJSON parser, which is what a segment count over a million members is made of.
 *
 * Two packed groups: `seg`, the columns a segment filter reads (a count fetches only these and the
 * dictionaries), and `detail`, the rest of a row (the member's page, a sample). Each column is as wide
 * as its largest value needs (1, 2 or 4 bytes unsigned, else 8 as a float64: exact to 2^53), and the
 * columns are laid out widest first so each typed array is aligned. Little-endian, as every platform
 * the functions run on.
 */
export const CHUNK_FORMAT = 1

const SEG = ['tier', 'lifecycle', 'recency', 'frequency', 'monetary', 'flags', 'birthMonth', 'region', 'tags', 'invites', 'coupons', 'mall'] as const
const DETAIL = ['birthday', 'joined', 'lastVisit', 'visits', 'spend', 'store', 'channel', 'till', 'mallVisits', 'play', 'inviteVisits'] as const
type SegColumn = (typeof SEG)[number]
type DetailColumn = (typeof DETAIL)[number]
export type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array

export const LIFECYCLES: readonly Lifecycle[] = ['new', 'active', 'at_risk', 'dormant']
export const FLAG_TOP = 1
export const FLAG_UNCLAIMED = 2

export interface ChunkDict {
  tiers: string[]
  /** Distinct region lists. */
  regions: string[][]
  /** Distinct tag lists. */
  tags: string[][]
  stores: string[]
}

/** Columns as stored: each column's byte width (in the group's column order) and the packed bytes. */
export interface Packed {
  w: number[]
  b: string
}

/** `insight_chunks/<run>:<n>` without its `_id`. */
export interface ChunkDoc {
  run: string
  n: number
  v: number
  /** The run's day: rows' days since the last visit are counted to it. */
  asOf: string
  count: number
  first: string
  last: string
  /** The members' ids in order, joined by newlines. */
  ids: string
  dict: ChunkDict
  seg: Packed
  detail: Packed
}

/** A chunk read back: `ids` and `detail` are null when the read left them out (a count). */
export interface Chunk {
  n: number
  asOf: string
  count: number
  ids: string[] | null
  dict: ChunkDict
  seg: Record<SegColumn, Column>
  detail: Record<DetailColumn, Column> | null
}

// ---------------------------------------------------------------- packing

function widthOf(values: ArrayLike<number>): number {
  let max = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isInteger(v) || v < 0) throw new Error(`insight chunk: column value ${v} is not a whole number ≥ 0`)
    if (v > max) max = v
  }
  return max <= 0xff ? 1 : max <= 0xffff ? 2 : max <= 0xffffffff ? 4 : 8
}

const viewOf = (buf: ArrayBuffer, offset: number, width: number, n: number): Column =>
  width === 1 ? new Uint8Array(buf, offset, n) : width === 2 ? new Uint16Array(buf, offset, n) : width === 4 ? new Uint32Array(buf, offset, n) : new Float64Array(buf, offset, n)

/** Offsets of the columns laid out widest first (ties in column order), and the total size. */
function layout(widths: readonly number[], n: number): { offsets: number[]; size: number } {
  const order = widths.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const offsets: number[] = []
  let at = 0
  for (const [w, i] of order) {
    offsets[i] = at
    at += w * n
  }
  return { offsets, size: at }
}

function pack(columns: ReadonlyArray<ArrayLike<number>>, n: number): Packed {
  const w = columns.map(widthOf)
  const { offsets, size } = layout(w, n)
  const buf = new ArrayBuffer(size)
  columns.forEach((values, i) => viewOf(buf, offsets[i], w[i], n).set(values))
  return { w, b: Buffer.from(buf).toString('base64') }
}

function unpack<K extends string>(names: readonly K[], p: Packed, n: number): Record<K, Column> {
  const bytes = Buffer.from(p.b, 'base64')
  // A copy at offset 0 of its own buffer, so that every column's view is aligned.
  const buf = new ArrayBuffer(bytes.length)
  new Uint8Array(buf).set(bytes)
  const { offsets, size } = layout(p.w, n)
  if (size !== bytes.length || p.w.length !== names.length) throw new Error('insight chunk: packed columns do not match their widths')
  const out = {} as Record<K, Column>
  names.forEach((name, i) => (out[name] = viewOf(buf, offsets[i], p.w[i], n)))
  return out
}

// ---------------------------------------------------------------- days and dictionaries

const EPOCH = '1970-01-01'
/** A day as a number ≥ 1 (0 stands for none). */
const dayNo = (day: string | null) => (day === null ? 0 : daysBetween(EPOCH, day) + 1)
const dayOf = (n: number) => (n === 0 ? null : addDays(EPOCH, n - 1))
const birthdayNo = (b: string | null) => (b !== null && /^\d{4}-\d{2}-\d{2}$/.test(b) ? Number(b.replace(/-/g, '')) : 0)
const birthdayOf = (n: number) => {
  if (n === 0) return null
  const s = String(n).padStart(8, '0')
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`
}

class Dictionary<T> {
  readonly values: T[] = []
  private readonly index = new Map<string, number>()
  constructor(private readonly key: (v: T) => string) {}
  of(v: T): number {
    const k = this.key(v)
    let i = this.index.get(k)
    if (i === undefined) {
      i = this.values.length
      this.values.push(v)
      this.index.set(k, i)
    }
    return i
  }
}

// ---------------------------------------------------------------- rows in, rows out

/** The chunk document for `rows` (in member `_id` order, at least one). */
export function encodeChunk(rows: readonly InsightRow[], meta: { run: string; n: number; asOf: string }): ChunkDoc {
  if (rows.length === 0) throw new Error('insight chunk: no rows')
  const n = rows.length
  const tiers = new Dictionary<string>((s) => s)
  const regions = new Dictionary<string[]>((r) => JSON.stringify(r))
  const tags = new Dictionary<string[]>((t) => JSON.stringify(t))
  const stores = new Dictionary<string>((s) => s)
  const seg: Record<SegColumn, number[]> = Object.fromEntries(SEG.map((c) => [c, new Array<number>(n)])) as never
  const detail: Record<DetailColumn, number[]> = Object.fromEntries(DETAIL.map((c) => [c, new Array<number>(n)])) as never
  rows.forEach((r, i) => {
    seg.tier[i] = tiers.of(r.tierId)
    seg.lifecycle[i] = LIFECYCLES.indexOf(r.lifecycle)
    seg.recency[i] = r.rfm.recency
    seg.frequency[i] = r.rfm.frequency
    seg.monetary[i] = r.rfm.monetary
    seg.flags[i] = (r.topSpender ? FLAG_TOP : 0) | (r.unclaimed ? FLAG_UNCLAIMED : 0)
    seg.birthMonth[i] = r.birthday === null ? 0 : Number(r.birthday.slice(5, 7)) || 0
    seg.region[i] = regions.of(r.region)
    seg.tags[i] = tags.of(r.tags)
    seg.invites[i] = r.convertedInvites
    seg.coupons[i] = r.couponsUsed
    seg.mall[i] = r.mallOrders
    detail.birthday[i] = birthdayNo(r.birthday)
    detail.joined[i] = dayNo(r.joined)
    detail.lastVisit[i] = dayNo(r.lastVisit)
    detail.visits[i] = r.visits
    detail.spend[i] = r.spendFen
    detail.store[i] = r.preferredStore === null ? 0 : stores.of(r.preferredStore) + 1
    detail.channel[i] = r.preferredChannel === null ? 0 : CHANNELS.indexOf(r.preferredChannel) + 1
    detail.till[i] = r.channels.till
    detail.mallVisits[i] = r.channels.mall
    detail.play[i] = r.channels.play
    detail.inviteVisits[i] = r.channels.invite
  })
  return {
    run: meta.run,
    n: meta.n,
    v: CHUNK_FORMAT,
    asOf: meta.asOf,
    count: n,
    first: rows[0].memberId,
    last: rows[n - 1].memberId,
    ids: rows.map((r) => r.memberId).join('\n'),
    dict: { tiers: tiers.values, regions: regions.values, tags: tags.values, stores: stores.values },
    seg: pack(SEG.map((c) => seg[c]), n),
    detail: pack(DETAIL.map((c) => detail[c]), n),
  }
}

/** A stored chunk, or the part of it a read asked for (`ids` and `detail` may be left out). */
export function decodeChunk(doc: Pick<ChunkDoc, 'n' | 'asOf' | 'count' | 'dict' | 'seg'> & Partial<Pick<ChunkDoc, 'ids' | 'detail' | 'v'>>): Chunk {
  if (doc.v !== undefined && doc.v !== CHUNK_FORMAT) throw new Error(`insight chunk: format ${doc.v} is not ${CHUNK_FORMAT}`)
  return {
    n: doc.n,
    asOf: doc.asOf,
    count: doc.count,
    ids: typeof doc.ids === 'string' ? doc.ids.split('\n') : null,
    dict: doc.dict,
    seg: unpack(SEG, doc.seg, doc.count),
    detail: doc.detail ? unpack(DETAIL, doc.detail, doc.count) : null,
  }
}

/** Row `i` whole, as it was encoded (the chunk must have been read with its ids and detail). */
export function rowAt(c: Chunk, i: number): InsightRow {
  const d = c.detail
  if (!d || !c.ids) throw new Error('insight chunk: read without ids or detail')
  const s = c.seg
  const lastVisit = dayOf(d.lastVisit[i])
  const recency = s.recency[i]
  const frequency = s.frequency[i]
  const monetary = s.monetary[i]
  return {
    memberId: c.ids[i],
    tierId: c.dict.tiers[s.tier[i]],
    region: c.dict.regions[s.region[i]],
    birthday: birthdayOf(d.birthday[i]),
    tags: c.dict.tags[s.tags[i]],
    joined: dayOf(d.joined[i])!,
    unclaimed: (s.flags[i] & FLAG_UNCLAIMED) !== 0,
    lastVisit,
    daysSinceVisit: lastVisit === null ? null : daysBetween(lastVisit, c.asOf),
    visits: d.visits[i],
    spendFen: d.spend[i],
    rfm: { recency, frequency, monetary, code: `${recency}${frequency}${monetary}` },
    lifecycle: LIFECYCLES[s.lifecycle[i]],
    topSpender: (s.flags[i] & FLAG_TOP) !== 0,
    convertedInvites: s.invites[i],
    couponsUsed: s.coupons[i],
    mallOrders: s.mall[i],
    preferredStore: d.store[i] === 0 ? null : c.dict.stores[d.store[i] - 1],
    preferredChannel: d.channel[i] === 0 ? null : CHANNELS[d.channel[i] - 1],
    channels: { till: d.till[i], mall: d.mallVisits[i], play: d.play[i], invite: d.inviteVisits[i] },
  }
}

/** The row of `memberId` in the chunk (read with its ids), or -1. Ids are in ascending order. */
export function indexOfMember(c: Chunk, memberId: string): number {
  const ids = c.ids
  if (!ids) throw new Error('insight chunk: read without ids')
  let lo = 0
  let hi = ids.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (ids[mid] === memberId) return mid
    if (ids[mid] < memberId) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** The chunk whose range holds `memberId`, from each chunk's first id (ascending), or -1 before the first. */
export function chunkOfMember(firsts: readonly string[], memberId: string): number {
  let lo = 0
  let hi = firsts.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (firsts[mid] <= memberId) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}
