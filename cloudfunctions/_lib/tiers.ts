import { shanghaiDay } from '../../shared/day'
import type { MemberRecord } from '../../shared/member/member-record'
import type { TierBadge } from '../../shared/member/schemas'
import { afterPurchase, grant, heldLevel, newMemberTier, termsFor, type ManualLevel, type MemberTier } from '../../shared/tier/member-tier'
import { DemoTierConfig, levelIndex, TierConfig, type TierLevel } from '../../shared/tier/programme'
import type { Database, Deps } from './deps'
import { emitTierChange } from './events'
import { forEachById } from './paging'
import { CONFIG } from './ledger'
import { commit, rollback, withTransaction, type Transaction } from './transaction'
import { sendCongratulation } from './tier-congratulation'

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
  await emitTierChange(tx, tx.collection(MEMBER_TIERS).doc(_id), tier) // webhooks: `tier.changed` when the level moves
  await tx.collection(MEMBER_TIERS).doc(_id).set(data)
}

/** The level a member holds on `now` under the terms that apply to them. */
export function currentLevel(config: TierConfig, tier: MemberTier, now: Date): TierLevel {
  const { programme, rank } = heldLevel(config, tier, shanghaiDay(now))
  return programme.levels[rank]
}

export const badgeOf = (level: TierLevel): TierBadge => ({ id: level.id, name: level.name })

/**
 * A credited purchase's effect on the member's level, inside the credit's transaction: growth
 * counts it, and a qualifying purchase lifts the level at once. Returns the level reached, if any,
 * for the order record and the congratulation sent after commit.
 */
export async function creditGrowth(
  tx: Transaction,
  config: TierConfig,
  tier: MemberTier,
  purchase: { day: string; amountFen: number; orderKey: string; now: Date },
): Promise<TierBadge | null> {
  const change = afterPurchase(config, tier, purchase)
  await saveMemberTier(tx, change.tier)
  if (!change.upgradedTo) return null
  const p = termsFor(config, change.tier, purchase.day)
  return badgeOf(p.levels[levelIndex(p, change.upgradedTo)])
}

/** The congratulation for a new level (locally it lands in /_dev/outbox). Best effort: the level is already saved. */
export async function congratulate(deps: Deps, openid: string, level: TierBadge): Promise<void> {
  try {
    await sendCongratulation(deps, openid, level)
  } catch (err) {
    deps.log.error('tier congratulation not sent', err)
  }
}

/** The level `member` holds now, read outside any transaction (the programme's base level for a new member). */
export async function levelNow(db: Database, member: Pick<MemberRecord, '_id' | 'openid'>, now: Date): Promise<TierLevel> {
  const config = await loadTierConfig(db)
  return currentLevel(config, await readMemberTier(db, config, member, now), now)
}

/** The badge of the level `member` holds now. */
export const tierBadge = async (db: Database, member: Pick<MemberRecord, '_id' | 'openid'>, now: Date): Promise<TierBadge> => badgeOf(await levelNow(db, member, now))

export type GrantOutcome =
  | { granted: true; from: string; tier: MemberTier; level: TierLevel }
  /** The member's programme has no such level: nothing was written. */
  | { granted: false; version: string; levels: string[] }

/**
 * Sets a member's level by hand (the console's grantTier and the CLI's `tier grant`), in one
 * transaction; `alsoIn` writes the operator's record of it in the same transaction.
 */
export async function grantLevel(
  db: Database,
  member: Pick<MemberRecord, '_id' | 'openid'>,
  args: Pick<ManualLevel, 'levelId' | 'kind' | 'by' | 'reason'> & { now: Date },
  alsoIn?: (tx: Transaction, granted: { from: MemberTier; to: MemberTier }) => Promise<void>,
): Promise<GrantOutcome> {
  const config = await loadTierConfig(db)
  const today = shanghaiDay(args.now)
  return withTransaction(db, async (tx) => {
    const before = await loadMemberTier(tx, config, member, args.now)
    const p = termsFor(config, before, today)
    const idx = levelIndex(p, args.levelId)
    if (idx < 0) return rollback<GrantOutcome>({ granted: false, version: p.version, levels: p.levels.map((l) => l.id) })
    const { now, ...manual } = args
    const after = grant(config, before, { ...manual, at: now }, today)
    await saveMemberTier(tx, after)
    await alsoIn?.(tx, { from: before, to: after })
    return commit<GrantOutcome>({ granted: true, from: before.levelId, tier: after, level: p.levels[idx] })
  })
}

/** Page size for scans of `member_tiers` (CloudBase returns at most 1,000 documents per query). */
export const TIER_PAGE_SIZE = 200

/** Visits every `member_tiers` document matching `filter`, a page at a time in `_id` order (paging.ts). */
export const forEachMemberTier = (db: Database, filter: object, visit: (tier: MemberTier) => Promise<void>): Promise<void> =>
  forEachById(db, MEMBER_TIERS, filter, TIER_PAGE_SIZE, visit)
