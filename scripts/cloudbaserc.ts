import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { CLOUD_RUNTIME, functionNames, FUNCTIONS_DIR } from './functions-bundle'

/**
 * `cloudbaserc.json` (repo root) is derived from the functions' own `config.json` files, which stay
 * the source of truth (the WeChat devtools read them too). `npx tsx scripts/cloudbaserc.ts` rewrites
 * it; `--check` exits 1 when it is stale. tests/server/function-bundles.test.ts checks the same.
 *
 * Each function is deployed from its bundle (`functionRoot`: dist/functions, built by
 * `npm run bundle`), which inlines everything, the SDK included, so CloudBase installs nothing
 * (`installDependency: false`). `envVariables` are left out on purpose: the CLI replaces a function's whole
 * environment with what the file says, which would wipe HUIKA_SECRET set in the console.
 */

export const RC_PATH = path.resolve(__dirname, '..', 'cloudbaserc.json')

export interface TimerTrigger {
  name: string
  type: 'timer'
  /** Seven-field cron (second minute hour day month weekday year), in UTC. */
  config: string
}

/** What a function's `config.json` holds. */
export interface FunctionConfig {
  permissions?: { openapi?: string[] }
  timeout: number
  memorySize: number
  envVariables?: Record<string, string>
  triggers?: TimerTrigger[]
}

export interface RcFunction {
  name: string
  runtime: string
  handler: string
  timeout: number
  memorySize: number
  installDependency: false
  ignore: string[]
  triggers?: TimerTrigger[]
  /** Huika's own record of the WeChat open APIs the function calls (mirrors config.json). */
  permissions?: { openapi: string[] }
}

export interface CloudbaseRc {
  version: '2.0'
  envId: string
  functionRoot: string
  functions: RcFunction[]
}

export function readFunctionConfig(name: string, dir = FUNCTIONS_DIR): FunctionConfig {
  return JSON.parse(readFileSync(path.join(dir, name, 'config.json'), 'utf8')) as FunctionConfig
}

/** The declaration of one function, from its config.json. */
export function rcFunction(name: string, config: FunctionConfig): RcFunction {
  const fn: RcFunction = {
    name,
    runtime: CLOUD_RUNTIME,
    handler: 'index.main',
    timeout: config.timeout,
    memorySize: config.memorySize,
    installDependency: false,
    ignore: ['node_modules', '*.map'],
  }
  if (config.triggers?.length) fn.triggers = config.triggers
  if (config.permissions?.openapi?.length) fn.permissions = { openapi: config.permissions.openapi }
  return fn
}

export function cloudbaseRc(): CloudbaseRc {
  return {
    version: '2.0',
    envId: '{{env.TCB_ENV_ID}}',
    functionRoot: './dist/functions',
    functions: functionNames().map((name) => rcFunction(name, readFunctionConfig(name))),
  }
}

export const renderRc = (rc: CloudbaseRc) => JSON.stringify(rc, null, 2) + '\n'

if (require.main === module) {
  const want = renderRc(cloudbaseRc())
  let have = ''
  try {
    have = readFileSync(RC_PATH, 'utf8')
  } catch {
    /* missing: written below */
  }
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error('cloudbaserc.json does not match cloudfunctions/*/config.json: run npx tsx scripts/cloudbaserc.ts')
      process.exit(1)
    }
    console.log('cloudbaserc.json is up to date')
  } else {
    writeFileSync(RC_PATH, want)
    console.log(`wrote ${path.relative(process.cwd(), RC_PATH)}`)
  }
}
