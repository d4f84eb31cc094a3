import { shanghaiDay } from '../../shared/day'
import { ok } from '../../shared/errors'
import type { JourneyKey } from '../../shared/marketing/journeys'
import type { JourneyView } from '../../shared/marketing/schemas'
import type { MessageKind } from '../../shared/messaging/kinds'
import { programmeOn } from '../../shared/tier/programme'
import type { Database } from '../_lib/deps'
import { loadJourneyState } from '../_lib/journeys'
import { loadEarningRules } from '../_lib/ledger'
import { MESSAGE_SENDS, type MessageSend } from '../_lib/messaging'
import { authorizeOperator } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { loadSettings } from '../_lib/settings'
import { loadTierConfig } from '../_lib/tiers'

const RECENT = 8

/** The latest messages of one kind, newest first. */
async function recentSends(db: Database, kind: MessageKind): Promise<JourneyView['recent']> {
  const res = await db.collection(MESSAGE_SENDS).where({ kind }).orderBy('at', 'desc').limit(RECENT).get()
  return (res.data as MessageSend[]).map((s) => ({
    at: new Date(s.sentAt ?? s.at).toISOString(),
    memberId: s.memberId,
    status: s.status,
    channel: s.channel,
    reason: s.reason,
    text: s.text,
  }))
}

async function lastRun(db: Database, key: JourneyKey): Promise<JourneyView['lastRun']> {
  const s = await loadJourneyState(db, key)
  return s ? { day: s.day, ...s.counts, complete: s.done } : null
}

/**
 * admin.journeys: the five automatic journeys with their state and latest messages. Welcome,
 * birthday and win-back are set up on the page itself (`config/journeys` through admin.saveSettings)
 * and run by the `journeys` job; the points-expiry and tier-at-risk reminders are jobs of their own,
 * set up in the earning rules and the tier programme.
 */
export const journeysHandler: Handler<'admin', 'journeys'> = async (_input, ctx) => {
  const auth = await authorizeOperator(ctx, 'admin')
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const today = shanghaiDay(ctx.now)
  const [config, earning, tiers] = await Promise.all([loadSettings(db, 'journeys'), loadEarningRules(db), loadTierConfig(db)])
  const warnBefore = programmeOn(tiers, today).warnDaysBefore
  const hours = `每天 ${config.sendFromHour}:00–${config.sendUntilHour}:00（北京时间）发送`
  const own = async (key: JourneyKey, kind: MessageKind, name: string, rule: string): Promise<JourneyView> => ({
    key,
    name,
    enabled: config[key].enabled,
    rule: `${rule}；${hours}`,
    settings: '本页',
    lastRun: await lastRun(db, key),
    recent: await recentSends(db, kind),
  })
  const journeys: JourneyView[] = [
    await own('welcome', 'welcome', '新会员礼包', `注册 ${config.welcome.withinDays} 天内的新会员（不含导入的老顾客），每人一次`),
    await own('birthday', 'birthday', '生日月礼遇', '生日在本月的会员，每人每年一次'),
    await own('winBack', 'win-back', '沉睡会员唤醒', '会员洞察中已沉睡的会员，每次沉睡一次'),
    {
      key: 'pointsExpiry',
      name: '积分到期提醒',
      enabled: true,
      rule: `积分在 ${earning.warningDays} 天内到期的会员，每个到期日提醒一次；每天 10:00 运行`,
      settings: '设置 → 积分规则',
      lastRun: null,
      recent: await recentSends(db, 'points-expiry'),
    },
    {
      key: 'tierAtRisk',
      name: '等级保级提醒',
      enabled: warnBefore > 0,
      rule: warnBefore > 0 ? `复核前 ${warnBefore} 天仍未达到保级条件的会员，每次复核提醒一次` : '当前等级方案未开启保级提醒',
      settings: '等级',
      lastRun: null,
      recent: await recentSends(db, 'tier-at-risk'),
    },
  ]
  return ok({ today, journeys })
}
