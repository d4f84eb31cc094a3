import type { CouponRecord } from '../coupon/coupon'
import type { MallOrderRecord } from '../mall/order'
import type { LedgerEntry } from '../points/ledger-entry'
import type { Referral } from '../share/referral'
import type { MemberTier, TierMove } from '../tier/member-tier'
import type { TimelineEvent } from './schemas'

/**
 * The console's timeline of one member: every source's records mapped to events with Chinese
 * titles, merged newest first and paged. Pure: the handler fetches a bounded, newest-first slice of
 * each source (`sourceLimit`) and this decides the page and the cursor.
 */

export const TIMELINE_PAGE = 30

/** An event with its instant (ms) and a key unique across sources, which orders events on the same instant. */
export interface TimedEvent extends TimelineEvent {
  atMs: number
  key: string
}

/**
 * Where the previous page ended: its last event, and how many events on that same instant have
 * been shown so far (a source may hold more of them than one page: expiry writes one entry per lot).
 */
export interface TimelineCursor {
  at: number
  key: string
  ties: number
}

/** `<at base 36>.<ties>.<key>`: opaque to the console, which only passes it back. */
export function encodeCursor(c: TimelineCursor): string {
  return `${c.at.toString(36)}.${c.ties}.${encodeURIComponent(c.key)}`
}

/** The cursor, or null when it is not one this function made. */
export function decodeCursor(s: string): TimelineCursor | null {
  const m = /^([0-9a-z]{1,12})\.(\d{1,4})\.(.+)$/.exec(s)
  if (!m) return null
  try {
    return { at: parseInt(m[1], 36), ties: Number(m[2]), key: decodeURIComponent(m[3]) }
  } catch {
    return null
  }
}

/**
 * How many records to read from a source, newest first, at or before the cursor's instant: a page
 * and one more (to know there is a next page), plus the events on the cursor's instant already shown
 * (they are read again and dropped here).
 */
export const sourceLimit = (cursor: TimelineCursor | null, size = TIMELINE_PAGE) => Math.min(1000, size + 1 + (cursor?.ties ?? 0))

const newestFirst = (a: TimedEvent, b: TimedEvent) => b.atMs - a.atMs || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)
const isAfter = (e: TimedEvent, c: TimelineCursor) => e.atMs < c.at || (e.atMs === c.at && e.key < c.key)

/** The page after `cursor` (the first page without one), and the cursor of the page after it. */
export function pageEvents(events: TimedEvent[], cursor: TimelineCursor | null, size = TIMELINE_PAGE): { events: TimelineEvent[]; nextCursor: string | null } {
  const rest = events.filter((e) => cursor === null || isAfter(e, cursor)).sort(newestFirst)
  const page = rest.slice(0, size)
  const last = page[page.length - 1]
  if (rest.length <= size || !last) return { events: page.map(strip), nextCursor: null }
  const tied = page.filter((e) => e.atMs === last.atMs).length + (cursor?.at === last.atMs ? cursor.ties : 0)
  return { events: page.map(strip), nextCursor: encodeCursor({ at: last.atMs, key: last.key, ties: tied }) }
}

const strip = ({ atMs, key, ...e }: TimedEvent): TimelineEvent => e

function event(at: Date | number, key: string, e: Partial<TimelineEvent> & Pick<TimelineEvent, 'kind' | 'title'>): TimedEvent {
  const atMs = typeof at === 'number' ? at : new Date(at).getTime()
  return { atMs, key, at: new Date(atMs).toISOString(), detail: null, points: null, storeId: null, by: null, ...e }
}

// ---- sources

const ENTRY_TITLES: Record<LedgerEntry['kind'], string> = { earn: '获得积分', spend: '使用积分', expire: '积分过期', reverse: '积分扣回', adjust: '人工调整积分' }

/** Ledger entries: the points themselves (every other event's points are in here too). */
export const ledgerEvents = (entries: LedgerEntry[]): TimedEvent[] =>
  entries.map((e) =>
    event(e.createdAt, `ledger:${e._id}`, {
      kind: 'points',
      // A reverse with positive points gives a cancelled redemption's points back.
      title: e.kind === 'reverse' && e.points > 0 ? '积分退回' : ENTRY_TITLES[e.kind],
      detail: e.reason,
      points: e.points,
      storeId: e.source.storeId,
      by: e.source.kind === 'staff' || e.source.kind === 'admin' ? e.source.id : null,
    }),
  )

const CHANNELS: Record<CouponRecord['channel'], string> = { claim: '领券中心', mall: '积分商城', tier: '等级礼包', campaign: '活动', operator: '后台发放' }

/** Coupons: issued, each write-off, each undoing. */
export const couponEvents = (coupons: CouponRecord[]): TimedEvent[] =>
  coupons.flatMap((c) => [
    event(c.issuedAt, `coupon:${c._id}:0`, { kind: 'coupon', title: '获得优惠券', detail: `${c.title}（${CHANNELS[c.channel]}）` }),
    ...c.writeOffs.flatMap((w, i) => [
      event(w.at, `coupon:${c._id}:${i + 1}:a`, { kind: 'coupon', title: '核销优惠券', detail: c.title, storeId: w.storeId, by: w.staffOpenid }),
      ...(w.undoneAt
        ? [event(w.undoneAt, `coupon:${c._id}:${i + 1}:b`, { kind: 'coupon', title: '撤销核销', detail: `${c.title}${w.undoReason ? `：${w.undoReason}` : ''}`, storeId: w.storeId, by: w.undoneBy })]
        : []),
    ]),
  ])

