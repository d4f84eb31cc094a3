import { dryRun, type DryRun } from '../../shared/tier/dry-run'
import type { MemberTier } from '../../shared/tier/member-tier'
import type { TierConfig, TierProgramme } from '../../shared/tier/programme'
import type { Deps, Database } from './deps'
import { currentRun } from './insight-runs'
import { pageAfter } from './paging'
import { planContext, type TierPlanHead } from './tier-plan'
import { MEMBER_TIERS } from './tiers'

/**
 * The console's tier-plan preview, run in steps so that no call nears the `admin` function's 60 s at
 * any number of members (a straight run over 10 million tier records takes minutes). It counts every
 * member, exactly as the CLI's `tier plan` and the review itself would: a merchant about to move
 * members between levels decides on how many go down and what the benefits cost, and a sample's
 * error would be largest on the small top levels and the cost, which a few big spenders dominate.
 *
 * `tier_plans/<planId>` holds the proposal, the versions in force when it began (every step compares
 * against the same terms, even if a version is published meanwhile), the cursor and the figures so
 * far. A step pages `member_tiers` from the cursor for up to 8 s and saves about every second: the
 * cursor and the figures up to it in one update, so no member is counted twice, whether two steps run
 * at once (two tabs) or a step is killed mid-way (it loses only what it had not saved). The update is
 * a compare-and-set on the cursor, so a slower step never moves the preview back.
 */
export const TIER_PLANS = 'tier_plans'
const STEP_BUDGET_MS = 8_000
const SAVE_EVERY_MS = 1_000
const PAGE = 1000
const DAY = 86_400_000

export interface TierPlanRun extends TierPlanHead {
  _id: string
  status: 'running' | 'done'
  /** The operator who asked (openid). */
  by: string
  programme: TierProgramme
  config: TierConfig
  /** The last member_tiers `_id` counted ('' before the first). */
  cursor: string
  dryRun: DryRun
  /** Members in the insight snapshot when the preview began, for the progress bar; null without one. */
  estimate: number | null
  startedAt: Date
  updatedAt: Date
  finishedAt: Date | null
}

export interface TierPlanStepOptions {
  budgetMs?: number
  pageSize?: number
  /** Stop after this many pages (tests: a step cut short). */
  maxPages?: number
}

const loadPlan = async (db: Database, planId: string): Promise<TierPlanRun | null> =>
  ((await db.collection(TIER_PLANS).doc(planId).get()).data as TierPlanRun[])[0] ?? null

/** Creates the preview of `proposed`, nothing counted yet; previews begun over a day ago are removed. */
export async function startTierPlan(deps: Deps, proposed: TierProgramme, by: string, now: Date): Promise<TierPlanRun> {
  const { db } = deps
  const { config, head } = await planContext(db, proposed, now)
  await db.collection(TIER_PLANS).where({ startedAt: db.command.lt(new Date(now.getTime() - DAY)) }).remove()
  const snapshot = await currentRun(db)
  const plan: TierPlanRun = {
    ...head,
    _id: `${now.getTime().toString(36)}-${deps.ids.code()}`,
    status: 'running',
    by,
    programme: proposed,
    config,
    cursor: '',
    dryRun: dryRun(config, proposed, head.today, head.basePointsPerFen).result(),
    estimate: snapshot?.totals.members ?? null,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
  }
  const { _id, ...doc } = plan
  await db.collection(TIER_PLANS).doc(_id).set(doc)
  return plan
}

/** Counts members from the preview's cursor for up to 8 s. Null when there is no such preview. */
export async function stepTierPlan(db: Database, planId: string, now: Date, opts: TierPlanStepOptions = {}): Promise<TierPlanRun | null> {
  const found = await loadPlan(db, planId)
  if (!found) return null
  let plan: TierPlanRun = found
  const started = performance.now()
  const budget = opts.budgetMs ?? STEP_BUDGET_MS
  const pageSize = opts.pageSize ?? PAGE
  const maxPages = opts.maxPages ?? Infinity
  const spent = () => performance.now() - started >= budget
  let pages = 0
  while (plan.status === 'running' && !(pages > 0 && (pages >= maxPages || spent()))) {
    const run = dryRun(plan.config, plan.programme, plan.today, plan.basePointsPerFen, plan.dryRun)
    const saveFrom = performance.now()
    let cursor: string = plan.cursor
    let done = false
    do {
      const page = await pageAfter<MemberTier & { _id: string }>(db, MEMBER_TIERS, {}, cursor, pageSize)
      for (const t of page) run.add(t)
      pages++
      if (page.length < pageSize) done = true
      else cursor = page[page.length - 1]._id
    } while (!done && pages < maxPages && !spent() && performance.now() - saveFrom < SAVE_EVERY_MS)
    const moved = { cursor, dryRun: run.result(), status: done ? ('done' as const) : ('running' as const), updatedAt: now, finishedAt: done ? now : null }
    const res = await db
      .collection(TIER_PLANS)
      .where({ _id: planId, cursor: plan.cursor, status: 'running' })
      .update({ ...moved, dryRun: db.command.set(moved.dryRun) })
    // Another step counted these members first: its figures stand.
    if (res.updated !== 1) return loadPlan(db, planId)
    plan = { ...plan, ...moved }
  }
  return plan
}

/** What the console shows: the figures so far, and how far the count has got. */
export function toPlanView(p: TierPlanRun) {
  const counted = p.dryRun.members
  const percent = p.status === 'done' ? 100 : p.estimate ? Math.min(99, Math.floor((counted * 100) / p.estimate)) : null
  return {
    planId: p._id,
    status: p.status,
    today: p.today,
    current: p.current,
    proposed: p.proposed,
    basePointsPerFen: p.basePointsPerFen,
    dryRun: p.dryRun,
    progress: { counted, estimate: p.estimate, percent },
  }
}
