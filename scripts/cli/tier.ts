import { memberByNo } from '../../cloudfunctions/_lib/members'
import { CLI_OPERATOR, recordChange } from '../../cloudfunctions/_lib/operators'
import { planTiers, publishTiers, type TierPlan } from '../../cloudfunctions/_lib/tier-plan'
import { grantLevel } from '../../cloudfunctions/_lib/tiers'
import { programmeOn, type TierConfig, TierProgramme } from '../../shared/tier/programme'
import { yuanText } from '../../shared/money'
import { CliError, type CliContext, type Command } from './command'
import { readJson, required } from './flags'

/** `tier grant`: sets a member's level by hand (`floor`: never reviewed below it; `until-review`: reviewed as usual). */
export const tierGrant: Command = {
  words: ['tier', 'grant'],
  usage: '--member NO --level ID --kind floor|until-review --reason TEXT',
  summary: 'set a member\'s level by hand: a floor kept until removed, or a level until the next review',
  options: { member: { type: 'string' }, level: { type: 'string' }, kind: { type: 'string' }, reason: { type: 'string' } },
  async run(ctx) {
    const memberNo = required(ctx, 'member')
    const levelId = required(ctx, 'level')
    const kindArg = required(ctx, 'kind')
    if (kindArg !== 'floor' && kindArg !== 'until-review') throw new CliError('--kind is floor or until-review')
    const kind = kindArg === 'floor' ? 'floor' : 'untilReview'
    const reason = required(ctx, 'reason')
    if (reason.length > 200) throw new CliError('--reason is at most 200 characters')
    const { deps } = ctx.runtime()
    const member = await memberByNo(deps.db, memberNo)
    if (!member) throw new CliError(`no member with number ${memberNo}`)
    const result = await grantLevel(deps.db, member, { levelId, kind, by: 'cli', reason, now: deps.now() })
    if (!result.granted) throw new CliError(`no level "${levelId}" in version ${result.version}: levels are ${result.levels.join(', ')}`)
    const after = result.tier
    return {
      json: { memberNo, memberId: member._id, from: result.from, levelId: after.levelId, kind: kindArg, reason, reviewOn: after.reviewOn },
      text: `member ${memberNo}: ${result.from} → ${after.levelId} (${result.level.name.zh}), ${kindArg === 'floor' ? 'a floor until removed' : `until the review on ${after.reviewOn}`}; reason: ${reason}`,
    }
  },
}

/** The proposed version from `--file`, checked with the programme's schema; every problem listed. */
function readProposal(ctx: CliContext): TierProgramme {
  const file = required(ctx, 'file')
  const parsed = TierProgramme.safeParse(readJson(file))
  if (!parsed.success)
    throw new CliError(
      [`invalid tier programme in ${file}:`, ...parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)].join('\n'),
    )
  return parsed.data
}

type Plan = TierPlan

/** The dry run of `proposed` over every member_tiers record (shared with the console). */
const plan = (ctx: CliContext, proposed: TierProgramme) => {
  const { deps } = ctx.runtime()
  return planTiers(deps.db, proposed, deps.now())
}

/** Columns in a terminal: CJK characters take two. */
const displayWidth = (s: string) => [...s].reduce((n, c) => n + (c >= '\u2e80' ? 2 : 1), 0)

const signed = (fen: number) => `${fen < 0 ? '-' : '+'}¥${yuanText(Math.abs(fen))}`

/** The dry run as a table: members per level now and under the proposal, and the benefits cost. */
function planText(p: Plan, config: TierConfig, proposed: TierProgramme): string {
  const current = programmeOn(config, p.today)
  const r = p.dryRun
  const names = new Map<string, string>()
  for (const l of [...current.levels, ...proposed.levels]) if (!names.has(l.id)) names.set(l.id, l.name.zh)
  const ids = [...names.keys()]
  const rows = ids.map((id) => [id, names.get(id)!, String(r.before[id] ?? 0), String(r.after[id] ?? 0)])
  const head = ['level', 'name', 'now', 'proposed']
  const cols = head.map((_, i) => Math.max(...[head, ...rows].map((row) => displayWidth(row[i]))))
  const line = (row: string[]) => row.map((c, i) => (i >= 2 ? ' '.repeat(cols[i] - displayWidth(c)) + c : c + ' '.repeat(cols[i] - displayWidth(c)))).join('  ').trimEnd()
  return [
    `proposed version ${p.proposed.version} (from ${p.proposed.effectiveFrom}) against ${p.current.version} in force on ${p.today}:`,
    `each member's level at their next review, now and under the proposal (${r.members} member${r.members === 1 ? '' : 's'} with a tier record)`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `up ${r.up}, down ${r.down}, same ${r.same}`,
    `a year of benefits (discounts + extra points at ${p.basePointsPerFen} points per fen): ¥${yuanText(r.costBeforeFen)} → ¥${yuanText(r.costAfterFen)} (${signed(r.costAfterFen - r.costBeforeFen)})`,
  ].join('\n')
}

/** `tier plan --file`: checks a proposed version and shows what it would do to the members; saves nothing. */
export const tierPlan: Command = {
  words: ['tier', 'plan'],
  usage: '--file LADDER.json',
  summary: 'check a proposed tier programme version and show its dry run over the members (saves nothing)',
  options: { file: { type: 'string' } },
  async run(ctx) {
    const proposed = readProposal(ctx)
    const { plan: p, config } = await plan(ctx, proposed)
    return { json: { plan: p, programme: proposed }, text: planText(p, config, proposed) }
  },
}

/** `tier publish --file [--yes]`: the same dry run, then (with --yes) appends the version to config/tiers. */
export const tierPublish: Command = {
  words: ['tier', 'publish'],
  usage: '--file LADDER.json [--yes]',
  summary: 'show the dry run, then with --yes add the version to config/tiers (new version, effective today or later)',
  options: { file: { type: 'string' }, yes: { type: 'boolean' } },
  async run(ctx) {
    const proposed = readProposal(ctx)
    const { plan: p, config } = await plan(ctx, proposed)
    if (config.versions.some((v) => v.version === proposed.version))
      throw new CliError(`version ${proposed.version} already exists (versions: ${config.versions.map((v) => v.version).join(', ')}); give the new one its own`)
    if (proposed.effectiveFrom < p.today)
      throw new CliError(`effectiveFrom ${proposed.effectiveFrom} is before today (${p.today}): a new version applies from today or later`)
    const text = planText(p, config, proposed)
    if (!ctx.values.yes) return { json: { plan: p, saved: false }, text: `${text}\n\nnot saved: run again with --yes to publish version ${proposed.version}` }
    const { deps } = ctx.runtime()
    const next = await publishTiers(deps.db, config, proposed)
    await recordChange(deps.db, CLI_OPERATOR, { kind: 'tiers', targetId: proposed.version, action: 'publish', before: { inForce: p.current }, after: proposed, now: deps.now(), random: deps.ids.code() })
    return {
      json: { plan: p, saved: true, versions: next.versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom })) },
      text: `${text}\n\npublished version ${proposed.version}, in force from ${proposed.effectiveFrom}`,
    }
  },
}
