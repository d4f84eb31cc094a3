import {
  changeEvents,
  couponEvents,
  decodeCursor,
  inviteEvents,
  ledgerEvents,
  orderEvents,
  pageEvents,
  registrationEvent,
  signinEvents,
  sourceLimit,
  spinEvents,
  tierEvents,
  type TimelineCursor,
} from '../../shared/admin/timeline'
import { prefixRange } from '../../shared/admin/prefix-range'
import type { MemberDetail, MemberRow } from '../../shared/admin/schemas'
import { couponStatus, type CouponRecord } from '../../shared/coupon/coupon'
import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import type { MallOrderRecord } from '../../shared/mall/order'
import type { MemberRecord } from '../../shared/member/member-record'
import { maskPhone } from '../../shared/phone'
import { spendableNow } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { Referral } from '../../shared/share/referral'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { heldLevel, type MemberTier } from '../../shared/tier/member-tier'
import type { TierConfig } from '../../shared/tier/programme'
import { COUPONS } from '../_lib/coupons'
import type { Database } from '../_lib/deps'
import { GAME_SPINS, type SpinRecord } from '../_lib/games'
import { currentAccount, LEDGER, readAccount } from '../_lib/ledger'
import { MALL_ORDERS } from '../_lib/mall'
import { memberById, memberByNo, memberByPhone, MEMBERS } from '../_lib/members'
import { authorizeOperator, OPERATOR_CHANGES, operatorOnMember, type OperatorChange } from '../_lib/operators'
import type { Handler } from '../_lib/router'
import { REFERRALS } from '../_lib/share'
import { SIGNINS, type SigninRecord } from '../_lib/signin'
import { badgeOf, currentLevel, loadTierConfig, MEMBER_TIERS, readMemberTier } from '../_lib/tiers'
import { isUnclaimed } from '../../shared/member/member-record'

const PHONE = /^1[3-9]\d{9}$/
const MEMBER_NO = /^\d{10}$/
const NICKNAME_ROWS = 20
/** The detail's coupons and mall orders: the newest of each. */
const DETAIL_ROWS = 50


/** Operators see phones in full only as admins; managers see them masked, as staff do. */
export const phoneFor = (staff: StaffRecord, phone: string) => (staff.role === 'admin' ? phone : maskPhone(phone))

async function memberRow(db: Database, config: TierConfig, staff: StaffRecord, m: MemberRecord, now: Date): Promise<MemberRow> {
  const [tier, account] = await Promise.all([readMemberTier(db, config, m, now), readAccount(db, m._id)])
  const level = currentLevel(config, tier, now)
  return {
    memberId: m._id,
    memberNo: m.memberNo,
    phone: phoneFor(staff, m.phone),
    nickname: m.nickname,
    tier: badgeOf(level),
    balance: account.balance,
    registeredAt: new Date(m.registeredAt).toISOString(),
  }
}

/** admin.searchMembers: an 11-digit phone or a 10-digit member number exactly, else a nickname prefix, by nickname. */
export const searchMembers: Handler<'admin', 'searchMembers'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const q = input.q.replace(/\s+/g, '')
  let found: MemberRecord[]
  let more = false
  if (PHONE.test(q)) found = [await memberByPhone(db, q)].filter((m): m is MemberRecord => m !== null)
  else if (MEMBER_NO.test(q)) found = [await memberByNo(db, q)].filter((m): m is MemberRecord => m !== null)
  else {
    // A prefix as a range, in the order of the index `nickname_registered` ({nickname: 1, registeredAt: -1}),
    // which serves both: the read stops after 21 entries however many members share the prefix. Name
    // order puts a whole nickname first, so typing more of a name always finds that member.
    const _ = db.command
    const { from, below } = prefixRange(input.q)
    const res = await db
      .collection(MEMBERS)
      .where({ nickname: below === null ? _.gte(from) : _.gte(from).and(_.lt(below)) })
      .orderBy('nickname', 'asc')
      .orderBy('registeredAt', 'desc')
      .limit(NICKNAME_ROWS + 1)
      .get()
    const docs = res.data as MemberRecord[]
    more = docs.length > NICKNAME_ROWS
    found = docs.slice(0, NICKNAME_ROWS)
  }
  const config = await loadTierConfig(db)
  const members = await Promise.all(found.map((m) => memberRow(db, config, auth.data, m, ctx.now)))
  return ok({ members, more })
}

