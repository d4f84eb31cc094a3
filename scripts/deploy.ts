import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CREDENTIALS, missingCredentials } from './cloud-credentials'
import { RC_PATH, type CloudbaseRc } from './cloudbaserc'
import { applyIndexPlan, describeIndex, readIndexPlan, type DatabaseAdmin, type IndexPlan } from './deploy-indexes'
import { DEPLOY_TOOLS, ensureDeployTools } from './deploy-tools'
import { buildFunctionBundles, DEFAULT_OUT_DIR, type FunctionBundle } from './functions-bundle'

/**
 * `npm run deploy`: builds the function bundles (dist/functions), then deploys to the CloudBase
 * environment TCB_ENV_ID, with the Tencent Cloud API key TCB_SECRET_ID / TCB_SECRET_KEY:
 *   1. the database: every collection of cloudfunctions/indexes.json and its missing indexes
 *      (@cloudbase/manager-node), first, so unique indexes exist before any function writes;
 *   2. every function of cloudbaserc.json: `tcb fn deploy <name> -e <env> --force` (@cloudbase/cli),
 *      which uploads the bundle and sets runtime, timeout, memory and timer triggers.
 * With HUIKA_SECRET set (32+ characters) every function gets it as its environment variable, the same
 * value everywhere (tokens one function signs, another checks); without it functions keep theirs.
 *
 *   npm run deploy -- --dry-run            build the bundles and print the plan; no credentials, no network
 *   npm run deploy -- --only member,points only these functions (indexes still checked; --skip-indexes to skip)
 *   npm run deploy -- --skip-functions     only the database
 */
const repo = path.resolve(__dirname, '..')

const USAGE = 'usage: npm run deploy -- [--dry-run] [--only fn1,fn2] [--skip-functions] [--skip-indexes] [--bundle-dir DIR (with --dry-run)]'

/** A refusal the user can act on: printed as one message, never with a stack trace. */
export class DeployError extends Error {}

export interface DeployIo {
  env: NodeJS.ProcessEnv
  log: (s: string) => void
  /** Where to build the bundles; default dist/functions (cloudbaserc.json's functionRoot). Tests use a temporary folder. */
  bundleDir?: string
  /** The CloudBase side; the real one installs the pinned tools on first use. */
  cloud: (env: { envId: string; secretId: string; secretKey: string; region?: string }) => {
    tcb(args: string[], opts?: { secret?: boolean }): void
    database: DatabaseAdmin
  }
}

export function refusal(missing: string[]): string {
  return [
    `npm run deploy: missing ${missing.join(', ')}. Nothing was deployed.`,
    ...CREDENTIALS.filter(([n]) => missing.includes(n)).map(([n, where]) => `  ${n.padEnd(15)} ${where}`),
    'Set them in the environment (e.g. `export TCB_ENV_ID=...`), or in CI as secrets, and run again.',
    'A sub-account key needs the CloudBase (TCB) and SCF permissions. `npm run deploy -- --dry-run` shows the plan without them.',
  ].join('\n')
}

function readRc(): CloudbaseRc {
  if (!existsSync(RC_PATH)) throw new DeployError(`${path.relative(repo, RC_PATH)} is missing: run npx tsx scripts/cloudbaserc.ts`)
  return JSON.parse(readFileSync(RC_PATH, 'utf8')) as CloudbaseRc
}

