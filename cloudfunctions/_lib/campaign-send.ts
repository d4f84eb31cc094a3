import { performance } from 'node:perf_hooks'
import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { groupOf } from '../../shared/marketing/control'
import { hasReward, sendsMessage } from '../../shared/marketing/schemas'
import { isUnclaimed } from '../../shared/member/member-record'
import type { StaffRecord } from '../../shared/staff/staff-record'
import {
  audienceId,
  CAMPAIGN_AUDIENCE,
  CAMPAIGNS,
  campaignKey,
  emptyCounts,
  loadCampaign,
  loadSegment,
  operatorOf,
  type CampaignCounts,
  type CampaignRecord,
} from './campaigns'
import type { Deps } from './deps'
import { campaignMessage, campaignText } from './campaign-message'
import { deliver, MESSAGE_SENDS, type MessageSend } from './messaging'
import { recordChange } from './operators'
import { loadRecipients, type Recipient } from './campaign-recipients'
import { giveReward, prepareReward, type PreparedReward } from './rewards'
import { currentSnapshot, walkSegment } from './segment-walk'
import { loadSettings } from './settings'
import { loadTierConfig } from './tiers'

/**
 * Sending a campaign, a slice at a time (as member imports run): `startCampaign` freezes the audience
 * (the segment's filter, the insight snapshot) and sets it `sending`; `stepCampaign` goes on from the
 * checkpoint for about `budgetMs`. For each member of each chunk of the snapshot that the filter
 * matches: the control group is held back and sent nothing; everyone else gets the reward and/or the
 * message under the key `campaign:<id>:<memberId>`, so a retried or racing step never gives or sends
 * twice. The checkpoint and the counts move together in one conditional update after each slice.
 */
export const STEP_BUDGET_MS = 8_000
/** Members per checkpoint. */
const SLICE = 40
/** Members served at once within a slice (the work is waiting on the database). */
const PARALLEL = 8

/**
 * Starts sending a draft: copies the segment's filter, records the snapshot and the operator's
 * change. Starting one already sending or sent answers it as it is (a retried click).
 */
export async function startCampaign(deps: Deps, campaignId: string, staff: StaffRecord): Promise<Result<CampaignRecord>> {
  const { db } = deps
  const now = deps.now()
  const c = await loadCampaign(db, campaignId)
  if (!c) return fail('CAMPAIGN_NOT_FOUND')
  if (c.status === 'sending' || c.status === 'sent') return ok(c)
  if (c.status !== 'draft') return fail('CAMPAIGN_NOT_EDITABLE', '该活动已取消，不能再发送')
  const segment = await loadSegment(db, c.draft.segmentId)
  if (!segment) return fail('SEGMENT_NOT_FOUND', '该活动的人群已被删除：请重新选择人群', 'segmentId')
  if (hasReward(c.draft.reward)) {
    const prepared = await prepareReward(db, c.draft.reward, shanghaiDay(now))
    if (prepared.problem) return fail(prepared.template ? 'COUPON_UNAVAILABLE' : 'TEMPLATE_NOT_FOUND', prepared.problem, 'reward.couponTemplateId')
  }
  const snapshot = await currentSnapshot(db)
  if (!snapshot) return fail('INSIGHT_NOT_READY')
  const res = (await db
    .collection(CAMPAIGNS)
    .where({ _id: campaignId, status: 'draft' })
    .update({
      status: 'sending',
      filter: db.command.set(segment.filter),
      snapshot: db.command.set(snapshot),
      segmentName: segment.name,
      estimate: segment.lastCount?.count ?? null,
      nextChunk: 0,
      nextOffset: 0,
      chunkSize: 0,
      counts: db.command.set(emptyCounts()),
      sentBy: db.command.set(operatorOf(staff)),
      startedAt: now,
      updatedAt: now,
    })) as { updated?: number }
  if (res.updated === 1)
    await recordChange(db, staff, {
      kind: 'campaign',
      targetId: campaignId,
      action: 'send',
      reason: c.draft.name,
      before: { status: 'draft' },
      after: { status: 'sending', segment: segment.name, filter: segment.filter, asOf: snapshot.asOf, controlPercent: c.draft.controlPercent },
      now,
      random: deps.ids.code(),
    })
  const after = (await loadCampaign(db, campaignId))!
  return after.status === 'draft' ? fail('CAMPAIGN_NOT_EDITABLE') : ok(after)
}

interface StepContext {
  deps: Deps
  campaign: CampaignRecord
  prepared: PreparedReward | null
  load: (ids: string[]) => Promise<Map<string, Recipient>>
  now: Date
}

