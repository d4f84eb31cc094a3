import { CONFIG, EARNING_RULES_ID, loadEarningRules } from '../../cloudfunctions/_lib/ledger'
import { EarningRules } from '../../shared/points/earning-rules'
import { CLI_OPERATOR, recordChange } from '../../cloudfunctions/_lib/operators'
import { storedSettings } from '../../cloudfunctions/_lib/settings'
import { commit, withTransaction } from '../../cloudfunctions/_lib/transaction'
import { readJson } from './flags'
import { CliError, type Command } from './command'

/** `config show`: the earning rules in effect (the `config/earning` document completed with defaults). */
export const configShow: Command = {
  words: ['config', 'show'],
  summary: 'print the earning rules in effect (points per yuan, multipliers, validity, pending days, till limits)',
  async run(ctx) {
    const rules = await loadEarningRules(ctx.runtime().deps.db)
    return { json: { earning: rules }, text: JSON.stringify({ earning: rules }, null, 2) }
  },
}

/** `config set --earning FILE`: replaces the earning rules with a JSON file's (omitted fields take defaults). */
export const configSet: Command = {
  words: ['config', 'set'],
  usage: '--earning FILE.json',
  summary: 'set the earning rules from a JSON file (checked first; omitted fields take their defaults)',
  options: { earning: { type: 'string' } },
  async run(ctx) {
    const file = ctx.values.earning
    if (typeof file !== 'string') throw new CliError('--earning FILE.json is required')
    const parsed = EarningRules.safeParse(readJson(file))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new CliError(`invalid earning rules: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`)
    }
    const { deps } = ctx.runtime()
    await withTransaction(deps.db, async (tx) => {
      const before = await storedSettings(tx, 'earning')
      await tx.collection(CONFIG).doc(EARNING_RULES_ID).set(parsed.data)
      await recordChange(tx, CLI_OPERATOR, { kind: 'earning', targetId: EARNING_RULES_ID, action: 'save', before, after: parsed.data, now: deps.now(), random: deps.ids.code() })
      return commit(null)
    })
    return { json: { earning: parsed.data }, text: JSON.stringify({ earning: parsed.data }, null, 2) }
  },
}
