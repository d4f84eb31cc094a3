import { addDays } from '../../shared/day'
import { newMemberRecord, type MemberRecord } from '../../shared/member/member-record'
import { phoneIsMember, type ImportRow, type RowError } from '../../shared/member/import-row'
import { earn, emptyAccount } from '../../shared/points/account'
import type { EntrySource } from '../../shared/points/schemas'
import { grant, newMemberTier, type MemberTier } from '../../shared/tier/member-tier'
import { programmeOn, type TierConfig } from '../../shared/tier/programme'
import { isDuplicate } from './db-errors'
import type { Database, Deps } from './deps'
import { ACCOUNTS, grantPoints, LEDGER, stored } from './ledger'
import { MEMBERS } from './members'
import { MEMBER_TIERS } from './tiers'
import { placeholderOpenid } from '../../shared/member/member-record'

/** A valid row of the file with the member id the import gives it (fixed at start, so every retry writes the same member). */
export interface StoredRow extends ImportRow {
  memberId: string
}

/** What the import knows of itself when it writes a batch: every written value derives from these. */
export interface BatchContext {
  jobId: string
  batch: number
  /** The Asia/Shanghai day the import started: tier grants and the points' validity count from it. */
  day: string
  /** When the import started: the members' registeredAt and the entries' createdAt, the same on every retry. */
  at: Date
  source: EntrySource
  config: TierConfig
}

export interface BatchOutcome {
  /** Rows whose member exists (written now or by an earlier, interrupted run of the same batch). */
  imported: number
  /** Rows whose phone another member already has. */
  taken: RowError[]
}

/** Rows per insert request: CloudBase takes several documents per `add`; a hundred keeps each request small. */
const WRITE_CHUNK = 500
export const OPENING_REASON = '期初积分导入'
export const OPENING_VALIDITY_DAYS = 365

export const openingEntryId = (memberId: string) => `import:${memberId}`

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

/** Which of `ids` exist in `collection` (one query per thousand ids). */
async function existingIds(db: Database, collection: string, ids: string[]): Promise<Set<string>> {
  const _ = db.command
  const found = new Set<string>()
  for (const part of chunks(ids, 1000)) {
    const res = await db.collection(collection).where({ _id: _.in(part) }).field({ _id: true }).limit(1000).get()
    for (const d of res.data as Array<{ _id: string }>) found.add(d._id)
  }
  return found
}

/** Members already holding these phones: phone → member id. */
async function holders(db: Database, phones: string[]): Promise<Map<string, string>> {
  const _ = db.command
  const found = new Map<string, string>()
  for (const part of chunks(phones, 1000)) {
    const res = await db.collection(MEMBERS).where({ phone: _.in(part) }).field({ _id: true, phone: true }).limit(1000).get()
    for (const d of res.data as Array<{ _id: string; phone: string }>) found.set(d.phone, d._id)
  }
  return found
}

/** The rows a dry run would import, and those whose phone is already a member's. Reads only. */
export async function checkBatch(db: Database, rows: StoredRow[]): Promise<BatchOutcome> {
  const held = await holders(db, rows.map((r) => r.phone))
  const taken = rows.filter((r) => held.has(r.phone)).map((r) => phoneIsMember(r.row))
  return { imported: rows.length - taken.length, taken }
}

function memberOf(deps: Deps, ctx: BatchContext, row: StoredRow): MemberRecord {
  const record = newMemberRecord({
    id: row.memberId,
    openid: placeholderOpenid(row.memberId),
    unionid: null,
    phone: row.phone,
    phoneSimulated: false,
    memberNo: deps.ids.memberNo(),
    profile: { nickname: row.nickname ?? undefined, birthday: row.birthday ?? undefined },
    now: ctx.at,
  })
  return { ...record, imported: true, importJob: { id: ctx.jobId, batch: ctx.batch } }
}

/**
 * Inserts one member alone, after a batch insert was refused: a duplicate is this member already
 * written (ours), the phone taken meanwhile (skipped), or a member number in use (a new one).
 */
async function insertOne(deps: Deps, record: MemberRecord): Promise<'ours' | 'taken'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await deps.db.collection(MEMBERS).add(attempt === 0 ? record : { ...record, memberNo: deps.ids.memberNo() })
      return 'ours'
    } catch (err) {
      if (!isDuplicate(err)) throw err
      if ((await existingIds(deps.db, MEMBERS, [record._id])).size > 0) return 'ours'
      if ((await holders(deps.db, [record.phone])).size > 0) return 'taken'
    }
  }
  throw new Error(`no free member number for ${record._id} after 5 attempts`)
}

/** Adds `docs` a chunk at a time; a chunk the database refuses is written document by document with `one`. */
async function addAll<T extends { _id: string }>(db: Database, collection: string, docs: T[], one: (doc: T) => Promise<void>) {
  for (const part of chunks(docs, WRITE_CHUNK)) {
    try {
      await db.collection(collection).add(part)
    } catch (err) {
      if (!isDuplicate(err)) throw err
      // In the cloud part of a refused batch may be stored: `one` must be a no-op for those.
      for (const doc of part) await one(doc)
    }
  }
}

