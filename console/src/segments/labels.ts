import type { Lifecycle } from '../../../shared/insight/rfm'
import type { Channel } from '../../../shared/insight/preference'

/** How the console names insight values. */
export const LIFECYCLE: Record<Lifecycle, string> = { new: '新会员', active: '活跃', at_risk: '流失风险', dormant: '沉睡' }
export const LIFECYCLE_COLOR: Record<Lifecycle, string> = { new: 'blue', active: 'green', at_risk: 'orange', dormant: 'default' }
export const CHANNEL: Record<Channel, string> = { till: '门店消费', mall: '积分商城', play: '签到与游戏', invite: '邀请好友' }
