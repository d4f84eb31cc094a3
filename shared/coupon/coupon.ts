import { addDays, daysBetween, shanghaiDay } from '../day'
import type { ErrorCode } from '../errors'
import { yuanText, zheText } from '../money'
import type { CouponStatus, CouponTemplate, CouponView, IssueChannel, TillCouponView } from './schemas'
import { monthOf } from '../finance/period'

/**
 * One issued coupon (`coupons`, `_id` = its code). The template's terms are copied in at issue, so
 * a later change to the template never changes a coupon a member already holds.
 */
export interface CouponRecord {
  _id: string
  templateId: string
  memberId: string
  openid: string
  title: string
  kind: CouponTemplate['kind']
  offFen: number | null
  thresholdFen: number
  payPercent: number | null
  maxOffFen: number | null
  gift: string | null
  note: string
  storeIds: string[] | null
  /** Asia/Shanghai days, inclusive. */
  validFrom: string
  validUntil: string
  /** `issued` until written off; an undone write-off makes it `issued` again. */
  state: 'issued' | 'used'
  channel: IssueChannel
  /** What issued it: the claim number, the mall order, the tier level, the campaign, the operator. */
  issueKey: string
  issuedAt: Date
  usedAt: Date | null
  /** Asia/Shanghai 'YYYY-MM' of usedAt while used: the cost report pages a month's write-offs by it (index). */
  usedMonth?: string | null
  usedStoreId: string | null
  usedBy: string | null
  /** Every write-off and its undoing, oldest first: the coupon's own audit trail. */
  writeOffs: WriteOff[]
}

export interface WriteOff {
  at: Date
  staffOpenid: string
  storeId: string
  undoneAt: Date | null
  undoneBy: string | null
  undoReason: string | null
}

/** How long a clerk may undo a write-off (a wrong coupon scanned, a cancelled sale). */
export const UNDO_WINDOW_MS = 10 * 60 * 1000

/** The days an issued coupon is usable, from the template's validity and the day of issue. */
export function validDays(template: Pick<CouponTemplate, 'validity'>, issuedOn: string): { validFrom: string; validUntil: string } {
  const v = template.validity
  if (v.kind === 'fixed') return { validFrom: v.from, validUntil: v.until }
  const validFrom = addDays(issuedOn, v.afterDays)
  return { validFrom, validUntil: addDays(validFrom, v.days - 1) }
}

/** The record of a new coupon (the caller supplies the unguessable code). */
export function newCoupon(
  template: CouponTemplate,
  args: { code: string; memberId: string; openid: string; channel: IssueChannel; issueKey: string; now: Date },
): CouponRecord {
  return {
    _id: args.code,
    templateId: template.id,
    memberId: args.memberId,
    openid: args.openid,
    title: template.title,
    kind: template.kind,
    offFen: template.offFen,
    thresholdFen: template.thresholdFen,
    payPercent: template.payPercent,
    maxOffFen: template.maxOffFen,
    gift: template.gift,
    note: template.note,
    storeIds: template.storeIds,
    ...validDays(template, shanghaiDay(args.now)),
    state: 'issued',
    channel: args.channel,
    issueKey: args.issueKey,
    issuedAt: args.now,
    usedAt: null,
    usedStoreId: null,
    usedBy: null,
    writeOffs: [],
  }
}

/** Why a template cannot be issued now, if it cannot: inactive, or its fixed validity is over. */
export function issuable(template: CouponTemplate, today: string): ErrorCode | null {
  if (!template.active) return 'COUPON_UNAVAILABLE'
  if (template.validity.kind === 'fixed' && template.validity.until < today) return 'COUPON_UNAVAILABLE'
  return null
}

export function couponStatus(c: Pick<CouponRecord, 'state' | 'validFrom' | 'validUntil'>, today: string): CouponStatus {
  if (c.state === 'used') return 'used'
  if (today > c.validUntil) return 'expired'
  if (today < c.validFrom) return 'upcoming'
  return 'usable'
}

type Terms = Pick<CouponTemplate, 'kind' | 'offFen' | 'payPercent' | 'gift' | 'thresholdFen' | 'maxOffFen' | 'storeIds'>

/** The face value: '¥20', '88折', '赠 拿铁一杯'. */
export function faceText(t: Terms): string {
  if (t.kind === 'cash') return `¥${yuanText(t.offFen ?? 0)}`
  if (t.kind === 'percent') return zheText(t.payPercent ?? 100)
  return `赠 ${t.gift ?? ''}`
}

/**
 * The conditions in one line, for the wallet and the till: threshold, cap, stores.
 * `storeNames` turns store ids into names where known.
 */
export function rulesText(t: Terms, storeNames: Record<string, string> = {}): string {
  const parts: string[] = []
  if (t.kind !== 'gift') parts.push(t.thresholdFen > 0 ? `满 ¥${yuanText(t.thresholdFen)} 可用` : '无门槛')
  if (t.kind === 'percent' && t.maxOffFen !== null) parts.push(`最多减 ¥${yuanText(t.maxOffFen)}`)
  if (t.kind === 'gift') parts.push('到店出示领取')
  parts.push(t.storeIds === null ? '全部门店可用' : `仅限 ${t.storeIds.map((id) => storeNames[id] ?? id).join('、')}`)
  return parts.join(' · ')
}

/** The validity as a member reads it: '2026-12-01 至 2026-12-31' or '领取后 30 天内有效'. */
export function validityText(t: Pick<CouponTemplate, 'validity'>): string {
  const v = t.validity
  if (v.kind === 'fixed') return `${v.from} 至 ${v.until}`
  return v.afterDays > 0 ? `领取 ${v.afterDays} 天后生效，有效 ${v.days} 天` : `领取后 ${v.days} 天内有效`
}

