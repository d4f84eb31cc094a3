import * as z from './zod'

/**
 * Every failure code a function can return, with the Chinese message shown when the
 * handler has nothing more specific to say. Codes are public API: never rename one.
 */
export const ErrorMessages = {
  // transport and envelope
  BAD_JSON: '请求体不是合法的 JSON',
  UNKNOWN_FUNCTION: '没有这个云函数',
  UNKNOWN_ACTION: '没有这个操作',
  UNKNOWN_JOB: '没有这个任务',
  INVALID_INPUT: '输入有误，请检查后重试',
  UNAUTHENTICATED: '无法识别您的身份，请在微信中打开',
  FORBIDDEN: '您没有权限执行此操作',
  NOT_FOUND: '找不到该资源',
  INTERNAL: '系统繁忙，请稍后再试',
  // phone verification
  SMS_TOO_FREQUENT: '验证码发送太频繁，请 60 秒后再试',
  SMS_DAILY_LIMIT: '今天的验证码发送次数已用完，请明天再试',
  SMS_CODE_WRONG: '验证码不正确',
  SMS_CODE_EXPIRED: '验证码已过期，请重新获取',
  SMS_CODE_LOCKED: '验证码错误次数过多，请重新获取',
  SMS_CODE_MISSING: '请先获取验证码',
  SMS_SEND_FAILED: '短信发送失败，请稍后再试',
  WECHAT_PHONE_FAILED: '获取微信手机号失败，请改用短信验证',
  // membership
  NOT_REGISTERED: '您还不是会员，请先注册',
  PHONE_TAKEN: '该手机号已绑定其他微信账号',
  ALREADY_REGISTERED: '您已用其他手机号注册为会员',
  PRIVACY_REQUIRED: '请先阅读并同意隐私政策',
  // the till (staff)
  NOT_STAFF: '您不是店员，无法使用店员功能',
  STORE_MISMATCH: '不能操作其他门店的数据',
  MEMBER_CODE_INVALID: '会员码无效，请让会员重新出示',
  MEMBER_CODE_EXPIRED: '会员码已过期，请让会员刷新后重新出示',
  MEMBER_CODE_USED: '该会员码已用于另一笔订单，请让会员刷新后重新出示',
  MEMBER_NOT_FOUND: '找不到该会员',
  ORDER_NOT_FOUND: '本店没有这笔订单的积分记录',
  ORDER_MEMBER_MISMATCH: '该订单号已为其他会员或其他金额积分',
  ORDER_NOT_CREDITED: '该订单的积分尚未入账（等待审批或已驳回）',
  REFUND_EXCEEDS_ORDER: '退款金额超过订单剩余可退金额',
  REFUND_ID_REUSED: '该退款单号已用于不同金额的退款',
  SELF_CREDIT_FORBIDDEN: '不能为自己的会员账户积分',
  APPROVAL_NOT_FOUND: '找不到该审批单',
  APPROVAL_DECIDED: '该审批单已处理',
  // points
  INSUFFICIENT_POINTS: '可用积分不足',
  // coupons
  TEMPLATE_NOT_FOUND: '找不到该优惠券',
  COUPON_UNAVAILABLE: '该优惠券已停止发放',
  COUPON_NOT_FOUND: '券码无效，请核对后重试',
  COUPON_USED: '该券已使用',
  COUPON_EXPIRED: '该券已过期',
  COUPON_NOT_STARTED: '该券还未到使用时间',
  COUPON_NOT_ACCEPTED: '该券不适用于本店',
  COUPON_NOT_USED: '该券没有可撤销的核销记录',
  UNDO_WINDOW_PASSED: '已超过可撤销时间（核销后 10 分钟内）',
  // the points mall (also coupon claims: stock is their total cap, limit their per-member cap)
  ITEM_NOT_FOUND: '找不到该商品',
  NOT_ON_SALE: '该商品暂未开放兑换',
  OUT_OF_STOCK: '已兑完',
  LIMIT_REACHED: '已达到每人限兑数量',
  QUANTITY_TOO_LARGE: '超过单次可兑换数量',
  ADDRESS_REQUIRED: '请填写收货地址',
  REQUEST_ID_REUSED: '该请求编号已用于另一笔兑换',
  MALL_ORDER_NOT_FOUND: '找不到该兑换订单',
  ORDER_FULFILLED: '该订单已提货',
  ORDER_CLOSED: '该订单已取消或已过期',
  ORDER_NOT_CANCELLABLE: '该订单已完成，不能取消',
  // games
  GAME_NOT_FOUND: '找不到该活动',
  GAME_CLOSED: '活动未开始或已结束',
  SPIN_LIMIT_REACHED: '今天的抽奖次数已用完，明天再来吧',
  REWARD_TIER_NOT_FOUND: '没有这个奖励档位',
  NOT_ENOUGH_CARDS: '集到的不同卡片还不够',
  ALREADY_CLAIMED: '这一档奖励已经领过了',
  // the merchant console
  NOT_OPERATOR: '只有店长或管理员可以登录管理后台',
  LOGIN_FAILED: '用户名或密码不正确',
  LOGIN_LOCKED: '密码错误次数过多，请 15 分钟后再试',
  SESSION_EXPIRED: '登录已过期，请重新登录',
  UPLOAD_NOT_FOUND: '找不到该上传文件，请重新上传',
  UPLOAD_TOO_LARGE: '文件过大（最大 20 MB）',
  IMPORT_NOT_FOUND: '找不到该导入任务',
  IMPORT_FILE_INVALID: '无法读取该文件：请上传 CSV 或 XLSX 表格',
  VERSION_EXISTS: '该版本号已存在，请换一个',
  TIER_PLAN_NOT_FOUND: '找不到该试算，请重新试算',
  REPORT_NOT_PER_STORE: '该报表不分门店统计，只有管理员可以查看全部门店的数据',
  LEVEL_NOT_FOUND: '会员等级方案中没有这个等级',
  // insight and segments (issue 9)
  INSIGHT_NOT_READY: '会员洞察尚未生成：请等夜间任务运行一次（本地可在开发工具中立即运行）',
  SEGMENT_NOT_FOUND: '找不到该人群',
  // campaigns and journeys (issue 9)
  CAMPAIGN_NOT_FOUND: '找不到该营销活动',
  CAMPAIGN_NOT_EDITABLE: '该活动已开始发送，不能再修改',
  CAMPAIGN_NOT_SENDING: '该活动不在发送中',
  // messages and consent (issue 9)
  CONSENT_TEMPLATE_UNKNOWN: '没有这个订阅消息模板',
  // webhooks (issue 9)
  WEBHOOK_NOT_FOUND: '找不到该 Webhook',
  WEBHOOK_URL_INVALID: 'Webhook 地址必须是 http 或 https 网址',
  WEBHOOK_DELIVERY_NOT_FOUND: '找不到该投递记录',
} as const

export type ErrorCode = keyof typeof ErrorMessages

export const ErrorCode = z.enum(Object.keys(ErrorMessages) as [ErrorCode, ...ErrorCode[]])

/** `field` (dotted path) is set on INVALID_INPUT when one input field is at fault. */
export type AppError = { code: ErrorCode; message: string; field?: string }
export type Ok<T> = { ok: true; data: T }
export type Fail = { ok: false; error: AppError }
export type Result<T> = Ok<T> | Fail

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data })

/** An expected failure as a value. `message` defaults to the code's Chinese text. */
export const fail = (code: ErrorCode, message?: string, field?: string): Fail => {
  const error: AppError = { code, message: message ?? ErrorMessages[code] }
  if (field !== undefined) error.field = field
  return { ok: false, error }
}

export const isErrorCode = (s: unknown): s is ErrorCode =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(ErrorMessages, s)

/** The envelope a client receives, for parsing responses with a data schema. */
export const Envelope = <T extends z.ZodTypeAny>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) }),
  ])
