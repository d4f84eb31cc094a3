import * as z from './zod'
import * as M from './member/schemas'
import * as S from './staff/schemas'
import * as P from './points/schemas'
import * as T from './tier/schemas'
import * as C from './coupon/schemas'
import * as K from './mall/schemas'
import * as G from './signin/schemas'
import * as W from './game/schemas'
import * as H from './share/schemas'
import * as A from './admin/schemas'
import { InsightAdminApi } from './insight/api'
import { CampaignAdminApi } from './marketing/api'
import { WebhookAdminApi } from './webhooks/api'
import { ConsentMemberApi } from './messaging/api'

/**
 * The public surface: each cloud function's actions with their input and output schemas.
 * The mini-program's service module types its calls from this; the handlers parse with the
 * same input schemas; docs/api.md documents it (a test keeps the two in step).
 */
export const Api = {
  member: {
    sendCode: { input: M.SendCodeInput, output: M.SendCodeResult },
    register: { input: M.RegisterInput, output: M.RegisterResult },
    registerWithWeChatPhone: { input: M.RegisterWithWeChatPhoneInput, output: M.RegisterResult },
    me: { input: M.Empty, output: M.MemberView },
    code: { input: M.Empty, output: M.MemberCodeResult },
    updateProfile: { input: M.UpdateProfileInput, output: M.MemberView },
    ...ConsentMemberApi,
  },
  staff: {
    me: { input: M.Empty, output: S.StaffView },
    lookup: { input: S.LookupInput, output: S.TillMemberView },
    accrue: { input: S.AccrueInput, output: S.AccrueResult },
    refund: { input: S.RefundInput, output: S.RefundResult },
    approvals: { input: S.ApprovalsInput, output: S.ApprovalsResult },
    approve: { input: S.ApproveInput, output: S.AccrueResult },
    reject: { input: S.RejectInput, output: S.ApprovalView },
    anomalies: { input: S.AnomaliesInput, output: S.AnomaliesResult },
    checkCoupon: { input: C.WriteOffInput, output: C.CheckCouponResult },
    writeOff: { input: C.WriteOffInput, output: C.WriteOffResult },
    undoWriteOff: { input: C.UndoWriteOffInput, output: C.UndoWriteOffResult },
    checkOrder: { input: K.CancelInput, output: K.CheckOrderResult },
    fulfil: { input: K.FulfilInput, output: K.FulfilResult },
  },
  points: {
    summary: { input: M.Empty, output: P.PointsSummary },
    history: { input: P.HistoryInput, output: P.HistoryResult },
  },
  tier: {
    status: { input: M.Empty, output: T.TierStatusView },
    whatIf: { input: T.WhatIfInput, output: T.WhatIfResult },
  },
  coupon: {
    list: { input: C.CouponListInput, output: C.CouponListResult },
    claimable: { input: M.Empty, output: C.ClaimableResult },
    claim: { input: C.ClaimInput, output: C.ClaimResult },
  },
  mall: {
    items: { input: K.ItemsInput, output: K.ItemsResult },
    item: { input: K.ItemInput, output: K.ItemDetailResult },
    redeem: { input: K.RedeemInput, output: K.RedeemResult },
    orders: { input: K.OrdersInput, output: K.OrdersResult },
    cancel: { input: K.CancelInput, output: K.CancelResult },
  },
  signin: {
    checkIn: { input: M.Empty, output: G.CheckInResult },
    calendar: { input: G.CalendarInput, output: G.CalendarResult },
  },
  game: {
    wheel: { input: W.WheelInputArgs, output: W.WheelView },
    spin: { input: W.WheelInputArgs, output: W.SpinResult },
    set: { input: W.CampaignArgs, output: W.SetView },
    draw: { input: W.CampaignArgs, output: W.DrawResult },
    shareDraw: { input: W.CampaignArgs, output: W.SetView },
    claim: { input: W.ClaimArgs, output: W.ClaimResult },
  },
  share: {
    invite: { input: M.Empty, output: H.InviteResult },
    stats: { input: M.Empty, output: H.StatsResult },
  },
  admin: {
    login: { input: A.LoginInput, output: A.LoginResult },
    logout: { input: M.Empty, output: A.Done },
    me: { input: M.Empty, output: A.OperatorView },
    settings: { input: A.SettingsInput, output: A.SettingsResult },
    saveSettings: { input: A.SaveSettingsInput, output: A.SettingsResult },
    tiers: { input: M.Empty, output: A.TierConfigResult },
    tierPlan: { input: A.TierPlanInput, output: A.TierPlanResult },
    tierPlanStep: { input: A.TierPlanStepInput, output: A.TierPlanResult },
    tierPublish: { input: A.TierPublishInput, output: A.TierPublishResult },
    catalogue: { input: A.CatalogueInput, output: A.CatalogueResult },
    saveCatalogue: { input: A.SaveCatalogueInput, output: A.SaveCatalogueResult },
    restock: { input: A.RestockInput, output: A.RestockResult },
    upload: { input: A.UploadInput, output: A.UploadResult },
    changes: { input: A.ChangesInput, output: A.ChangesResult },
    searchMembers: { input: A.SearchMembersInput, output: A.SearchMembersResult },
    member: { input: A.MemberInput, output: A.MemberDetail },
    timeline: { input: A.TimelineInput, output: A.TimelineResult },
    adjustPoints: { input: A.AdjustPointsInput, output: A.AdjustPointsResult },
    grantTier: { input: A.GrantTierInput, output: A.GrantTierResult },
    issueCoupon: { input: A.IssueCouponInput, output: A.IssueCouponResult },
    report: { input: A.ReportInput, output: A.ReportResult },
    importStart: { input: A.ImportStartInput, output: A.ImportJobView },
    importStep: { input: A.ImportJobInput, output: A.ImportJobView },
    imports: { input: M.Empty, output: A.ImportsResult },
    importErrors: { input: A.ImportJobInput, output: A.ImportErrorsResult },
    exportPage: { input: A.ExportInput, output: A.ExportResult },
    ...InsightAdminApi,
    ...CampaignAdminApi,
    ...WebhookAdminApi,
  },
} as const

export type Api = typeof Api
export type FunctionName = keyof Api
export type ActionName<F extends FunctionName> = keyof Api[F] & string
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { input: infer I extends z.ZodTypeAny }
  ? z.input<I>
  : never
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { output: infer O extends z.ZodTypeAny }
  ? z.infer<O>
  : never
