import * as z from '../zod'
import { TemplateId } from '../coupon/schemas'
import { Copy } from './copy'

/**
 * Campaigns (issue 9): a message, an SMS or a reward sent once to each member of a saved segment,
 * with copy that varies per member, optionally holding a control group back. The admin function's
 * inputs and views; the stored document is `_lib/campaigns.ts`'s CampaignRecord.
 */

/** The member pages a message may open (the mini-program's own; a campaign's adds `c=<campaignId>`). */
export const MEMBER_PAGES = {
  'pages/card/index': '会员卡',
  'pages/coupons/index': '我的优惠券',
  'pages/points/index': '我的积分',
  'pages/tier/index': '会员等级',
  'pages/signin/index': '每日签到',
  'pages/invite/index': '邀请好友',
  'mall/index/index': '积分商城',
} as const
export const MemberPage = z.enum(Object.keys(MEMBER_PAGES) as [keyof typeof MEMBER_PAGES, ...Array<keyof typeof MEMBER_PAGES>], { error: '请选择消息打开的页面' })
export type MemberPage = z.infer<typeof MemberPage>

/**
 * `subscribe`: a WeChat subscribe message where the member opted in, else an SMS where they agreed
 * to SMS; `sms`: SMS only.
 */
export const Channel = z.enum(['subscribe', 'sms'])
export type Channel = z.infer<typeof Channel>
export const channelsOf = (c: Channel): Array<'subscribe' | 'sms'> => (c === 'sms' ? ['sms'] : ['subscribe', 'sms'])

/** The subscribe template promotions use (the messaging settings map it to a WeChat template). */
export const PROMOTION_TEMPLATE = 'member-benefit'

/** A coupon and/or bonus points, once per member. */
export const Reward = z
  .object({
    couponTemplateId: TemplateId.nullable().default(null),
    points: z.number({ error: '请输入积分数' }).int('积分必须是整数').min(0).max(100_000, '一次最多赠送 10 万积分').default(0),
    /** The bonus points stay usable this many days. */
    pointsValidDays: z.number().int().min(1).max(3660).default(365),
  })
  .strict()
export type Reward = z.infer<typeof Reward>
export const hasReward = (r: Reward | null | undefined): r is Reward => !!r && (r.couponTemplateId !== null || r.points > 0)

export const CampaignKind = z.enum(['message', 'reward'])
export type CampaignKind = z.infer<typeof CampaignKind>

/** What the operator edits; saved as a draft until sent. */
export const CampaignDraft = z
  .object({
    name: z.string({ error: '请填写活动名称' }).trim().min(1, '请填写活动名称').max(40, '活动名称最多 40 个字'),
    segmentId: z.string({ error: '请选择发送人群' }).min(1, '请选择发送人群').max(64),
    kind: CampaignKind,
    channel: Channel.default('subscribe'),
    /** `reward` only: the coupon and/or points. */
    reward: Reward.nullable().default(null),
    /** `reward` only: also tell the member in a message (a `message` campaign always sends one). */
    notify: z.boolean().default(true),
    copy: Copy,
    page: MemberPage.default('pages/card/index'),
    /** Held back and sent nothing, to measure against (0: no control group). */
    controlPercent: z.number().int('对照组比例必须是整数').min(0).max(50, '对照组最多 50%').default(0),
    /** Sales are counted this many days from the start of sending. */
    windowDays: z.number().int().min(1).max(90, '统计窗口最多 90 天').default(14),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.kind === 'reward' && !hasReward(d.reward)) ctx.addIssue({ code: 'custom', path: ['reward'], message: '奖励活动需要选择优惠券或填写赠送积分' })
    if (d.kind === 'message' && hasReward(d.reward)) ctx.addIssue({ code: 'custom', path: ['reward'], message: '消息活动不发奖励：请改为奖励活动' })
  })
export type CampaignDraft = z.infer<typeof CampaignDraft>
export type CampaignDraftInput = z.input<typeof CampaignDraft>

/** Whether the campaign sends a message at all. */
export const sendsMessage = (d: Pick<CampaignDraft, 'kind' | 'notify'>) => d.kind === 'message' || d.notify

export const CampaignStatus = z.enum(['draft', 'sending', 'sent', 'cancelled'])
export type CampaignStatus = z.infer<typeof CampaignStatus>

const CampaignId = z.string().min(1).max(64)

// ---- inputs

export const CampaignIdInput = z.object({ campaignId: CampaignId })
export const SaveCampaignInput = z.object({ campaignId: CampaignId.optional(), campaign: CampaignDraft })
export const CampaignPreviewInput = z
  .object({
    /** A saved campaign (a sending one previews its frozen audience) … */
    campaignId: CampaignId.optional(),
    /** … or the editor's unsaved draft (of that campaign, when both are given). */
    campaign: CampaignDraft.optional(),
    limit: z.number().int().min(1).max(20).default(5),
  })
  .refine((i) => i.campaignId !== undefined || i.campaign !== undefined, '请给出活动编号或活动内容')
