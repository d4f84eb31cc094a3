import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import type { InsightOverview } from '../../shared/insight/api'
import { currentRun, readRun, rowOfMember } from '../_lib/insight-runs'
import { MEMBER_TAGS, tagCounts, tagsOf } from '../_lib/member-tags'
import { authorizeOperator, operatorOnMember, recordChange } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { loadTierConfig } from '../_lib/tiers'
import { commit, withTransaction } from '../_lib/transaction'
import { insightView, storeNames, tierBadges } from './insight-views'
import { deleteSegment, saveSegment, segmentPreview, segments } from './segments'

/** admin.insight: the snapshot in effect (the last complete run) and the run under way, if any. */
export const insight: Handler<'admin', 'insight'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const run = await currentRun(db)
  if (!run) return fail('INSIGHT_NOT_READY')
  const today = shanghaiDay(ctx.now)
  const todays = today === run.day ? null : await readRun(db, today)
  const t = run.totals
  const top = run.top ?? { spenders: 0, members: 0, thresholdFen: null, groupSpendFen: 0, totalSpendFen: 0, sharePercent: null }
  const view: InsightOverview = {
    asOf: run.day,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: new Date(run.finishedAt ?? run.updatedAt).toISOString(),
    windowDays: run.config.windowDays,
    members: t.members,
    unclaimed: t.unclaimed,
    lifecycle: t.lifecycle,
    rfm: { recency: t.recency, frequency: t.frequency, monetary: t.monetary, grid: t.grid },
    top: { topSharePercent: run.config.topSharePercent, ...top },
    running: todays && todays.status !== 'done' ? { day: todays.day, pass: todays.status, chunks: todays.chunks, members: todays.totals.members } : null,
  }
  return ok(view)
}

/** admin.memberInsight: the member's row in the snapshot (null before the first run, or if they joined after it) and their tags now. */
export const memberInsight: Handler<'admin', 'memberInsight'> = async (input, ctx) => {
  const access = await operatorOnMember(ctx, input.memberId)
  if (!access.ok) return access
  const { member } = access.data
  const { db } = ctx.deps
  const [run, tags] = await Promise.all([currentRun(db), tagsOf(db, member._id)])
  if (!run) return ok({ asOf: null, insight: null, tags })
  const row = await rowOfMember(db, run, member._id)
  if (!row) return ok({ asOf: run.day, insight: null, tags })
  const [tiers, stores] = await Promise.all([loadTierConfig(db), storeNames(db)])
  return ok({ asOf: run.day, insight: insightView(row, run.config.windowDays, tierBadges(tiers, run.day), stores), tags })
}

/** admin.tagMember: replaces the member's operator tags, recorded. */
export const tagMember: Handler<'admin', 'tagMember'> = async (input, ctx) => {
  const access = await operatorOnMember(ctx, input.memberId)
  if (!access.ok) return access
  const { staff, member } = access.data
  const { deps, now } = ctx
  return withTransaction(deps.db, async (tx) => {
    const doc = (await tx.collection(MEMBER_TAGS).doc(member._id).get()).data as { tags: string[] } | null
    const before = doc?.tags ?? []
    await tx.collection(MEMBER_TAGS).doc(member._id).set({ tags: input.tags, updatedAt: now, by: staff.openid })
    await recordChange(tx, staff, { kind: 'member', targetId: member._id, action: 'tagMember', before: { tags: before }, after: { tags: input.tags }, now, random: deps.ids.code() })
    return commit(ok({ memberId: member._id, tags: input.tags }))
  })
}

/** admin.memberTags: every tag in use with its member count (for the segment builder). */
export const memberTags: Handler<'admin', 'memberTags'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  return ok({ tags: await tagCounts(ctx.deps.db) })
}

/** The handlers of member insight, tags and segments (spread into the function's definition in index.ts). */
export const insightHandlers = { insight, memberInsight, tagMember, memberTags, segments, saveSegment, deleteSegment, segmentPreview }