export function formatPlan(envId: string, rc: CloudbaseRc, bundles: FunctionBundle[], indexes: IndexPlan | null): string {
  const lines = [`环境 / environment: ${envId}`, '', `函数 / functions (${bundles.length}, from ${path.relative(repo, DEFAULT_OUT_DIR)}):`]
  for (const b of bundles) {
    const fn = rc.functions.find((f) => f.name === b.name)!
    const triggers = (fn.triggers ?? []).map((t) => `${t.type} ${t.name} "${t.config}"`).join('; ')
    const openapi = fn.permissions?.openapi?.length ? `  openapi: ${fn.permissions.openapi.join(', ')}` : ''
    lines.push(
      `  ${b.name.padEnd(22)} ${fn.runtime}  ${String(fn.timeout).padStart(3)} s  ${String(fn.memorySize).padStart(4)} MB  ${(b.bytes / 1024).toFixed(0).padStart(5)} KB${triggers ? `  trigger: ${triggers}` : ''}${openapi}`,
    )
  }
  if (indexes) {
    const count = indexes.reduce((n, c) => n + c.indexes.length, 0)
    lines.push('', `集合与索引 / collections and indexes (${indexes.length} collections, ${count} indexes; created when missing, never dropped):`)
    for (const { collection, indexes: list } of indexes) lines.push(`  ${collection.padEnd(26)} ${list.length ? list.map(describeIndex).join('; ') : '(no index beyond _id)'}`)
  } else lines.push('', 'collections and indexes: skipped (--skip-indexes)')
  return lines.join('\n')
}

export async function deploy(argv: string[], io: DeployIo): Promise<void> {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean' },
        only: { type: 'string' },
        'skip-functions': { type: 'boolean' },
        'skip-indexes': { type: 'boolean' },
        'bundle-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (err) {
    throw new DeployError(`${(err as Error).message}\n${USAGE}`)
  }
  if (values.help) {
    io.log(USAGE)
    return
  }
  const dryRun = values['dry-run'] === true
  const env = io.env
  const missing = missingCredentials(env)
  if (!dryRun && missing.length) throw new DeployError(refusal(missing))
  if (values['bundle-dir'] && !dryRun) throw new DeployError('--bundle-dir is for dry runs: a deployment uploads the functionRoot of cloudbaserc.json')
  const secret = env.HUIKA_SECRET?.trim()
  if (secret !== undefined && secret !== '' && secret.length < 32) throw new DeployError('HUIKA_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)')

  const rc = readRc()
  if (path.resolve(repo, rc.functionRoot) !== DEFAULT_OUT_DIR)
    throw new DeployError(`cloudbaserc.json functionRoot is ${rc.functionRoot}, but the bundles are built in ${path.relative(repo, DEFAULT_OUT_DIR)}`)
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean)
  const skipFunctions = values['skip-functions'] === true
  const declared = rc.functions.map((f) => f.name)
  const unknown = (only ?? []).filter((n) => !declared.includes(n))
  if (unknown.length) throw new DeployError(`not in cloudbaserc.json: ${unknown.join(', ')} (functions: ${declared.join(', ')})`)

  let bundles: FunctionBundle[] = []
  if (!skipFunctions) {
    io.log('打包云函数 / bundling the functions…')
    try {
      bundles = await buildFunctionBundles({ only: only ?? declared, outDir: values['bundle-dir'] ?? io.bundleDir, log: () => {} })
    } catch (err) {
      throw new DeployError(`bundling failed: ${(err as Error).message}`)
    }
  }
  const indexes = values['skip-indexes'] ? null : readIndexPlan()
  const envId = env.TCB_ENV_ID?.trim() || '(TCB_ENV_ID not set)'
  io.log(formatPlan(envId, rc, bundles, indexes))
  io.log(
    secret
      ? `\nHUIKA_SECRET: set on every function deployed (its environment becomes exactly HUIKA_SECRET${FUNCTION_ENV.map((v) => `, and ${v} when set here`).join('')}).`
      : '\nHUIKA_SECRET: not set here, so the functions keep the environment variables they have. A new environment needs it:\n  export HUIKA_SECRET=$(openssl rand -hex 32) and deploy again (keep the value: changing it signs everyone out).',
  )
  if (dryRun) {
    io.log(`\n演练 / dry run: nothing deployed. Tools a deployment uses: ${Object.entries(DEPLOY_TOOLS).map(([n, v]) => `${n}@${v}`).join(', ')}.`)
    return
  }

  const cloud = io.cloud({ envId: env.TCB_ENV_ID!.trim(), secretId: env.TCB_SECRET_ID!.trim(), secretKey: env.TCB_SECRET_KEY!.trim(), region: env.TCB_REGION?.trim() || undefined })
  if (indexes) {
    io.log('\n数据库 / database:')
    const out = await applyIndexPlan(cloud.database, indexes, io.log)
    io.log(`  ${out.collectionsCreated.length} collections and ${out.indexesCreated.length} indexes created; the rest already existed${out.differing.length ? `; ${out.differing.length} differ (see above)` : ''}`)
  }
  if (bundles.length) {
    io.log('\n云函数 / functions:')
    cloud.tcb(['login', '--apiKeyId', env.TCB_SECRET_ID!.trim(), '--apiKey', env.TCB_SECRET_KEY!.trim()], { secret: true })
    let configArgs: string[] = []
    let tmp: string | null = null
    if (secret) {
      // The same declarations with HUIKA_SECRET added, in a private temporary file the CLI reads instead.
      tmp = mkdtempSync(path.join(os.tmpdir(), 'huika-deploy-'))
      const file = path.join(tmp, 'cloudbaserc.json')
      const envVariables = { HUIKA_SECRET: secret, ...passedThrough(env) }
      const withSecret = { ...rc, functions: rc.functions.map((f) => ({ ...f, envVariables })) }
      writeFileSync(file, JSON.stringify(withSecret, null, 2), { mode: 0o600 })
      configArgs = ['--config-file', file]
    }
    try {
      for (const b of bundles) {
        io.log(`  → ${b.name}`)
        cloud.tcb([...configArgs, 'fn', 'deploy', b.name, '-e', env.TCB_ENV_ID!.trim(), '--force', '--yes'])
      }
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true })
    }
  }
  io.log(`\n部署完成 / deployed to ${env.TCB_ENV_ID!.trim()}: ${bundles.length} functions${indexes ? ', collections and indexes' : ''}.`)
}

