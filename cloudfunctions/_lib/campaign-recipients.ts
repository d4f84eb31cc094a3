import { daysBetween, shanghaiDay } from '../../shared/day'
import { lifecycleOf, type InsightConfig } from '../../shared/insight/rfm'
import type { CopyFacts } from '../../shared/marketing/copy'
import type { MemberRecord } from '../../shared/member/member-record'
import type { MemberTier } from '../../shared/tier/member-tier'
import { programmeOn, type TierConfig } from '../../shared/tier/programme'
import type { Database } from './deps'
import { ACCOUNTS } from './ledger'
import { MEMBERS } from './members'
import { currentLevel, MEMBER_TIERS } from './tiers'

/**
 * The members a campaign or journey speaks to, with what their copy is rendered from (profile,
 * level, points balance, lifecycle stage), read for a batch of ids at once: three `$in` queries
 * by `_id`, never one read per member. The lifecycle stage is worked out now, as the insight job
 * does (shared/insight/rfm.ts), from the purchase days the member's tier record keeps.
 */
export interface Recipient {
  member: MemberRecord
  facts: CopyFacts
  /** The member's last day with a purchase, or null (none kept). */
  lastVisit: string | null
}

/** At most this many ids per batch: one `$in` query per collection answers them all. */
export const RECIPIENT_BATCH = 100

async function byIds<T extends { _id: string }>(db: Database, collection: string, ids: string[], field?: Record<string, boolean>): Promise<Map<string, T>> {
  let q = db.collection(collection).where({ _id: db.command.in(ids) })
  if (field) q = q.field(field)
  const res = await q.limit(1000).get()
  return new Map((res.data as T[]).map((d) => [d._id, d]))
}

/** The recipients among `ids` (members that no longer exist are left out), keyed by id. */
export async function loadRecipients(db: Database, ids: string[], args: { tiers: TierConfig; insight: InsightConfig; now: Date }): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>()
  const today = shanghaiDay(args.now)
  const base = programmeOn(args.tiers, today).levels[0]
  for (let i = 0; i < ids.length; i += RECIPIENT_BATCH) {
    const part = ids.slice(i, i + RECIPIENT_BATCH)
    const [members, tiers, accounts] = await Promise.all([
      byIds<MemberRecord>(db, MEMBERS, part),
      byIds<MemberTier>(db, MEMBER_TIERS, part),
      byIds<{ _id: string; balance: number }>(db, ACCOUNTS, part, { balance: true }),
    ])
    for (const id of part) {
      const member = members.get(id)
      if (!member) continue
      const tier = tiers.get(id)
      const level = tier ? currentLevel(args.tiers, tier, args.now) : base
      const visits = (tier?.growth.days ?? []).filter(([day, fen]) => fen > 0 && day <= today)
      const lastVisit = visits.length > 0 ? visits[visits.length - 1][0] : null
      const joined = shanghaiDay(new Date(member.registeredAt))
      out.set(id, {
        member,
        lastVisit,
        facts: {
          nickname: member.nickname,
          memberNo: member.memberNo,
          tierId: level.id,
          tierName: level.name.zh,
          region: member.region ?? [],
          gender: member.gender,
          birthday: member.birthday,
          points: accounts.get(id)?.balance ?? 0,
          lifecycle: lifecycleOf(joined, lastVisit === null ? null : daysBetween(lastVisit, today), today, args.insight),
          coupon: null,
          bonusPoints: null,
        },
      })
    }
  }
  return out
}
