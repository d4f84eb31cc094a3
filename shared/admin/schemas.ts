import * as z from '../zod'
import { StaffRole, StoreId } from '../staff/schemas'

/**
 * The merchant console's function (`admin`): its inputs, validated by the handlers, and the views it
 * answers with. Settings and catalogue values are validated by each kind's own schema (the same one
 * the functions read them with), so those inputs arrive here as `unknown`.
 */

export const Username = z
  .string({ error: '请输入用户名' })
  .trim()
  .regex(/^[a-zA-Z0-9_.@-]{3,64}$/, '用户名为 3 至 64 个字母、数字或 _ . @ -')
export const Password = z.string({ error: '请输入密码' }).min(8, '密码至少 8 位').max(128, '密码最多 128 位')

export const LoginInput = z.object({ username: Username, password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128) })

export const StoreRow = z.object({
  id: z.string(),
  name: z.string(),
  /** The mall operator this store is a tenant of (null: a stand-alone store). */
  mallId: z.string().nullable(),
})
export type StoreRow = z.infer<typeof StoreRow>

/** Who is signed in to the console, and the stores they see (a manager their own, an admin all). */
export const OperatorView = z.object({
  openid: z.string(),
  name: z.string().nullable(),
  role: StaffRole,
  storeId: z.string(),
  /** True for admins: programme-wide settings are theirs alone. */
  allStores: z.boolean(),
  stores: z.array(StoreRow),
})
export type OperatorView = z.infer<typeof OperatorView>

export const LoginResult = z.object({ token: z.string(), expiresAt: z.string(), operator: OperatorView })
export const Done = z.object({ done: z.literal(true) })

/** Programme settings held in one `config` document each. */
export const SettingsKind = z.enum(['earning', 'signin', 'invite', 'finance', 'insight', 'messaging', 'journeys'])
export type SettingsKind = z.infer<typeof SettingsKind>
export const SettingsInput = z.object({ kind: SettingsKind })
export const SaveSettingsInput = z.object({ kind: SettingsKind, value: z.unknown() })
export const SettingsResult = z.object({ kind: SettingsKind, value: z.unknown(), saved: z.boolean() })

/** Lists of things, one document each. */
export const CatalogueKind = z.enum(['coupons', 'items', 'wheels', 'campaigns', 'stores', 'staff'])
export type CatalogueKind = z.infer<typeof CatalogueKind>
export const CatalogueInput = z.object({ kind: CatalogueKind })
export const CatalogueResult = z.object({ kind: CatalogueKind, rows: z.array(z.record(z.string(), z.unknown())) })
export const SaveCatalogueInput = z.object({ kind: CatalogueKind, value: z.unknown() })
export const SaveCatalogueResult = z.object({ kind: CatalogueKind, id: z.string(), created: z.boolean() })

export const RestockInput = z.object({
  itemId: z.string().min(1).max(64),
  /** Signed: positive adds units, negative takes unsold units away. */
  units: z.number().int().refine((n) => n !== 0, '数量不能为 0').pipe(z.number().min(-1_000_000).max(1_000_000)),
  flash: z.boolean().default(false),
})
export const RestockResult = z.object({ itemId: z.string(), stock: z.number().int(), flash: z.boolean() })