/** Function environment variables besides HUIKA_SECRET that a deploy with the secret carries over from its own environment. */
export const FUNCTION_ENV = ['HUIKA_MINIPROGRAM_STATE'] as const
const passedThrough = (env: NodeJS.ProcessEnv) => Object.fromEntries(FUNCTION_ENV.filter((v) => env[v]?.trim()).map((v) => [v, env[v]!.trim()]))

/** The real CloudBase side: the pinned CLI (run in the repository, where cloudbaserc.json is) and manager SDK. */
export const realCloud: DeployIo['cloud'] = (creds) => {
  const tools = ensureDeployTools((s) => console.log(s))
  const CloudBase = tools.requireTool('@cloudbase/manager-node') as new (c: object) => { database: DatabaseAdmin }
  const manager = new CloudBase({ secretId: creds.secretId, secretKey: creds.secretKey, envId: creds.envId, ...(creds.region ? { region: creds.region } : {}) })
  return {
    database: manager.database,
    tcb(args, opts) {
      const r = spawnSync(tools.tcb, args, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'], env: process.env })
      const shown = opts?.secret ? `tcb ${args[0]} …` : `tcb ${args.join(' ')}`
      if (r.status !== 0) throw new DeployError(`${shown} failed (exit ${r.status ?? r.signal}); nothing after it was deployed`)
    },
  }
}

if (require.main === module) {
  deploy(process.argv.slice(2), { env: process.env, log: (s) => console.log(s), cloud: realCloud }).catch((err: unknown) => {
    // Expected refusals and the cloud's own errors are one message each; only a bug shows a stack.
    // (manager-node's CloudBaseError may carry the underlying FetchError itself as its `message`.)
    const e = err as Error & { code?: string; requestId?: string; action?: string }
    const known = err instanceof DeployError || typeof e?.code === 'string' || typeof e?.requestId === 'string'
    if (!known) console.error(e?.stack ?? String(err))
    else if (err instanceof DeployError) console.error(e.message)
    else {
      const inner = e.message as unknown as string | { message?: string } | undefined
      const text = typeof inner === 'string' ? inner : (inner?.message ?? String(inner))
      console.error(`deploy failed${e.action ? ` (${e.action})` : ''}: ${text}${e.requestId ? ` [RequestId ${e.requestId}]` : ''}`)
      console.error('Check TCB_ENV_ID, the API key and its permissions, and the network; running `npm run deploy` again is safe (it only creates what is missing and overwrites the functions).')
    }
    process.exit(1)
  })
}
