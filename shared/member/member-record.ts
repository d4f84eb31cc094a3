import { maskPhone } from '../phone'
import type { MemberView, RegisterInput, TierBadge, UpdateProfileInput } from './schemas'

/** A member as stored in the `members` collection (unique: openid, phone, memberNo). */
export interface MemberRecord {
  _id: string
  openid: string
  unionid: string | null
  phone: string
  /** True when the phone came from the local stand-in for WeChat's phone API, not from WeChat. */
  phoneSimulated: boolean
  memberNo: string
  nickname: string | null
  birthday: string | null
  gender: 'male' | 'female' | 'unknown'
  region: string[]
  /** The invite code given at registration, kept as given for the sharing feature. */
  invite: string | null
  registeredAt: Date
  updatedAt: Date
  /** Set on members brought in by a member import (openid `import:<_id>` until they register and claim it). */
  imported?: boolean
  /** The import job and batch that wrote this member: claimable once that job's checkpoint is past the batch. */
  importJob?: { id: string; batch: number } | null
}

/**
 * An imported member carries this placeholder openid (the openid index is unique) until its owner
 * registers with the imported phone and the record becomes theirs.
 */
export const placeholderOpenid = (memberId: string) => `import:${memberId}`
/** Nobody has opened this imported member in the mini-program yet: there is no one to message. */
export const isUnclaimed = (m: Pick<MemberRecord, 'openid'>) => m.openid.startsWith('import:')

type Profile = Pick<RegisterInput, 'nickname' | 'birthday' | 'gender' | 'region' | 'invite'>

export function newMemberRecord(args: {
  id: string
  openid: string
  unionid: string | null
  phone: string
  phoneSimulated: boolean
  memberNo: string
  profile: Profile
  now: Date
}): MemberRecord {
  const { profile: p } = args
  return {
    _id: args.id,
    openid: args.openid,
    unionid: args.unionid,
    phone: args.phone,
    phoneSimulated: args.phoneSimulated,
    memberNo: args.memberNo,
    nickname: p.nickname ?? null,
    birthday: p.birthday ?? null,
    gender: p.gender ?? 'unknown',
    region: p.region ?? [],
    invite: p.invite ?? null,
    registeredAt: args.now,
    updatedAt: args.now,
  }
}

/** The fields an `updateProfile` call changes (absent keys stay as they are). */
export function profileChanges(input: UpdateProfileInput, now: Date): Partial<MemberRecord> {
  const changes: Partial<MemberRecord> = { updatedAt: now }
  if (input.nickname !== undefined) changes.nickname = input.nickname
  if (input.birthday !== undefined) changes.birthday = input.birthday
  if (input.gender !== undefined) changes.gender = input.gender
  if (input.region !== undefined) changes.region = input.region
  return changes
}

/**
 * The member as shown to a caller. Only the member themself sees the full phone number;
 * everyone else (staff, operators, other members) sees it masked.
 */
export function toMemberView(
  m: MemberRecord,
  opts: { viewer: 'owner' | 'other'; tier: TierBadge; points?: number; couponCount?: number },
): MemberView {
  return {
    memberId: m._id,
    memberNo: m.memberNo,
    phone: opts.viewer === 'owner' ? m.phone : maskPhone(m.phone),
    phoneSimulated: m.phoneSimulated,
    nickname: displayName(m),
    birthday: m.birthday,
    gender: m.gender,
    region: m.region,
    tier: opts.tier,
    points: opts.points ?? 0,
    couponCount: opts.couponCount ?? 0,
    registeredAt: m.registeredAt.toISOString(),
  }
}

/** What a member is called on screen: their nickname, or 会员 and the last four digits of their number. */
export const displayName = (m: Pick<MemberRecord, 'nickname' | 'memberNo'>) => m.nickname ?? `会员${m.memberNo.slice(-4)}`