/** Runs `work` over `items`, `n` at a time. */
export async function inParallel<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await work(items[next++])
  }))
}

/** Serves one slice of members: the control group nothing, everyone else their reward and message. */
async function sendSlice(ctx: StepContext, ids: string[]): Promise<CampaignCounts> {
  const { deps, campaign: c, prepared, now } = ctx
  const draft = c.draft
  const counts = emptyCounts()
  const recipients = await ctx.load(ids)
  await inParallel(ids, PARALLEL, async (memberId) => {
    counts.members++
    if (groupOf(c._id, memberId, draft.controlPercent) === 'control') {
      counts.control++
      return
    }
    counts.treated++
    const r = recipients.get(memberId)
    if (!r || isUnclaimed(r.member)) {
      // Nobody to give to or to tell: deliver logs why when there was a message to send.
      if (r && sendsMessage(draft)) await send(ctx, r, counts)
      else counts.skipped++
      return
    }
    const key = campaignKey(c._id, memberId)
    if (prepared) {
      if (prepared.problem) {
        counts.failed++
        return
      }
      const given = await giveReward(deps, r.member, prepared, { key, reason: `营销活动：${draft.name}`, source: { kind: 'admin', id: c.sentBy?.openid ?? c.by.openid, storeId: null }, now })
      if (given.fresh) counts.rewarded++
    }
    if (sendsMessage(draft)) await send(ctx, r, counts)
  })
  return counts
}

async function send(ctx: StepContext, r: Recipient, counts: CampaignCounts): Promise<void> {
  const { campaign: c } = ctx
  const { text } = campaignText(c.draft, r, ctx.prepared)
  const outcome = await deliver(ctx.deps, campaignMessage(c, r.member._id, text))
  if (outcome.status === 'sent') counts.sent++
  else if (outcome.status === 'skipped') counts.skipped++
  else if (outcome.status === 'failed') counts.failed++
}

/** Moves the checkpoint from where `c` has it, adding `counts`; false when another step moved it first. */
async function advance(deps: Deps, c: CampaignRecord, to: { nextChunk: number; nextOffset: number; chunkSize: number }, counts: CampaignCounts): Promise<boolean> {
  const _ = deps.db.command
  const inc = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, _.inc(v)]))
  const res = (await deps.db
    .collection(CAMPAIGNS)
    .where({ _id: c._id, status: 'sending', nextChunk: c.nextChunk, nextOffset: c.nextOffset })
    .update({ ...to, counts: inc, updatedAt: deps.now() })) as { updated?: number }
  return res.updated === 1
}

/**
 * Goes on sending from the checkpoint for about `budgetMs` (at least one slice), then answers where
 * the campaign stands; one not sending is answered as it is. Null when there is no such campaign.
 * If the nightly insight run replaced the snapshot since, the walk starts again from the new one's
 * first chunk (chunk numbers belong to a snapshot): members already served are passed by under their keys.
 */
