import { shanghaiDay } from '../../shared/day'
import { dryRun, type DryRun } from '../../shared/tier/dry-run'
import { programmeOn, TierConfig, type TierProgramme } from '../../shared/tier/programme'
import type { Database } from './deps'
import { CONFIG, loadEarningRules } from './ledger'
import { forEachMemberTier, loadTierConfig, TIERS_CONFIG_ID } from './tiers'

/** What a dry run is computed against: today, the version in force and the proposal, the base earning rate. */
export interface TierPlanHead {
  today: string
  current: { version: string; effectiveFrom: string }
  proposed: { version: string; effectiveFrom: string }
  basePointsPerFen: number
}

export interface TierPlan extends TierPlanHead {
  dryRun: DryRun
}

/** The programme's versions as stored now, and the head of a dry run of `proposed` at `now`. */
export async function planContext(db: Database, proposed: TierProgramme, now: Date): Promise<{ config: TierConfig; head: TierPlanHead }> {
  const today = shanghaiDay(now)
  const config = await loadTierConfig(db)
  const rules = await loadEarningRules(db)
  const current = programmeOn(config, today)
  return {
    config,
    head: {
      today,
      current: { version: current.version, effectiveFrom: current.effectiveFrom },
      proposed: { version: proposed.version, effectiveFrom: proposed.effectiveFrom },
      basePointsPerFen: rules.rate.points / (rules.rate.yuan * 100),
    },
  }
}

/**
 * The dry run of a proposed version over every member_tiers record in one go (the CLI, which has no
 * time limit; the console runs the same in steps: tier-plan-runs.ts).
 */
export async function planTiers(db: Database, proposed: TierProgramme, now: Date): Promise<{ plan: TierPlan; config: TierConfig }> {
  const { config, head } = await planContext(db, proposed, now)
  const run = dryRun(config, proposed, head.today, head.basePointsPerFen)
  await forEachMemberTier(db, {}, async (t) => run.add(t))
  return { config, plan: { ...head, dryRun: run.result() } }
}

/** Why a proposed version cannot be published, or null: a version id is used once, and no version starts in the past. */
export function publishRefusal(config: TierConfig, proposed: TierProgramme, today: string): { code: 'VERSION_EXISTS' | 'INVALID_INPUT'; message: string } | null {
  if (config.versions.some((v) => v.version === proposed.version))
    return { code: 'VERSION_EXISTS', message: `版本号 ${proposed.version} 已存在（现有：${config.versions.map((v) => v.version).join('、')}）` }
  if (proposed.effectiveFrom < today) return { code: 'INVALID_INPUT', message: `生效日期 ${proposed.effectiveFrom} 早于今天（${today}）：新版本只能从今天或以后生效` }
  return null
}

/** Appends the version to config/tiers (checked again as a whole: versions in order). */
export async function publishTiers(db: Database, config: TierConfig, proposed: TierProgramme): Promise<TierConfig> {
  const next = TierConfig.parse({ versions: [...config.versions, proposed] })
  await db.collection(CONFIG).doc(TIERS_CONFIG_ID).set(next)
  return next
}