/** Tier programme: a proposed version's dry run (a preview run in steps), and publishing it. */
export const TierPlanInput = z.object({ programme: z.unknown() })
export const TierPlanStepInput = z.object({ planId: z.string().min(1).max(64) })
export const TierPublishInput = z.object({ programme: z.unknown() })
const VersionRef = z.object({ version: z.string(), effectiveFrom: z.string() })
export const TierPublishResult = z.object({ today: z.string(), current: VersionRef, proposed: VersionRef })
export const TierPlanResult = z.object({
  planId: z.string(),
  /** `running`: the figures so far; call tierPlanStep until `done`. */
  status: z.enum(['running', 'done']),
  today: z.string(),
  current: VersionRef,
  proposed: VersionRef,
  basePointsPerFen: z.number(),
  /** Members counted so far; the insight snapshot's member count (null without one); percent (null without an estimate). */
  progress: z.object({ counted: z.number().int(), estimate: z.number().int().nullable(), percent: z.number().int().min(0).max(100).nullable() }),
  dryRun: z.object({
    members: z.number().int(),
    before: z.record(z.string(), z.number().int()),
    after: z.record(z.string(), z.number().int()),
    up: z.number().int(),
    down: z.number().int(),
    same: z.number().int(),
    costBeforeFen: z.number().int(),
    costAfterFen: z.number().int(),
  }),
})
export const TierConfigResult = z.object({ versions: z.array(z.unknown()), today: z.string(), inForce: z.string() })

/** Uploads (item pictures, import files) come in chunks of at most 512 KB each, base64. */
export const UploadInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** Absent on the first chunk; then the id the first chunk answered with. */
  uploadId: z.string().max(64).optional(),
  index: z.number().int().min(0).max(10_000),
  data: z.string().max(700_000),
  last: z.boolean(),
})
export const UploadResult = z.object({
  uploadId: z.string(),
  received: z.number().int(),
  /** Set once the last chunk arrived: what import and item pictures refer to. */
  fileId: z.string().nullable(),
  /** A URL the browser can show (pictures). */
  url: z.string().nullable(),
})

/** The record of operator changes. */
export const ChangesInput = z.object({
  kind: z.string().max(40).optional(),
  targetId: z.string().max(128).optional(),
  cursor: z.string().max(200).optional(),
})
export const ChangeView = z.object({
  id: z.string(),
  at: z.string(),
  by: z.object({ openid: z.string(), name: z.string().nullable(), role: z.string() }),
  kind: z.string(),
  targetId: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
})
export type ChangeView = z.infer<typeof ChangeView>
export const ChangesResult = z.object({ changes: z.array(ChangeView), nextCursor: z.string().nullable() })

/** Members. */
export const SearchMembersInput = z.object({ q: z.string().trim().min(1, '请输入手机号、昵称或会员号').max(64) })
export const MemberRow = z.object({
  memberId: z.string(),
  memberNo: z.string(),
  phone: z.string(),
  nickname: z.string().nullable(),
  tier: z.object({ id: z.string(), name: z.object({ zh: z.string(), en: z.string() }) }),
  balance: z.number().int(),
  registeredAt: z.string(),
})
export type MemberRow = z.infer<typeof MemberRow>
export const SearchMembersResult = z.object({ members: z.array(MemberRow), more: z.boolean() })

export const MemberInput = z.object({ memberId: z.string().min(1).max(64) })
export const MemberDetail = z.object({
  member: MemberRow.extend({
    birthday: z.string().nullable(),
    gender: z.string(),
    region: z.array(z.string()),
    /** Imported and not yet opened in the mini-program. */
    claimed: z.boolean(),
  }),
  tier: z.object({
    levelId: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    reviewOn: z.string().nullable(),
    manual: z.object({ levelId: z.string(), kind: z.string(), reason: z.string() }).nullable(),
    levels: z.array(z.object({ id: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })),
  }),
  account: z.object({
    balance: z.number().int(),
    spendable: z.number().int(),
    pending: z.number().int(),
    shortfall: z.number().int(),
    lots: z.array(z.object({ id: z.string(), points: z.number().int(), remaining: z.number().int(), expiresOn: z.string(), availableOn: z.string().nullable() })),
  }),
  coupons: z.array(z.object({ code: z.string(), title: z.string(), status: z.string(), validUntil: z.string().nullable() })),
  orders: z.array(z.object({ code: z.string(), title: z.string(), status: z.string(), points: z.number().int(), createdAt: z.string() })),
})
export type MemberDetail = z.infer<typeof MemberDetail>