export async function stepCampaign(deps: Deps, campaignId: string, opts: { budgetMs?: number; maxSlices?: number } = {}): Promise<CampaignRecord | null> {
  const { db } = deps
  const started = performance.now()
  const budget = opts.budgetMs ?? STEP_BUDGET_MS
  let c = await loadCampaign(db, campaignId)
  if (!c || c.status !== 'sending' || !c.snapshot || !c.filter) return c
  const snapshot = await currentSnapshot(db)
  if (snapshot && snapshot.asOf !== c.snapshot.asOf) {
    await db
      .collection(CAMPAIGNS)
      .where({ _id: c._id, status: 'sending', nextChunk: c.nextChunk, nextOffset: c.nextOffset })
      // The audience is counted again over the new snapshot; the outcomes so far stay.
      .update({ snapshot: db.command.set(snapshot), nextChunk: 0, nextOffset: 0, chunkSize: 0, counts: db.command.set({ ...c.counts, members: 0, treated: 0, control: 0 }), updatedAt: deps.now() })
    c = (await loadCampaign(db, campaignId))!
    if (c.status !== 'sending') return c
  }
  const now = deps.now()
  const [tiers, insight] = await Promise.all([loadTierConfig(db), loadSettings(db, 'insight')])
  const prepared = hasReward(c.draft.reward) ? await prepareReward(db, c.draft.reward, shanghaiDay(now)) : null
  const load = (ids: string[]) => loadRecipients(db, ids, { tiers, insight, now })
  let slices = 0
  const outOfTime = () => slices > 0 && (slices >= (opts.maxSlices ?? Infinity) || performance.now() - started >= budget)
  // Set when this step stops inside a chunk (out of time) or finds another step moved the checkpoint.
  let halted = false

  const next = await walkSegment(
    db,
    c.filter!,
    c.nextChunk,
    async (found, chunk) => {
      if (halted || found.length === 0) return
      // The members of this chunk the frozen filter matches, in id order (offsets count in it).
      const ids = [...found].sort()
      await db.collection(CAMPAIGN_AUDIENCE).doc(audienceId(c!._id, chunk)).set({ campaignId: c!._id, chunk, ids })
      let offset = chunk === c!.nextChunk ? c!.nextOffset : 0
      while (offset < ids.length) {
        if (outOfTime()) return void (halted = true)
        const slice = ids.slice(offset, offset + SLICE)
        const counts = await sendSlice({ deps, campaign: c!, prepared, load, now }, slice)
        slices++
        offset += slice.length
        const to = offset >= ids.length ? { nextChunk: chunk + 1, nextOffset: 0, chunkSize: 0 } : { nextChunk: chunk, nextOffset: offset, chunkSize: ids.length }
        const moved = await advance(deps, c!, to, counts)
        c = (await loadCampaign(db, campaignId))!
        if (!moved || c.status !== 'sending') return void (halted = true)
      }
    },
    () => halted || outOfTime(),
  )
  // Chunks at the end with nobody in them move the checkpoint too.
  const end = next ?? c.snapshot!.chunks
  if (!halted && c.status === 'sending' && end > c.nextChunk && (await advance(deps, c, { nextChunk: end, nextOffset: 0, chunkSize: 0 }, emptyCounts())))
    c = (await loadCampaign(db, campaignId))!
  if (c.status !== 'sending' || c.nextChunk < c.snapshot!.chunks) return c
  return (await retryFailed(deps, c, outOfTime)) ? finish(deps, c) : c
}

/**
 * Once every chunk is done, each message whose send failed (the sender was down) is tried once more
 * before the campaign is marked sent: `deliver` allows a failed key again. False when out of time first.
 */
async function retryFailed(deps: Deps, c: CampaignRecord, outOfTime: () => boolean): Promise<boolean> {
  const { db } = deps
  const _ = db.command
  for (;;) {
    const res = await db.collection(MESSAGE_SENDS).where({ campaignId: c._id, status: 'failed', attempts: 1 }).limit(50).get()
    const failed = res.data as MessageSend[]
    if (failed.length === 0) return true
    if (outOfTime()) return false
    const counts = { sent: 0, skipped: 0, failed: 0 }
    await inParallel(failed, PARALLEL, async (s) => {
      const outcome = await deliver(deps, { ...campaignMessage(c, s.memberId, s.text), page: s.page })
      if (outcome.status === 'sent') counts.sent++
      else if (outcome.status === 'skipped') counts.skipped++
      else return
      counts.failed--
    })
    await db.collection(CAMPAIGNS).doc(c._id).update({ counts: { sent: _.inc(counts.sent), skipped: _.inc(counts.skipped), failed: _.inc(counts.failed) } })
  }
}

async function finish(deps: Deps, c: CampaignRecord): Promise<CampaignRecord> {
  const now = deps.now()
  await deps.db.collection(CAMPAIGNS).where({ _id: c._id, status: 'sending' }).update({ status: 'sent', finishedAt: now, updatedAt: now })
  return (await loadCampaign(deps.db, c._id))!
}

/** Stops a draft or a campaign being sent (what was sent stays sent), recorded. */
export async function cancelCampaign(deps: Deps, campaignId: string, staff: StaffRecord): Promise<Result<CampaignRecord>> {
  const { db } = deps
  const now = deps.now()
  const c = await loadCampaign(db, campaignId)
  if (!c) return fail('CAMPAIGN_NOT_FOUND')
  if (c.status !== 'draft' && c.status !== 'sending') return fail('CAMPAIGN_NOT_SENDING', c.status === 'sent' ? '该活动已发送完毕，无法取消' : '该活动已取消')
  const res = (await db
    .collection(CAMPAIGNS)
    .where({ _id: campaignId, status: c.status })
    .update({ status: 'cancelled', finishedAt: now, updatedAt: now })) as { updated?: number }
  if (res.updated !== 1) return fail('CAMPAIGN_NOT_SENDING')
  await recordChange(db, staff, {
    kind: 'campaign',
    targetId: campaignId,
    action: 'cancel',
    reason: c.draft.name,
    before: { status: c.status },
    after: { status: 'cancelled', counts: c.counts },
    now,
    random: deps.ids.code(),
  })
  return ok((await loadCampaign(db, campaignId))!)
}
