import { parseArgs } from 'node:util'
import tcb from '@cloudbase/node-sdk'
import { CliError, type CliContext, type Command } from './cli/command'
import { staffPassword } from './cli/console-login'
import { staffAdd, staffList, staffRemove, storeAdd } from './cli/staff'
import type { LocalRuntime } from './server/runtime'
import { missingCredentials } from './cloud-credentials'
import { refusal } from './deploy'

/**
 * The operator commands a new CloudBase environment needs before anyone can sign in, run against
 * that environment's database instead of the local data directory (`npm run cli` works only on the
 * local store): the first admin, its console password, stores and clerks.
 *
 *   npx tsx scripts/deploy-admin.ts store add --id S001 --name 南京西路店 --open 10:00 --close 22:00
 *   npx tsx scripts/deploy-admin.ts staff add --openid <openid> --store S001 --role admin --name 店长
 *   npx tsx scripts/deploy-admin.ts staff password --openid <openid> --username boss --password-stdin
 *   npx tsx scripts/deploy-admin.ts staff list
 *
 * Same flags and checks as `npm run cli -- <command>` (the same command code); TCB_ENV_ID,
 * TCB_SECRET_ID and TCB_SECRET_KEY as for `npm run deploy`.
 */
const CLOUD_COMMANDS: Command[] = [staffAdd, staffRemove, staffList, staffPassword, storeAdd]

export async function runCloudAdmin(argv: string[], env: NodeJS.ProcessEnv, out: (s: string) => void): Promise<number> {
  const command = CLOUD_COMMANDS.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length)[0]
  if (!command) {
    process.stderr.write(`usage: npx tsx scripts/deploy-admin.ts <command> [options] [--json]\n${CLOUD_COMMANDS.map((c) => `  ${[...c.words, c.usage].filter(Boolean).join(' ')}`).join('\n')}\n`)
    return 2
  }
  const missing = missingCredentials(env)
  if (missing.length) {
    process.stderr.write(refusal(missing).replace('npm run deploy:', `${command.words.join(' ')}:`).replace('Nothing was deployed.', 'Nothing was changed.') + '\n')
    return 1
  }
  try {
    const { values, positionals } = parseArgs({ args: argv.slice(command.words.length), options: { json: { type: 'boolean' }, ...command.options }, allowPositionals: true, strict: true })
    const db = tcb.init({ env: env.TCB_ENV_ID!.trim(), secretId: env.TCB_SECRET_ID!.trim(), secretKey: env.TCB_SECRET_KEY!.trim() }).database()
    // These commands use only the database and the clock.
    const runtime = { deps: { db, now: () => new Date() } } as unknown as LocalRuntime
    const ctx: CliContext = { values, args: positionals, dataDir: `cloudbase:${env.TCB_ENV_ID}`, runtime: () => runtime }
    const result = await command.run(ctx)
    out(values.json ? `${JSON.stringify(result.json)}\n` : `${result.text}\n`)
    return 0
  } catch (err) {
    const e = err as Error & { code?: string }
    const known = err instanceof CliError || e.code?.startsWith('ERR_PARSE_ARGS') || typeof e.code === 'string'
    process.stderr.write(`${command.words.join(' ')}: ${known ? e.message : (e.stack ?? String(err))}\n`)
    return 1
  }
}

if (require.main === module) {
  runCloudAdmin(process.argv.slice(2), process.env, (s) => process.stdout.write(s)).then((code) => {
    process.exitCode = code
  })
}
