import type { CampaignStatus } from '../../../shared/marketing/schemas'

export { LIFECYCLE } from '../segments/labels'

/** Words the campaign and journey pages show for the values they read. */
export const STATUS: Record<CampaignStatus, [string, string]> = {
  draft: ['草稿', 'default'],
  sending: ['发送中', 'processing'],
  sent: ['已发送', 'success'],
  cancelled: ['已取消', 'warning'],
}

export const GENDER: Record<string, string> = { male: '男', female: '女', unknown: '未填写' }
export const CHANNEL: Record<string, string> = { subscribe: '订阅消息（无授权时改发短信）', sms: '仅短信' }
export const SENT_BY: Record<string, string> = { subscribe: '订阅消息', sms: '短信' }
export const SKIP: Record<string, string> = {
  no_consent: '未授权',
  capped: '超过频次上限',
  unclaimed: '未激活的导入会员',
  no_member: '会员不存在',
  other: '其他',
}
export const SEND_STATUS: Record<string, string> = { sent: '已发送', skipped: '未发送', failed: '发送失败', sending: '发送中' }
