import { newCoupon, type CouponRecord } from '../../shared/coupon/coupon'
import { CouponTemplate, type IssueChannel } from '../../shared/coupon/schemas'
import type { MemberRecord } from '../../shared/member/member-record'
import type { Database, Deps } from './deps'
import { emitCoupons } from './events'
import { ensurePool, readPool } from './stock'
import { commit, rollback, withTransaction, type Transaction } from './transaction'

/**
 * The coupon collections, named in one place:
 * - `coupon_templates`: `_id` = template id.
 * - `coupons`: `_id` = the coupon's code; indexed by member.
 * - `coupon_issues`: `_id` = the issue key (`claim:<memberId>:<templateId>:<n>`, `mall:<order>:<i>`,
 *   `tier:<memberId>:<level>:<templateId>`, `operator:<id>`...): a retried issue collides here.
 * - `coupon_holds`: `<memberId>:<templateId>`, how many the member has claimed (the per-member cap).
 * - the total cap is a stock pool (`claim:<templateId>`), so concurrent claims spread over shards.
 */
export const COUPON_TEMPLATES = 'coupon_templates'
export const COUPONS = 'coupons'
export const COUPON_ISSUES = 'coupon_issues'
export const COUPON_HOLDS = 'coupon_holds'

export const claimPool = (templateId: string) => `claim:${templateId}`
/** Shards for a capped template's pool: enough that a popular claim does not queue on one document. */
export const CLAIM_SHARDS = 4

export async function loadTemplate(db: Database, id: string): Promise<CouponTemplate | null> {
  const doc = ((await db.collection(COUPON_TEMPLATES).doc(id).get()).data as Array<Record<string, unknown>>)[0]
  if (!doc) return null
  const { _id, ...rest } = doc
  return CouponTemplate.parse({ ...rest, id: _id })
}

/**
 * Saves a template (validated by the caller with CouponTemplate) and, for a capped one, creates its
 * claim pool the first time. A later change of the cap is a restock of the pool, not done here.
 */
export async function saveTemplate(db: Database, template: CouponTemplate): Promise<void> {
  const { id, ...rest } = template
  await db.collection(COUPON_TEMPLATES).doc(id).set(rest)
  if (template.totalLimit !== null) await ensurePool(db, claimPool(id), template.totalLimit, Math.min(CLAIM_SHARDS, template.totalLimit))
}

/** How many of a capped template are left to claim (null: uncapped). */
export async function claimsLeft(db: Database, template: CouponTemplate): Promise<number | null> {
  if (template.totalLimit === null) return null
  return (await readPool(db, claimPool(template.id))).reduce((s, x) => s + x.remaining, 0)
}

/**
 * Inside a transaction: issues `count` coupons of `template` to `member` under `issueKey`, or
 * nothing if that key was used before (returns null: the earlier issue stands).
 */
export async function issueCoupons(
  tx: Transaction,
  deps: Pick<Deps, 'ids'>,
  template: CouponTemplate,
  member: Pick<MemberRecord, '_id' | 'openid'>,
  args: { channel: IssueChannel; issueKey: string; count: number; now: Date },
): Promise<CouponRecord[] | null> {
  if ((await tx.collection(COUPON_ISSUES).doc(args.issueKey).get()).data) return null
  const coupons = Array.from({ length: args.count }, () =>
    newCoupon(template, { code: deps.ids.code(), memberId: member._id, openid: member.openid, channel: args.channel, issueKey: args.issueKey, now: args.now }),
  )
  for (const c of coupons) await tx.collection(COUPONS).add(c)
  await emitCoupons(tx, coupons, 'issued') // webhooks
  await tx.collection(COUPON_ISSUES).add({ _id: args.issueKey, memberId: member._id, templateId: template.id, codes: coupons.map((c) => c._id), at: args.now })
  return coupons
}

/** The issue key of an operator's grant: the console's requestId, or the CLI's `--key`. */
export const operatorIssueKey = (key: string) => `operator:${key}`

export interface OperatorIssue {
  issueKey: string
  /** Null on a repeat of the key. */
  issued: CouponRecord[] | null
  /** The codes issued under the key, now or by the earlier call. */
  codes: string[]
  /** On a repeat: whom and what the earlier call issued (a reused key may name another). */
  earlier: { memberId: string; templateId: string } | null
}

/**
 * An operator's grant of `count` coupons to one member (the console's issueCoupon and the CLI's
 * `coupon issue`): outside the claim caps, once per `key`. `alsoIn` writes the operator's record
 * in the same transaction. A repeat issues nothing (`issued` null) and answers the earlier codes.
 */
export async function issueByOperator(
  deps: Pick<Deps, 'db' | 'ids'>,
  template: CouponTemplate,
  member: Pick<MemberRecord, '_id' | 'openid'>,
  args: { key: string; count: number; now: Date },
  alsoIn?: (tx: Transaction, issued: CouponRecord[]) => Promise<void>,
): Promise<OperatorIssue> {
  const issueKey = operatorIssueKey(args.key)
  return withTransaction<OperatorIssue>(deps.db, async (tx) => {
    const issued = await issueCoupons(tx, deps, template, member, { channel: 'operator', issueKey, count: args.count, now: args.now })
    if (issued === null) {
      const doc = (await tx.collection(COUPON_ISSUES).doc(issueKey).get()).data as { memberId: string; templateId: string; codes: string[] }
      return rollback({ issueKey, issued, codes: doc.codes, earlier: { memberId: doc.memberId, templateId: doc.templateId } })
    }
    await alsoIn?.(tx, issued)
    return commit({ issueKey, issued, codes: issued.map((c) => c._id), earlier: null })
  })
}

/** Coupons the member holds unused that are not over by `today` (what a till may offer). */
export async function heldCoupons(db: Database, memberId: string, today: string): Promise<CouponRecord[]> {
  // Equality only (the memberId index serves it); the day is checked here.
  const res = await db.collection(COUPONS).where({ memberId, state: 'issued' }).limit(1000).get()
  return (res.data as CouponRecord[]).filter((c) => c.validUntil >= today)
}

/** How many coupons the member can use today (the card's count). */
export async function usableCount(db: Database, memberId: string, today: string): Promise<number> {
  return (await heldCoupons(db, memberId, today)).filter((c) => c.validFrom <= today).length
}

/** A member's coupons, newest first (a member holds dozens, not thousands). */
export async function memberCoupons(db: Database, memberId: string, filter: object = {}): Promise<CouponRecord[]> {
  const out: CouponRecord[] = []
  for (let page = 0; ; page++) {
    const res = await db
      .collection(COUPONS)
      .where({ memberId, ...filter })
      .orderBy('issuedAt', 'desc')
      .skip(page * 500)
      .limit(500)
      .get()
    const docs = res.data as CouponRecord[]
    out.push(...docs)
    if (docs.length < 500 || out.length >= 2000) return out
  }
}
