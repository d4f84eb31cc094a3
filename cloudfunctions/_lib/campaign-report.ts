import { performance } from 'node:perf_hooks'
import { groupOf } from '../../shared/marketing/control'
import { addSums, emptySums, figures, tally, type MemberOutcome, type ReportSums } from '../../shared/marketing/report'
import type { CampaignReportResult } from '../../shared/marketing/schemas'
import type { OrderRecord } from '../../shared/staff/order-record'
import { audienceId, CAMPAIGN_AUDIENCE, CAMPAIGN_REPORTS, campaignKey, type CampaignRecord } from './campaigns'
import { COUPONS } from './coupons'
import type { Database, Deps } from './deps'
import { MESSAGE_SENDS, type MessageSend } from './messaging'
import { creditedPoints, issuedCodes } from './rewards'
import { ORDERS } from './staff-records'

/**
 * Counting a campaign's report from the records themselves, a chunk of its audience at a time (a
 * report over a million members outlives one call): the members reached (`campaign_audience`, up to
 * the sending checkpoint), their messages (`message_sends/<key>`), coupons issued under their keys and
 * used, bonus points credited, and their credited till orders in the window (index `orders.memberId`),
 * net of refunds. `campaign_reports/<id>` keeps the sums so far and the next chunk; each chunk's sums
 * are added in one conditional update that also moves the checkpoint, so racing calls count it once.
 */
const BUDGET_MS = 8_000
const BATCH = 100
const CHUNKS_PER_READ = 20
const DAY_MS = 86_400_000

interface ReportState {
  _id: string
  runId: string
  /** The campaign's checkpoint when the run started: a run counts the audience reached by then. */
  mark: string
  /** Chunks to read, and how many members of the last one (null: all of it). */
  chunks: number
  lastOffset: number | null
  nextChunk: number
  sums: ReportSums
  startedAt: Date
  computedAt: Date | null
  complete: boolean
}

const markOf = (c: CampaignRecord) => `${c.status}:${c.nextChunk}:${c.nextOffset}`

/** The sales window: from the start of sending, `windowDays` days. */
export const windowOf = (c: Pick<CampaignRecord, 'startedAt' | 'draft'>) => {
  const from = new Date(c.startedAt!)
  return { from, to: new Date(from.getTime() + c.draft.windowDays * DAY_MS) }
}

function freshState(c: CampaignRecord, runId: string, now: Date): ReportState {
  const sent = c.status === 'sent'
  const partial = !sent && c.nextOffset > 0
  return {
    _id: c._id,
    runId,
    mark: markOf(c),
    chunks: sent ? (c.snapshot?.chunks ?? 0) : c.nextChunk + (partial ? 1 : 0),
    lastOffset: partial ? c.nextOffset : null,
    nextChunk: 0,
    sums: emptySums(),
    startedAt: now,
    computedAt: null,
    complete: false,
  }
}

async function loadState(db: Database, id: string): Promise<ReportState | null> {
  const res = await db.collection(CAMPAIGN_REPORTS).doc(id).get()
  return ((res.data as ReportState[])[0] ?? null) as ReportState | null
}

/** What the members of one batch did and got. */
async function outcomes(db: Database, c: CampaignRecord, ids: string[], window: { from: Date; to: Date }): Promise<MemberOutcome[]> {
  const _ = db.command
  const groups = new Map(ids.map((id) => [id, groupOf(c._id, id, c.draft.controlPercent)]))
  const treatedKeys = ids.filter((id) => groups.get(id) === 'treated').map((id) => campaignKey(c._id, id))
  const reward = c.draft.reward
  const [sends, codes, points] = await Promise.all([
    treatedKeys.length
      ? db.collection(MESSAGE_SENDS).where({ _id: _.in(treatedKeys) }).field({ status: true, channel: true, reason: true, openedAt: true }).limit(1000).get()
      : { data: [] },
    reward?.couponTemplateId ? issuedCodes(db, treatedKeys) : new Map<string, string[]>(),
    reward && reward.points > 0 ? creditedPoints(db, treatedKeys) : new Map<string, number>(),
  ])
  const sendOf = new Map((sends.data as MessageSend[]).map((s) => [s._id, s]))
  const allCodes = [...codes.values()].flat()
  const used = new Set<string>()
  for (let i = 0; i < allCodes.length; i += 1000) {
    const res = await db.collection(COUPONS).where({ _id: _.in(allCodes.slice(i, i + 1000)), state: 'used' }).field({ _id: true }).limit(1000).get()
    for (const d of res.data as Array<{ _id: string }>) used.add(d._id)
  }
  const sales = new Map<string, { orders: number; fen: number }>()
  let after = ''
  for (;;) {
    const res = await db
      .collection(ORDERS)
      .where({ memberId: _.in(ids), status: 'credited', creditedAt: _.gte(window.from).and(_.lt(window.to)), _id: _.gt(after) })
      .field({ memberId: true, amountFen: true, refundedFen: true })
      .orderBy('_id', 'asc')
      .limit(1000)
      .get()
    const orders = res.data as Array<Pick<OrderRecord, '_id' | 'memberId' | 'amountFen' | 'refundedFen'>>
    for (const o of orders) {
      const s = sales.get(o.memberId) ?? { orders: 0, fen: 0 }
      sales.set(o.memberId, { orders: s.orders + 1, fen: s.fen + o.amountFen - (o.refundedFen ?? 0) })
    }
    if (orders.length < 1000) break
    after = orders[orders.length - 1]._id
  }
  return ids.map((id) => {
    const key = campaignKey(c._id, id)
    const s = sendOf.get(key)
    const mine = codes.get(key) ?? []
    const bought = sales.get(id) ?? { orders: 0, fen: 0 }
    return {
      group: groups.get(id)!,
      // A message still `sending` was claimed and never confirmed (the process died): not sent.
      send: s ? { status: s.status === 'sending' ? 'failed' : s.status, channel: s.channel, reason: s.reason, opened: !!s.openedAt } : null,
      couponsIssued: mine.length,
      couponsUsed: mine.filter((code) => used.has(code)).length,
      points: points.get(key) ?? 0,
      orders: bought.orders,
      salesFen: bought.fen,
    }
  })
}

