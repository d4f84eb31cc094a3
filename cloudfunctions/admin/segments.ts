import { fail, ok } from '../../shared/errors'
import type { SampleMember, SegmentView } from '../../shared/insight/api'
import type { InsightRow } from '../../shared/insight/member-row'
import type { MemberRecord } from '../../shared/member/member-record'
import type { StaffRecord } from '../../shared/staff/staff-record'
import type { Database } from '../_lib/deps'
import { currentRun } from '../_lib/insight-runs'
import { MEMBERS } from '../_lib/members'
import { authorizeOperator, recordChange } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { countSegment, SEGMENTS, type SegmentDoc } from '../_lib/segments'
import { loadTierConfig } from '../_lib/tiers'
import { commit, withTransaction } from '../_lib/transaction'
import { tierBadges } from './insight-views'
import { phoneFor } from './members'

/** Segments are programme-wide (members belong to no store): managers and admins list, save and preview them. */

const SAMPLE = 20

const iso = (d: Date) => new Date(d).toISOString()
const toView = (d: SegmentDoc): SegmentView => ({
  id: d._id,
  name: d.name,
  filter: d.filter,
  lastCount: d.lastCount ? { count: d.lastCount.count, asOf: d.lastCount.asOf, at: iso(d.lastCount.at) } : null,
  updatedAt: iso(d.updatedAt),
  updatedBy: d.updatedBy.name ?? d.updatedBy.openid,
})

async function readSegment(db: Database, id: string): Promise<SegmentDoc | null> {
  return ((await db.collection(SEGMENTS).doc(id).get()).data as SegmentDoc[])[0] ?? null
}

/** admin.segments: every saved segment, the last changed first. */
export const segments: Handler<'admin', 'segments'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const res = await ctx.deps.db.collection(SEGMENTS).orderBy('updatedAt', 'desc').limit(1000).get()
  return ok({ segments: (res.data as SegmentDoc[]).map(toView) })
}

/** admin.saveSegment: creates (no id) or replaces a segment, counted on the snapshot in effect, recorded. */
export const saveSegment: Handler<'admin', 'saveSegment'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const staff = auth.data
  const { deps, now } = ctx
  const { db } = deps
  const before = input.id === undefined ? null : await readSegment(db, input.id)
  if (input.id !== undefined && !before) return fail('SEGMENT_NOT_FOUND')
  const id = input.id ?? deps.ids.code()
  const run = await currentRun(db)
  const lastCount = run ? { count: (await countSegment(db, run, input.filter, 0)).count, asOf: run.day, at: now } : null
  const doc: Omit<SegmentDoc, '_id'> = {
    name: input.name,
    filter: input.filter,
    lastCount,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
    updatedBy: { openid: staff.openid, name: staff.name },
  }
  await withTransaction(db, async (tx) => {
    await tx.collection(SEGMENTS).doc(id).set(doc)
    await recordChange(tx, staff, { kind: 'segment', targetId: id, action: 'save', before, after: doc, now, random: deps.ids.code() })
    return commit(null)
  })
  return ok(toView({ _id: id, ...doc }))
}

/** admin.deleteSegment: removes a segment, recorded. */
export const deleteSegment: Handler<'admin', 'deleteSegment'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const staff = auth.data
  const { deps, now } = ctx
  const before = await readSegment(deps.db, input.id)
  if (!before) return fail('SEGMENT_NOT_FOUND')
  await withTransaction(deps.db, async (tx) => {
    await tx.collection(SEGMENTS).doc(input.id).remove()
    await recordChange(tx, staff, { kind: 'segment', targetId: input.id, action: 'delete', before, after: null, now, random: deps.ids.code() })
    return commit(null)
  })
  return ok({ id: input.id, deleted: true as const })
}

async function sampleMembers(db: Database, staff: StaffRecord, rows: InsightRow[], day: string): Promise<SampleMember[]> {
  if (rows.length === 0) return []
  const [res, tiers] = await Promise.all([
    db.collection(MEMBERS).where({ _id: db.command.in(rows.map((r) => r.memberId)) }).limit(rows.length).get(),
    loadTierConfig(db),
  ])
  const members = new Map((res.data as MemberRecord[]).map((m) => [m._id, m]))
  const tier = tierBadges(tiers, day)
  return rows.flatMap((r) => {
    const m = members.get(r.memberId)
    if (!m) return [] // removed since the snapshot
    return [
      {
        memberId: r.memberId,
        memberNo: m.memberNo,
        nickname: m.nickname,
        phone: phoneFor(staff, m.phone),
        tier: tier(r.tierId),
        region: r.region,
        lifecycle: r.lifecycle,
        rfm: r.rfm.code,
        spendFen: r.spendFen,
        topSpender: r.topSpender,
        tags: r.tags,
      },
    ]
  })
}

/** admin.segmentPreview: how many members of the snapshot a filter (or a saved segment) matches, and a sample. */
export const segmentPreview: Handler<'admin', 'segmentPreview'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const saved = 'segmentId' in input ? await readSegment(db, input.segmentId) : null
  if ('segmentId' in input && !saved) return fail('SEGMENT_NOT_FOUND')
  const filter = saved ? saved.filter : 'filter' in input ? input.filter : {}
  const run = await currentRun(db)
  if (!run) return fail('INSIGHT_NOT_READY')
  const { count, sample } = await countSegment(db, run, filter, SAMPLE)
  // The list shows each saved segment's last count: a cache, not an operator's change.
  if (saved) await db.collection(SEGMENTS).doc(saved._id).update({ lastCount: db.command.set({ count, asOf: run.day, at: ctx.now }) })
  return ok({ asOf: run.day, count, members: run.totals.members, sample: await sampleMembers(db, auth.data, sample, run.day) })
}