function tierOf(ctx: BatchContext, row: StoredRow): MemberTier {
  const fresh = newMemberTier({ memberId: row.memberId, openid: placeholderOpenid(row.memberId), today: ctx.day, config: ctx.config, now: ctx.at })
  return grant(ctx.config, fresh, { levelId: row.levelId!, kind: 'untilReview', by: 'import', reason: '会员导入', at: ctx.at }, ctx.day)
}

const opening = (ctx: BatchContext, row: StoredRow) => ({
  entryId: openingEntryId(row.memberId),
  points: row.points,
  expiresOn: addDays(ctx.day, OPENING_VALIDITY_DAYS),
  source: ctx.source,
  reason: OPENING_REASON,
  now: ctx.at,
})

/** The opening balance as one lot: the same account and entry grantPoints would write, built here to write in batches. */
function openingChange(ctx: BatchContext, row: StoredRow) {
  return earn(emptyAccount(row.memberId), { ...opening(ctx, row), availableOn: null, orderKey: null })
}

/**
 * Writes one batch: members first (each naming the job and batch: nobody can claim one until the
 * job's checkpoint passes the batch, import-jobs.ts), then tier grants, opening entries and accounts.
 * Every id is fixed before the batch runs and everything present is skipped, so a batch cut short
 * anywhere and run again completes it without writing anything twice.
 */
export async function writeBatch(deps: Deps, ctx: BatchContext, rows: StoredRow[]): Promise<BatchOutcome> {
  const { db } = deps
  const held = await holders(db, rows.map((r) => r.phone))
  const taken: RowError[] = []
  const ours: StoredRow[] = []
  const fresh: MemberRecord[] = []
  const byId = new Map(rows.map((r) => [r.memberId, r]))
  for (const row of rows) {
    const holder = held.get(row.phone)
    if (holder === undefined) fresh.push(memberOf(deps, ctx, row))
    else if (holder === row.memberId) ours.push(row)
    else taken.push(phoneIsMember(row.row))
  }
  await addAll(db, MEMBERS, fresh, async (record) => {
    if ((await insertOne(deps, record)) === 'taken') taken.push(phoneIsMember(byId.get(record._id)!.row))
  })
  const takenRows = new Set(taken.map((e) => e.row))
  ours.push(...fresh.map((m) => byId.get(m._id)!).filter((r) => !takenRows.has(r.row)))

  const base = programmeOn(ctx.config, ctx.day).levels[0].id
  const tiered = ours.filter((r) => r.levelId !== null && r.levelId !== base)
  const tiersHeld = await existingIds(db, MEMBER_TIERS, tiered.map((r) => r.memberId))
  const tiers = tiered.filter((r) => !tiersHeld.has(r.memberId)).map((r) => tierOf(ctx, r))
  await addAll(db, MEMBER_TIERS, tiers, async ({ _id, ...t }) => {
    await db.collection(MEMBER_TIERS).doc(_id).set(t)
  })

  await writeOpenings(deps, ctx, ours.filter((r) => r.points > 0))

  return { imported: ours.length, taken }
}

/**
 * The opening balances: entries first, then accounts. Nobody else writes these members' points
 * before the batch is complete, so an entry without its account (a run cut between the two) gets the
 * account it implies; anything else irregular goes through grantPoints, one member at a time.
 */
async function writeOpenings(deps: Deps, ctx: BatchContext, rows: StoredRow[]) {
  const { db } = deps
  const entries = await existingIds(db, LEDGER, rows.map((r) => openingEntryId(r.memberId)))
  const accounts = await existingIds(db, ACCOUNTS, rows.map((r) => r.memberId))
  const repair = async (row: StoredRow) => {
    const entry = (await existingIds(db, LEDGER, [openingEntryId(row.memberId)])).size > 0
    if (!entry) {
      await grantPoints(db, row.memberId, opening(ctx, row))
      return
    }
    const { _id, ...account } = openingChange(ctx, row).account
    if ((await existingIds(db, ACCOUNTS, [row.memberId])).size === 0) await db.collection(ACCOUNTS).doc(_id).set(account)
  }
  const isClean = (r: StoredRow) => !entries.has(openingEntryId(r.memberId)) && !accounts.has(r.memberId)
  for (const row of rows.filter((r) => !isClean(r))) await repair(row)
  const clean = rows.filter(isClean)
  for (const part of chunks(clean, WRITE_CHUNK)) {
    const changes = part.map((r) => openingChange(ctx, r))
    try {
      await db.collection(LEDGER).add(changes.flatMap((c) => c.entries.map(stored)))
      await db.collection(ACCOUNTS).add(changes.map((c) => c.account))
    } catch (err) {
      if (!isDuplicate(err)) throw err
      for (const row of part) await repair(row)
    }
  }
}