/** Mall orders: placed, handed over or shipped, cancelled or expired. */
export const orderEvents = (orders: MallOrderRecord[]): TimedEvent[] =>
  orders.flatMap((o) => {
    const what = `${o.title} ×${o.quantity}（${o.points} 积分${o.fen > 0 ? ` + ${(o.fen / 100).toFixed(2)} 元` : ''}）`
    const out = [event(o.createdAt, `order:${o._id}:0`, { kind: 'order', title: '积分商城兑换', detail: what })]
    if (o.fulfilledAt)
      out.push(
        event(o.fulfilledAt, `order:${o._id}:1`, {
          kind: 'order',
          title: o.fulfilment === 'delivery' ? '兑换商品已发货' : '兑换商品已提货',
          detail: o.tracking ? `${o.title}，运单号 ${o.tracking}` : o.title,
          storeId: o.fulfilledStoreId,
          by: o.fulfilledBy,
        }),
      )
    if (o.closedAt)
      out.push(
        event(o.closedAt, `order:${o._id}:2`, {
          kind: 'order',
          title: o.status === 'expired' ? '兑换订单过期未取' : '取消兑换',
          detail: o.closeReason ? `${o.title}：${o.closeReason}` : o.title,
        }),
      )
    return out
  })

const MOVE_TITLES: Record<TierMove['why'], string> = { purchase: '消费升级', refund: '退款后等级回退', review: '等级复核降级', grant: '手动设定等级', terms: '等级方案调整' }

/**
 * Tier moves are kept by day only, so each is placed at the start of its Asia/Shanghai day; the
 * latest grant has its instant on the record. `names` turns level ids into names.
 */
export function tierEvents(tier: Pick<MemberTier, 'moves' | 'manual'> | null, names: Record<string, string>): TimedEvent[] {
  if (!tier) return []
  const name = (id: string) => names[id] ?? id
  return tier.moves.map((m, i) => {
    const granted = m.why === 'grant' && tier.manual && tier.manual.levelId === m.to && shanghaiDayOf(tier.manual.at) === m.day ? tier.manual : null
    const at = granted ? new Date(granted.at).getTime() : Date.parse(`${m.day}T00:00:00+08:00`)
    const detail = `${name(m.from)} → ${name(m.to)}${granted ? `：${granted.reason}` : ''}`
    return event(at, `tier:${m.day}:${String(i).padStart(2, '0')}`, { kind: 'tier', title: MOVE_TITLES[m.why], detail, by: granted?.by ?? null })
  })
}

const shanghaiDayOf = (at: Date) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

/** A day's check-in (its points are a ledger entry of their own). */
export interface SigninFact {
  _id: string
  day: string
  streak: number
  points: number
  bonusPoints: number
  at: Date
}

export const signinEvents = (signins: SigninFact[]): TimedEvent[] =>
  signins.map((s) =>
    event(s.at, `signin:${s._id}`, { kind: 'signin', title: '每日签到', detail: `连续签到 ${s.streak} 天，获得 ${s.points + s.bonusPoints} 积分` }),
  )

/** One spin of a wheel (what it cost and won are ledger entries). */
export interface SpinFact {
  _id: string
  wheelId: string
  free: boolean
  costPoints: number
  wonPoints: number
  couponCodes: string[]
  orderCode: string | null
  at: Date
}

export const spinEvents = (spins: SpinFact[]): TimedEvent[] =>
  spins.map((s) => {
    const won = s.wonPoints > 0 ? `${s.wonPoints} 积分` : s.couponCodes.length > 0 ? `${s.couponCodes.length} 张优惠券` : s.orderCode ? '实物奖品' : '未中奖'
    return event(s.at, `spin:${s._id}`, { kind: 'game', title: '幸运转盘', detail: `${s.free ? '免费抽奖' : `花费 ${s.costPoints} 积分`}，${won}（${s.wheelId}）` })
  })

const REFERRAL_STATUS: Record<Referral['status'], string> = { joined: '待奖励', rewarded: '已奖励', over_cap: '超出邀请上限，无奖励' }

/** Friends the member invited, and who invited the member. */
export function inviteEvents(memberId: string, referrals: Referral[]): TimedEvent[] {
  return referrals.flatMap((r) => {
    const invited = r.inviteeId === memberId
    const out = [
      event(r.joinedAt, `invite:${r._id}:0`, {
        kind: 'invite',
        title: invited ? '受好友邀请注册' : '邀请好友注册',
        detail: `${invited ? `邀请人 ${r.inviterId}` : `好友 ${r.inviteeId}`}（${REFERRAL_STATUS[r.status]}）`,
      }),
    ]
    if (r.rewardedAt) out.push(event(r.rewardedAt, `invite:${r._id}:1`, { kind: 'invite', title: '邀请奖励到账', detail: invited ? '受邀奖励' : `邀请好友 ${r.inviteeId}` }))
    return out
  })
}

export const registrationEvent = (m: { _id: string; registeredAt: Date; imported: boolean }): TimedEvent =>
  event(m.registeredAt, `member:${m._id}`, { kind: 'profile', title: m.imported ? '导入会员资料' : '注册成为会员' })

/** An operator's change to the member (`operator_changes`, kind 'member'). */
export interface ChangeFact {
  _id: string
  at: Date
  by: { openid: string; name: string | null; storeId: string }
  action: string
  reason: string | null
}

const ACTIONS: Record<string, string> = { adjustPoints: '调整积分', grantTier: '设定等级', issueCoupon: '发放优惠券', import: '导入会员', tagMember: '修改标签' }

export const changeEvents = (changes: ChangeFact[]): TimedEvent[] =>
  changes.map((c) =>
    event(c.at, `change:${c._id}`, { kind: 'operator', title: `后台操作：${ACTIONS[c.action] ?? c.action}`, detail: c.reason, storeId: c.by.storeId, by: c.by.name ?? c.by.openid }),
  )