/** Sums of one chunk of the audience (the members the campaign had reached in it). */
async function chunkSums(db: Database, c: CampaignRecord, ids: string[], window: { from: Date; to: Date }): Promise<ReportSums> {
  let sums = emptySums()
  for (let i = 0; i < ids.length; i += BATCH) sums = addSums(sums, tally(await outcomes(db, c, ids.slice(i, i + BATCH), window)))
  return sums
}

/**
 * Counts on from the report's checkpoint for about `budgetMs` and answers the figures so far. A
 * finished report is counted again when asked (`refresh`) or when the campaign reached more members
 * since. The campaign must have started sending.
 */
export async function stepReport(deps: Deps, c: CampaignRecord, opts: { refresh?: boolean; budgetMs?: number } = {}): Promise<CampaignReportResult> {
  const { db } = deps
  const _ = db.command
  const now = deps.now()
  const started = performance.now()
  const window = windowOf(c)
  let state = await loadState(db, c._id)
  if (!state || opts.refresh || (state.complete && state.mark !== markOf(c))) {
    state = freshState(c, deps.ids.code(), now)
    const { _id, ...doc } = state
    await db.collection(CAMPAIGN_REPORTS).doc(_id).set(doc)
  }
  const outOfTime = () => performance.now() - started >= (opts.budgetMs ?? BUDGET_MS)
  // At least one chunk a call, so a report always moves on.
  for (let first = true; !state.complete && (first || !outOfTime()); first = false) {
    if (state.nextChunk >= state.chunks) {
      await db.collection(CAMPAIGN_REPORTS).where({ _id: c._id, runId: state.runId, complete: false }).update({ complete: true, computedAt: now })
      state = (await loadState(db, c._id))!
      break
    }
    const k = state.nextChunk
    const ids = Array.from({ length: Math.min(CHUNKS_PER_READ, state.chunks - k) }, (_x, i) => audienceId(c._id, k + i))
    const res = await db.collection(CAMPAIGN_AUDIENCE).where({ _id: _.in(ids) }).limit(CHUNKS_PER_READ).get()
    const docs = new Map((res.data as Array<{ chunk: number; ids: string[] }>).map((d) => [d.chunk, d.ids]))
    for (let chunk = k; chunk < k + ids.length; chunk++) {
      let members = docs.get(chunk) ?? []
      if (chunk === state.chunks - 1 && state.lastOffset !== null) members = members.slice(0, state.lastOffset)
      const sums = addSums(state.sums, await chunkSums(db, c, members, window))
      const moved = (await db
        .collection(CAMPAIGN_REPORTS)
        .where({ _id: c._id, runId: state.runId, nextChunk: chunk })
        .update({ nextChunk: chunk + 1, sums: _.set(sums) })) as { updated?: number }
      state = (await loadState(db, c._id))!
      if (moved.updated !== 1 || outOfTime()) break
    }
  }
  const f = figures(state.sums)
  return {
    campaignId: c._id,
    complete: state.complete,
    percent: state.complete ? 100 : state.chunks > 0 ? Math.min(99, Math.floor((state.nextChunk / state.chunks) * 100)) : 0,
    computedAt: state.computedAt ? new Date(state.computedAt).toISOString() : null,
    window: { from: window.from.toISOString(), to: window.to.toISOString(), open: now < window.to },
    ...f,
  }
}