/** admin.member: one member's profile, level, points, coupons and mall orders. */
export const member: Handler<'admin', 'member'> = async (input, ctx) => {
  const access = await operatorOnMember(ctx, input.memberId)
  if (!access.ok) return access
  const { member: m } = access.data
  const { db } = ctx.deps
  const { now } = ctx
  const today = shanghaiDay(now)
  const config = await loadTierConfig(db)
  const [tier, account, coupons, orders] = await Promise.all([
    readMemberTier(db, config, m, now),
    // As the member's own view does: lots past their day are expired first.
    currentAccount(db, m._id, now),
    db.collection(COUPONS).where({ memberId: m._id }).orderBy('issuedAt', 'desc').limit(DETAIL_ROWS).get(),
    db.collection(MALL_ORDERS).where({ memberId: m._id }).orderBy('createdAt', 'desc').limit(DETAIL_ROWS).get(),
  ])
  const { programme, rank } = heldLevel(config, tier, today)
  const level = programme.levels[rank]
  const spendable = spendableNow(account, today)
  const detail: MemberDetail = {
    member: {
      memberId: m._id,
      memberNo: m.memberNo,
      phone: phoneFor(access.data.staff, m.phone),
      nickname: m.nickname,
      tier: badgeOf(level),
      balance: account.balance,
      registeredAt: new Date(m.registeredAt).toISOString(),
      birthday: m.birthday,
      gender: m.gender,
      region: m.region,
      claimed: !isUnclaimed(m),
    },
    tier: {
      levelId: level.id,
      name: level.name,
      reviewOn: tier.reviewOn,
      manual: tier.manual ? { levelId: tier.manual.levelId, kind: tier.manual.kind, reason: tier.manual.reason } : null,
      levels: programme.levels.map((l) => ({ id: l.id, name: l.name })),
    },
    account: {
      balance: account.balance,
      spendable,
      pending: account.balance - spendable,
      shortfall: account.shortfall,
      lots: account.lots.map((l) => ({ id: l.id, points: l.points, remaining: l.remaining, expiresOn: l.expiresOn, availableOn: l.availableOn })),
    },
    coupons: (coupons.data as CouponRecord[]).map((c) => ({ code: c._id, title: c.title, status: couponStatus(c, today), validUntil: c.validUntil })),
    orders: (orders.data as MallOrderRecord[]).map((o) => ({ code: o._id, title: o.title, status: o.status, points: o.points, createdAt: new Date(o.createdAt).toISOString() })),
  }
  return ok(detail)
}

/**
 * Records of `collection` matching `filter`, newest first by `field` (then `_id`, as the timeline
 * orders events on one instant), at or before the cursor's instant, at most `limit`.
 */
async function newest<T>(db: Database, collection: string, filter: object, field: string, cursor: TimelineCursor | null, limit: number): Promise<T[]> {
  const where = cursor ? { ...filter, [field]: db.command.lte(new Date(cursor.at)) } : filter
  const res = await db.collection(collection).where(where).orderBy(field, 'desc').orderBy('_id', 'desc').limit(limit).get()
  return res.data as T[]
}

/**
 * Coupons, mall orders and referrals each hold several events (issue, write-off, undo...) but are
 * found by when they began: a member has dozens, so a larger slice of them is read. Events of ones
 * that began before this slice are not shown.
 */
const MULTI_EVENT_ROWS = 100

/** admin.timeline: everything that happened to the member, newest first, 30 events a page. */
export const timeline: Handler<'admin', 'timeline'> = async (input, ctx) => {
  const auth = await authorizeOperator(ctx, 'manager')
  if (!auth.ok) return auth
  const { db } = ctx.deps
  const cursor = input.cursor === undefined ? null : decodeCursor(input.cursor)
  if (input.cursor !== undefined && !cursor) return fail('INVALID_INPUT', '翻页游标无效', 'cursor')
  const m = await memberById(db, input.memberId)
  if (!m) return fail('MEMBER_NOT_FOUND')
  const id = m._id
  const n = sourceLimit(cursor)
  const many = Math.max(n, MULTI_EVENT_ROWS)
  const [entries, coupons, orders, signins, spins, invited, invitedBy, changes, tier, config] = await Promise.all([
    newest<LedgerEntry>(db, LEDGER, { memberId: id }, 'createdAt', cursor, n),
    newest<CouponRecord>(db, COUPONS, { memberId: id }, 'issuedAt', cursor, many),
    newest<MallOrderRecord>(db, MALL_ORDERS, { memberId: id }, 'createdAt', cursor, many),
    newest<SigninRecord>(db, SIGNINS, { memberId: id }, 'at', cursor, n),
    newest<SpinRecord>(db, GAME_SPINS, { memberId: id }, 'at', cursor, n),
    newest<Referral>(db, REFERRALS, { inviterId: id }, 'joinedAt', cursor, many),
    db.collection(REFERRALS).doc(id).get(),
    newest<OperatorChange>(db, OPERATOR_CHANGES, { kind: 'member', targetId: id }, 'at', cursor, n),
    db.collection(MEMBER_TIERS).doc(id).get(),
    loadTierConfig(db),
  ])
  const names: Record<string, string> = {}
  for (const v of config.versions) for (const l of v.levels) names[l.id] ??= l.name.zh
  const events = [
    ...ledgerEvents(entries),
    ...couponEvents(coupons),
    ...orderEvents(orders),
    ...signinEvents(signins),
    ...spinEvents(spins),
    ...inviteEvents(id, [...invited, ...(invitedBy.data as Referral[])]),
    ...changeEvents(changes),
    ...tierEvents(((tier.data as MemberTier[])[0] ?? null) as MemberTier | null, names),
    registrationEvent({ _id: id, registeredAt: m.registeredAt, imported: m.imported === true || isUnclaimed(m) }),
  ]
  return ok(pageEvents(events, cursor))
}
