import * as z from '../zod'
import { Empty } from '../member/schemas'
import { CHANNELS } from './preference'
import { SegmentFilter } from './segment'

/** The admin actions of member insight, tags and segments (spread into shared/api.ts). */

const MemberId = z.string().min(1).max(64)
const TierBadge = z.object({ id: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })
export const Lifecycle = z.enum(['new', 'active', 'at_risk', 'dormant'])
export const Channel = z.enum(CHANNELS)
const Count = z.number().int().min(0)
const Five = z.array(Count).length(5)

export const Tag = z.string({ error: '请输入标签' }).trim().min(1, '标签不能为空').max(40, '标签最多 40 个字')
/** A member's tags: trimmed, each kept once (first place wins), at most 20. */
export const Tags = z
  .array(Tag)
  .max(20, '每位会员最多 20 个标签')
  .transform((tags) => [...new Set(tags)])

/** The top spenders of the run (shared/insight/top-spenders.ts) and the share of members asked for. */
export const TopSpendersView = z.object({
  topSharePercent: z.number().int(),
  spenders: Count,
  members: Count,
  thresholdFen: z.number().int().nullable(),
  groupSpendFen: z.number().int(),
  totalSpendFen: z.number().int(),
  sharePercent: z.number().nullable(),
})

export const InsightOverview = z.object({
  /** The Asia/Shanghai day the snapshot was computed for. */
  asOf: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  windowDays: z.number().int(),
  members: Count,
  unclaimed: Count,
  lifecycle: z.object({ new: Count, active: Count, at_risk: Count, dormant: Count }),
  rfm: z.object({
    /** Members per score, index 0 = score 1. */
    recency: Five,
    frequency: Five,
    monetary: Five,
    /** grid[recency - 1][frequency - 1]. */
    grid: z.array(Five).length(5),
  }),
  top: TopSpendersView,
  /** A run under way (today's, not finished yet), or null. */
  running: z.object({ day: z.string(), pass: z.enum(['spend', 'members']), chunks: Count, members: Count }).nullable(),
})
export type InsightOverview = z.infer<typeof InsightOverview>

export const MemberInsightView = z.object({
  tier: TierBadge,
  lifecycle: Lifecycle,
  rfm: z.object({ recency: z.number().int(), frequency: z.number().int(), monetary: z.number().int(), code: z.string() }),
  lastVisit: z.string().nullable(),
  daysSinceVisit: z.number().int().nullable(),
  /** Days with a purchase, and spend after refunds, in the window. */
  visits: Count,
  spendFen: Count,
  windowDays: z.number().int(),
  topSpender: z.boolean(),
  convertedInvites: Count,
  couponsUsed: Count,
  mallOrders: Count,
  preferredStore: z.object({ id: z.string(), name: z.string() }).nullable(),
  preferredChannel: Channel.nullable(),
  channels: z.object({ till: Count, mall: Count, play: Count, invite: Count }),
  unclaimed: z.boolean(),
})
export type MemberInsightView = z.infer<typeof MemberInsightView>

export const MemberInsightResult = z.object({
  /** The snapshot's day, null before the first run finished. */
  asOf: z.string().nullable(),
  /** Null before the first run, or for a member who joined after the snapshot. */
  insight: MemberInsightView.nullable(),
  /** The member's operator tags as they are now. */
  tags: z.array(z.string()),
})

export const TagMemberInput = z.object({ memberId: MemberId, tags: Tags })
export const TagMemberResult = z.object({ memberId: z.string(), tags: z.array(z.string()) })
export const MemberTagsResult = z.object({ tags: z.array(z.object({ tag: z.string(), members: Count })) })

export const SegmentName = z.string({ error: '请填写人群名称' }).trim().min(1, '请填写人群名称').max(40, '人群名称最多 40 个字')
const SegmentId = z.string().min(1).max(64)

export const SegmentView = z.object({
  id: z.string(),
  name: z.string(),
  filter: SegmentFilter,
  /** The count when last saved or previewed, with the snapshot it was counted on. */
  lastCount: z.object({ count: Count, asOf: z.string(), at: z.string() }).nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
})
export type SegmentView = z.infer<typeof SegmentView>

export const SaveSegmentInput = z.object({ id: SegmentId.optional(), name: SegmentName, filter: SegmentFilter })
export const DeleteSegmentInput = z.object({ id: SegmentId })

export const SegmentPreviewInput = z.union([z.object({ filter: SegmentFilter }).strict(), z.object({ segmentId: SegmentId }).strict()])

export const SampleMember = z.object({
  memberId: z.string(),
  memberNo: z.string(),
  nickname: z.string().nullable(),
  /** Masked for managers. */
  phone: z.string(),
  tier: TierBadge,
  region: z.array(z.string()),
  lifecycle: Lifecycle,
  rfm: z.string(),
  spendFen: Count,
  topSpender: z.boolean(),
  tags: z.array(z.string()),
})
export type SampleMember = z.infer<typeof SampleMember>

export const SegmentPreviewResult = z.object({
  asOf: z.string(),
  /** Members of the snapshot matching, with operator tags as they are now. */
  count: Count,
  /** Members in the snapshot. */
  members: Count,
  /** The first matches in member order (at most 20). */
  sample: z.array(SampleMember),
})
export type SegmentPreviewResult = z.infer<typeof SegmentPreviewResult>

export const InsightAdminApi = {
  insight: { input: Empty, output: InsightOverview },
  memberInsight: { input: z.object({ memberId: MemberId }), output: MemberInsightResult },
  tagMember: { input: TagMemberInput, output: TagMemberResult },
  memberTags: { input: Empty, output: MemberTagsResult },
  segments: { input: Empty, output: z.object({ segments: z.array(SegmentView) }) },
  saveSegment: { input: SaveSegmentInput, output: SegmentView },
  deleteSegment: { input: DeleteSegmentInput, output: z.object({ id: z.string(), deleted: z.literal(true) }) },
  segmentPreview: { input: SegmentPreviewInput, output: SegmentPreviewResult },
} as const
