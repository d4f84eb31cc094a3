import { shanghaiDay } from '../../shared/day'
import type { MemberRecord } from '../../shared/member/member-record'
import type { TierBadge } from '../../shared/member/schemas'
import { newMemberTier, termsFor, type MemberTier } from '../../shared/tier/member-tier'
import { DemoTierConfig, levelIndex, mapLevel, TierConfig, type TierLevel } from '../../shared/tier/programme'
import type { Database } from './deps'
import { CONFIG } from './ledger'
import type { Transaction } from './transaction'

/**
 * The tier collections, named in one place:
 * - `config/tiers`: the tier programme's versions (`TierConfig`); the demo ladder when absent.
 * - `member_tiers` (`_id` = memberId): each member's level, growth and review day (MemberTier).
 *   Created on the member's first credited purchase or first look; absent means the base level.
 */
export const MEMBER_TIERS = 'member_tiers'
export const TIERS_CONFIG_ID = 'tiers'

/** The tier programme from `config/tiers`, validated; the demo ladder when none is saved. */
export async function loadTierConfig(db: Database | Transaction): Promise<TierConfig> {
  const res = await db.collection(CONFIG).doc(TIERS_CONFIG_ID).get()
  const raw = Array.isArray(res.data) ? res.data[0] : res.data
  if (!raw) return DemoTierConfig
  const { _id, ...doc } = raw as Record<string, unknown>
  return TierConfig.parse(doc)
}

const fresh = (config: TierConfig, member: Pick<MemberRecord, '_id' | 'openid'>, now: Date) =>
  newMemberTier({ memberId: member._id, openid: member.openid, today: shanghaiDay(now), config, now })

/** The member's tier record inside a transaction (a new base-level one if they have none yet). */
export async function loadMemberTier(tx: Transaction, config: TierConfig, member: Pick<MemberRecord, '_id' | 'openid'>, now: Date): Promise<MemberTier> {
  const doc = (await tx.collection(MEMBER_TIERS).doc(member._id).get()).data as MemberTier | null
  return doc ? { ...doc, _id: member._id } : fresh(config, member, now)
}

/** Reads the member's tier record outside any transaction (for views). */
export async function readMemberTier(db: Database, config: TierConfig, member: Pick<MemberRecord, '_id' | 'openid'>, now: Date): Promise<MemberTier> {
  const res = await db.collection(MEMBER_TIERS).doc(member._id).get()
  const doc = (res.data as MemberTier[])[0]
  return doc ? { ...doc, _id: member._id } : fresh(config, member, now)
}

export async function saveMemberTier(tx: Transaction, tier: MemberTier): Promise<void> {
  const { _id, ...data } = tier
  await tx.collection(MEMBER_TIERS).doc(_id).set(data)
}

/** The level a member holds on `now` under the terms that apply to them. */
export function currentLevel(config: TierConfig, tier: MemberTier, now: Date): TierLevel {
  const p = termsFor(config, tier, shanghaiDay(now))
  const idx = p.version === tier.terms ? Math.max(0, levelIndex(p, tier.levelId)) : mapLevel(p, tier.levelId)
  return p.levels[idx]
}

export const badgeOf = (level: TierLevel): TierBadge => ({ id: level.id, name: level.name })