export const TimelineInput = z.object({ memberId: z.string().min(1).max(64), cursor: z.string().max(200).optional() })
export const TimelineEvent = z.object({
  at: z.string(),
  /** points | coupon | order | tier | signin | game | invite | profile | operator */
  kind: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  points: z.number().int().nullable(),
  storeId: z.string().nullable(),
  by: z.string().nullable(),
})
export type TimelineEvent = z.infer<typeof TimelineEvent>
export const TimelineResult = z.object({ events: z.array(TimelineEvent), nextCursor: z.string().nullable() })

const Reason = z.string({ error: '请填写原因' }).trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因最多 200 个字')
const RequestId = z.string().regex(/^[\w-]{8,64}$/, 'requestId 应为 8 至 64 个字母、数字、_ 或 -')

export const AdjustPointsInput = z.object({
  memberId: z.string().min(1).max(64),
  points: z
    .number({ error: '请输入积分数' })
    .int('积分必须是整数')
    .refine((n) => n !== 0, '积分不能为 0')
    .pipe(z.number().min(-10_000_000, '一次最多调整 1000 万积分').max(10_000_000, '一次最多调整 1000 万积分')),
  reason: Reason,
  /** The console makes one per form: a retried submit adjusts once. */
  requestId: RequestId,
})
export const AdjustPointsResult = z.object({ entryId: z.string(), balance: z.number().int(), repeated: z.boolean() })

export const GrantTierInput = z.object({
  memberId: z.string().min(1).max(64),
  levelId: z.string().min(1).max(64),
  kind: z.enum(['floor', 'untilReview']),
  reason: Reason,
})
export const GrantTierResult = z.object({ from: z.string(), levelId: z.string(), reviewOn: z.string().nullable() })

export const IssueCouponInput = z.object({
  memberId: z.string().min(1).max(64),
  templateId: z.string().min(1).max(64),
  count: z.number().int().min(1).max(100).default(1),
  reason: Reason,
  requestId: RequestId,
})
export const IssueCouponResult = z.object({ codes: z.array(z.string()), repeated: z.boolean() })

/** Finance reports (shared/finance): one name each; the CLI's `report <name>` answers the same. */
export const ReportName = z.enum(['liability', 'points', 'redemption', 'cost', 'coupons', 'tiers', 'settlement'])
export type ReportName = z.infer<typeof ReportName>
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM')
export const ReportInput = z.object({
  name: ReportName,
  from: Month.optional(),
  to: Month.optional(),
  storeId: StoreId.optional(),
  mallId: z.string().max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
})
export const ReportResult = z.object({ name: ReportName, data: z.unknown(), csv: z.string().nullable(), filename: z.string() })

/** Bulk import of existing members (CSV or XLSX), run a slice at a time so no call times out. */
export const ImportStartInput = z.object({ fileId: z.string().min(1).max(200), dryRun: z.boolean() })
export const ImportJobInput = z.object({ jobId: z.string().min(1).max(64) })
export const ImportJobView = z.object({
  jobId: z.string(),
  fileName: z.string(),
  dryRun: z.boolean(),
  status: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  /** The first errors, row by row (all of them in `importErrors`). */
  errors: z.array(z.object({ row: z.number().int(), field: z.string().nullable(), message: z.string() })),
  startedAt: z.string(),
  updatedAt: z.string(),
  message: z.string().nullable(),
})
export type ImportJobView = z.infer<typeof ImportJobView>
export const ImportsResult = z.object({ jobs: z.array(ImportJobView) })
export const ImportErrorsResult = z.object({ csv: z.string(), filename: z.string() })

/** Exports page through a collection: each page is CSV lines, the first page with the header. */
export const ExportInput = z.object({ kind: z.enum(['members', 'ledger']), cursor: z.string().max(200).optional() })
export const ExportResult = z.object({ csv: z.string(), rows: z.number().int(), nextCursor: z.string().nullable() })
