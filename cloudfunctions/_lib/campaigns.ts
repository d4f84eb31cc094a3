import type { SegmentFilter } from '../../shared/insight/segment'
import type { CampaignDraft, CampaignStatus, CampaignView } from '../../shared/marketing/schemas'
import type { StaffRecord } from '../../shared/staff/staff-record'
import type { Database } from './deps'
import type { SegmentWalk } from './segment-walk'
import { SEGMENTS, type SegmentDoc } from './segments'

/**
 * The campaign collections, named in one place:
 * - `campaigns/<id>` (`_id` sorts by creation): the draft, its status and the sending checkpoint
 *   (CampaignRecord); index `status` (the journeys job goes on with campaigns left `sending`).
 * - `campaign_audience/<id>:<chunk>`: the members of one snapshot chunk the campaign reached, sorted
 *   (`ids`); who was held back is recomputed from the id (shared/marketing/control.ts).
 * - `campaign_reports/<id>`: the report being counted or last counted, with its checkpoint.
 * Each member's message is `message_sends/campaign:<id>:<memberId>` (_lib/messaging.ts); a coupon
 * reward is issue key `campaign:<id>:<memberId>`, bonus points ledger entry `reward:campaign:<id>:<memberId>`.
 */
export const CAMPAIGNS = 'campaigns'
export const CAMPAIGN_AUDIENCE = 'campaign_audience'
export const CAMPAIGN_REPORTS = 'campaign_reports'

/** Counted by the sending steps (the checkpoint's conditional update adds each slice once). */
export interface CampaignCounts {
  members: number
  treated: number
  control: number
  sent: number
  skipped: number
  failed: number
  rewarded: number
}
export const emptyCounts = (): CampaignCounts => ({ members: 0, treated: 0, control: 0, sent: 0, skipped: 0, failed: 0, rewarded: 0 })

export interface CampaignRecord {
  _id: string
  draft: CampaignDraft
  /** The segment's name when last saved or sent. */
  segmentName: string
  status: CampaignStatus
  /** Copied from the segment when sending starts, so editing the segment later changes nothing here. */
  filter: SegmentFilter | null
  /** The insight snapshot the audience is read from, and its size in chunks. */
  snapshot: SegmentWalk | null
  /** The segment's count when sending started. */
  estimate: number | null
  /** The checkpoint: the first member not yet done is `nextOffset` in chunk `nextChunk` (sorted ids). */
  nextChunk: number
  nextOffset: number
  /** Members the chunk at the checkpoint has (for the progress bar). */
  chunkSize: number
  counts: CampaignCounts
  by: { openid: string; name: string | null }
  sentBy: { openid: string; name: string | null } | null
  createdAt: Date
  updatedAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

export const audienceId = (campaignId: string, chunk: number) => `${campaignId}:${String(chunk).padStart(6, '0')}`
export const campaignKey = (campaignId: string, memberId: string) => `campaign:${campaignId}:${memberId}`
export const operatorOf = (s: StaffRecord) => ({ openid: s.openid, name: s.name })

/** A saved segment (the insight work's `segments`): what a campaign's audience is copied from when sending starts. */
export async function loadSegment(db: Database, id: string): Promise<SegmentDoc | null> {
  const res = await db.collection(SEGMENTS).doc(id).get()
  return ((res.data as SegmentDoc[])[0] ?? null) as SegmentDoc | null
}

export async function loadCampaign(db: Database, id: string): Promise<CampaignRecord | null> {
  const res = await db.collection(CAMPAIGNS).doc(id).get()
  return ((res.data as CampaignRecord[])[0] ?? null) as CampaignRecord | null
}

/** The newest campaigns first. */
export async function latestCampaigns(db: Database, limit = 50): Promise<CampaignRecord[]> {
  const res = await db.collection(CAMPAIGNS).orderBy('_id', 'desc').limit(limit).get()
  return res.data as CampaignRecord[]
}

/** Campaigns left sending (the job goes on with them). */
export async function sendingCampaigns(db: Database): Promise<CampaignRecord[]> {
  const res = await db.collection(CAMPAIGNS).where({ status: 'sending' }).limit(100).get()
  return (res.data as CampaignRecord[]).sort((a, b) => (a._id < b._id ? -1 : 1))
}

/** How far sending is, 0–100: whole chunks done plus the share of the one at the checkpoint. */
export function percentDone(c: Pick<CampaignRecord, 'status' | 'snapshot' | 'nextChunk' | 'nextOffset' | 'chunkSize'>): number {
  if (c.status === 'sent') return 100
  if (!c.snapshot || c.snapshot.chunks === 0) return 0
  const within = c.chunkSize > 0 ? Math.min(1, c.nextOffset / c.chunkSize) : 0
  return Math.min(99, Math.floor(((c.nextChunk + within) / c.snapshot.chunks) * 100))
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

export function toCampaignView(c: CampaignRecord): CampaignView {
  return {
    campaignId: c._id,
    status: c.status,
    draft: c.draft,
    segmentName: c.segmentName,
    asOf: c.snapshot?.asOf ?? null,
    estimate: c.estimate,
    progress: { ...c.counts, percent: percentDone(c) },
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    by: c.sentBy?.name ?? c.by.name ?? c.by.openid,
  }
}