export const CampaignReportInput = z.object({ campaignId: CampaignId, refresh: z.boolean().default(false) })

// ---- outputs

export const CampaignProgress = z.object({
  /** Members of the audience reached so far, treated and held back. */
  members: z.number().int(),
  treated: z.number().int(),
  control: z.number().int(),
  /** Outcomes as the sending steps saw them (the report counts them from the records). */
  sent: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  rewarded: z.number().int(),
  /** 0–100. */
  percent: z.number().int(),
})
export type CampaignProgress = z.infer<typeof CampaignProgress>

export const CampaignView = z.object({
  campaignId: z.string(),
  status: CampaignStatus,
  draft: CampaignDraft,
  segmentName: z.string(),
  /** The insight run the audience was frozen from (null until sending starts). */
  asOf: z.string().nullable(),
  /** The segment's size when sending started. */
  estimate: z.number().int().nullable(),
  progress: CampaignProgress,
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  by: z.string().nullable(),
})
export type CampaignView = z.infer<typeof CampaignView>
export const CampaignsResult = z.object({ campaigns: z.array(CampaignView) })

export const PreviewSample = z.object({
  memberId: z.string(),
  memberNo: z.string(),
  name: z.string(),
  group: z.enum(['treated', 'control']),
  /** The text exactly as this member would read it (null: held back, or a reward without a message). */
  text: z.string().nullable(),
  /** Which variant gave the text (null: the default text). */
  variant: z.number().int().nullable(),
  /** The channel the message would go by if sent now, or why it would not go (null: no message). */
  channel: Channel.nullable(),
  skip: z.enum(['capped', 'no_consent', 'unclaimed']).nullable(),
})
export const CampaignPreviewResult = z.object({
  /** The insight run sampled from. */
  asOf: z.string(),
  samples: z.array(PreviewSample),
  /** The reward as the member reads it ('满100减20券 + 200 积分'), or null. */
  reward: z.string().nullable(),
})
export type CampaignPreviewResult = z.infer<typeof CampaignPreviewResult>

const FractionView = z.object({ numerator: z.number().int(), denominator: z.number().int(), percent: z.number().nullable() })
const GroupView = z.object({
  members: z.number().int(),
  buyers: z.number().int(),
  orders: z.number().int(),
  salesFen: z.number().int(),
  perMemberFen: z.number().int(),
  conversion: FractionView,
})
export const CampaignReportResult = z.object({
  campaignId: z.string(),
  /** False while the figures are still being counted: ask again to go on. */
  complete: z.boolean(),
  /** How far the count is, 0–100. */
  percent: z.number().int(),
  computedAt: z.string().nullable(),
  /** Sales are counted from `from` to `to` (ISO); `open` while `to` is still ahead. */
  window: z.object({ from: z.string(), to: z.string(), open: z.boolean() }),
  treated: GroupView,
  control: GroupView.nullable(),
  uplift: z
    .object({ perMemberFen: z.number().int(), incrementalFen: z.number().int(), relativePercent: z.number().nullable(), conversionPoints: z.number() })
    .nullable(),
  sends: z.object({
    sent: z.number().int(),
    subscribe: z.number().int(),
    sms: z.number().int(),
    skippedTotal: z.number().int(),
    skipped: z.record(z.string(), z.number().int()),
    failed: z.number().int(),
    none: z.number().int(),
    opened: z.number().int(),
    openRate: FractionView,
  }),
  rewards: z.object({
    couponsIssued: z.number().int(),
    couponsUsed: z.number().int(),
    redemption: FractionView,
    pointsMembers: z.number().int(),
    points: z.number().int(),
  }),
})
export type CampaignReportResult = z.infer<typeof CampaignReportResult>

// ---- journeys

/** One message of a journey, as `message_sends` logged it. */
export const JourneySend = z.object({
  at: z.string(),
  memberId: z.string(),
  status: z.string(),
  channel: z.string().nullable(),
  reason: z.string().nullable(),
  text: z.string(),
})
export const JourneyView = z.object({
  key: z.enum(['welcome', 'birthday', 'winBack', 'pointsExpiry', 'tierAtRisk']),
  name: z.string(),
  enabled: z.boolean(),
  /** Who gets it and when, in words. */
  rule: z.string(),
  /** Where it is set up (the 自动旅程 page itself, or another settings page). */
  settings: z.string(),
  /** The journeys job's last run of it (null: never ran, or a reminder job of its own). */
  lastRun: z
    .object({ day: z.string(), members: z.number().int(), sent: z.number().int(), skipped: z.number().int(), failed: z.number().int(), rewarded: z.number().int(), complete: z.boolean() })
    .nullable(),
  recent: z.array(JourneySend),
})
export type JourneyView = z.infer<typeof JourneyView>
export const JourneysResult = z.object({ today: z.string(), journeys: z.array(JourneyView) })