/** Why this coupon cannot be written off at `storeId` on `today`, if it cannot. */
export function writeOffRefusal(c: CouponRecord, storeId: string, today: string): ErrorCode | null {
  const status = couponStatus(c, today)
  if (status === 'used') return 'COUPON_USED'
  if (status === 'expired') return 'COUPON_EXPIRED'
  if (status === 'upcoming') return 'COUPON_NOT_STARTED'
  if (c.storeIds !== null && !c.storeIds.includes(storeId)) return 'COUPON_NOT_ACCEPTED'
  return null
}

/** The coupon after a write-off. */
export function writeOff(c: CouponRecord, by: { staffOpenid: string; storeId: string }, now: Date): CouponRecord {
  return {
    ...c,
    state: 'used',
    usedAt: now,
    usedMonth: monthOf(now),
    usedStoreId: by.storeId,
    usedBy: by.staffOpenid,
    writeOffs: [...c.writeOffs, { at: now, staffOpenid: by.staffOpenid, storeId: by.storeId, undoneAt: null, undoneBy: null, undoReason: null }],
  }
}

/** True when `by` just wrote this coupon off (a repeated scan or a retried call): answered as a duplicate. */
export function sameWriteOff(c: CouponRecord, by: { staffOpenid: string; storeId: string }, now: Date): boolean {
  const last = c.writeOffs[c.writeOffs.length - 1]
  return c.state === 'used' && !!last && last.undoneAt === null && last.staffOpenid === by.staffOpenid && last.storeId === by.storeId && now.getTime() - new Date(last.at).getTime() < UNDO_WINDOW_MS
}

/** When the last write-off stops being undoable. */
export const undoUntil = (c: CouponRecord): Date | null => {
  const last = c.writeOffs[c.writeOffs.length - 1]
  return last && last.undoneAt === null ? new Date(new Date(last.at).getTime() + UNDO_WINDOW_MS) : null
}

/**
 * Undoes the last write-off: only at the store that made it, and only within UNDO_WINDOW_MS.
 * The write-off stays in `writeOffs`, marked undone with who and why: a recorded reversal.
 */
export function undoWriteOff(
  c: CouponRecord,
  by: { staffOpenid: string; storeId: string; reason: string },
  now: Date,
): { coupon: CouponRecord } | { error: ErrorCode } {
  const last = c.writeOffs[c.writeOffs.length - 1]
  if (c.state !== 'used' || !last || last.undoneAt !== null) return { error: 'COUPON_NOT_USED' }
  if (last.storeId !== by.storeId) return { error: 'STORE_MISMATCH' }
  // The same edge as undoUntil and sameWriteOff: undoable before at + window, not at it.
  if (now.getTime() - new Date(last.at).getTime() >= UNDO_WINDOW_MS) return { error: 'UNDO_WINDOW_PASSED' }
  const writeOffs = [...c.writeOffs.slice(0, -1), { ...last, undoneAt: now, undoneBy: by.staffOpenid, undoReason: by.reason }]
  return { coupon: { ...c, state: 'issued', usedAt: null, usedMonth: null, usedStoreId: null, usedBy: null, writeOffs } }
}

/** Days left including today, while usable. */
const daysLeft = (c: CouponRecord, today: string) => (couponStatus(c, today) === 'usable' ? daysBetween(today, c.validUntil) + 1 : null)

export function toCouponView(c: CouponRecord, today: string, storeNames: Record<string, string> = {}): CouponView {
  return {
    code: c._id,
    templateId: c.templateId,
    title: c.title,
    kind: c.kind,
    face: faceText(c),
    rules: rulesText(c, storeNames),
    note: c.note,
    status: couponStatus(c, today),
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    daysLeft: daysLeft(c, today),
    channel: c.channel,
    issuedAt: new Date(c.issuedAt).toISOString(),
    usedAt: c.usedAt ? new Date(c.usedAt).toISOString() : null,
    usedStoreId: c.usedStoreId,
    storeIds: c.storeIds,
  }
}

export function toTillCouponView(c: CouponRecord, storeNames: Record<string, string> = {}): TillCouponView {
  return { code: c._id, title: c.title, face: faceText(c), rules: rulesText(c, storeNames), validUntil: c.validUntil }
}

/** Usable at `storeId` on `today`: what the till lists after a scan, soonest to expire first. */
export function usableAt(coupons: CouponRecord[], storeId: string, today: string): CouponRecord[] {
  return coupons
    .filter((c) => writeOffRefusal(c, storeId, today) === null)
    .sort((a, b) => (a.validUntil < b.validUntil ? -1 : a.validUntil > b.validUntil ? 1 : a._id < b._id ? -1 : 1))
}

/** Wallet order: usable (soonest to expire first), then upcoming, then used and expired (newest first). */
export function walletOrder(views: CouponView[]): CouponView[] {
  const rank: Record<CouponStatus, number> = { usable: 0, upcoming: 1, used: 2, expired: 3 }
  return [...views].sort((a, b) => {
    if (rank[a.status] !== rank[b.status]) return rank[a.status] - rank[b.status]
    if (a.status === 'usable' || a.status === 'upcoming') return a.validUntil < b.validUntil ? -1 : a.validUntil > b.validUntil ? 1 : 0
    return a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0
  })
}

/** Formats a code for reading aloud or typing: 'ABCD EFGH JKMN'. */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ')
