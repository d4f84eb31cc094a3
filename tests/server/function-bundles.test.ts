import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { definition as adminDefinition } from '../../cloudfunctions/admin'
import type { Deps } from '../../cloudfunctions/_lib/deps'
import { Api } from '../../shared/api'
import { cloudbaseRc, RC_PATH, readFunctionConfig, renderRc, type CloudbaseRc } from '../../scripts/cloudbaserc'
import { functionApiRefs } from '../../scripts/bundle-function-api'
import { DEFERRED_FILE } from '../../scripts/sdk-deferred'
import {
  buildFunctionBundles,
  CLOUD_FUNCTION_ENV,
  CLOUD_RUNTIME,
  functionNames,
  FUNCTIONS_DIR,
  LAZY_PACKAGES,
  lazyPackageFile,
  SDK_PACKAGE,
  type FunctionBundle,
} from '../../scripts/functions-bundle'

/**
 * Issue 10, item 1: every cloud function folder builds into a self-contained bundle whose `main` is
 * the CloudBase entry, and cloudbaserc.json, each function's config.json, the folders and docs/api.md
 * agree. The bundles are built once into a temp dir with no node_modules: the SDK is inlined, so
 * nothing is installed in the cloud either. (That a bundle's database calls work through its own SDK
 * copy is tests/server/bundle-cloud-path.test.ts.)
 */
jest.setTimeout(120_000)

const ROOT = path.resolve(__dirname, '../..')
const rootPkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
const rc = JSON.parse(readFileSync(RC_PATH, 'utf8')) as CloudbaseRc
const docs = readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8')
const folders = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
  .map((e) => e.name)
  .sort()

interface Loaded {
  main: string
  definition: string | null
  jobs: string[] | null
  answer: unknown
  /** Each action of the function's Api, called with no identity and no payload: the router's answer code. */
  actions: Record<string, string> | null
  /** admin only: what `login` answers to each of LOGIN_PAYLOADS (parsed before any database call). */
  logins: unknown[] | null
  zodJitless: boolean
}

/** Invalid console logins: the bundle's zod (jitless, see ZOD_JITLESS) must answer them as the repo's does. */
const LOGIN_PAYLOADS = [{}, { username: 'a', password: '' }, { username: 5, password: 'x' }, { username: 'boss', password: 'x'.repeat(200) }]

let tmp: string
let bundles: FunctionBundle[]
const loaded = new Map<string, Loaded>()

// Runs in a fresh node process: require the bundle, report its exports and, for a callable function,
// what `main` answers to an unknown action and to each of its actions called anonymously with no
// payload (all answered by the router before any database call: no network).
const LOAD = `
const m = require(process.argv[1])
const actions = JSON.parse(process.argv[2])
const out = { main: typeof m.main, definition: m.definition ? m.definition.name : null, jobs: m.jobs ? m.jobs.map((j) => j.name) : null, answer: null, actions: null, logins: null, zodJitless: globalThis.__zod_globalConfig.jitless === true }
const code = (a) => (a && a.error ? a.error.code : JSON.stringify(a))
;(async () => {
  if (m.definition) {
    out.answer = await m.main({ action: '__no_such_action__' }, {})
    out.actions = {}
    for (const action of actions) out.actions[action] = code(await m.main({ action }, {}))
  }
  if (m.definition && m.definition.name === 'admin') {
    out.logins = []
    for (const p of ${JSON.stringify(LOGIN_PAYLOADS)}) out.logins.push(await m.main({ action: 'login', ...p }, {}))
  }
  process.stdout.write(JSON.stringify(out))
})().catch((e) => { console.error(e); process.exit(1) })
`

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'huika-bundles-'))
  bundles = await buildFunctionBundles({ outDir: path.join(tmp, 'functions') })
  for (const b of bundles) {
    const actions = Object.keys((Api as Record<string, object>)[b.name] ?? {})
    const out = execFileSync(process.execPath, ['-e', LOAD, path.join(b.dir, 'index.js'), JSON.stringify(actions)], {
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '', HUIKA_SECRET: 'function-bundles-test-secret-0123456789', ...CLOUD_FUNCTION_ENV },
      encoding: 'utf8',
    })
    loaded.set(b.name, JSON.parse(out) as Loaded)
  }
})

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

describe('function folders', () => {
  test('every folder not starting with _ is a function with an index.ts and a config.json', () => {
    for (const name of folders) {
      expect(existsSync(path.join(FUNCTIONS_DIR, name, 'index.ts'))).toBe(true)
      expect(existsSync(path.join(FUNCTIONS_DIR, name, 'config.json'))).toBe(true)
    }
    expect(functionNames()).toEqual(folders)
  })

  test('no node_modules inside cloudfunctions/', () => {
    const found: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue
        if (e.name === 'node_modules') found.push(path.relative(ROOT, path.join(dir, e.name)))
        else walk(path.join(dir, e.name))
      }
    }
    walk(FUNCTIONS_DIR)
    expect(found).toEqual([])
  })
})

describe('cloudbaserc.json', () => {
  test('declares exactly the function folders (both directions)', () => {
    expect(rc.functions.map((f) => f.name).sort()).toEqual(folders)
  })

  test('points at the bundles, takes the environment from TCB_ENV_ID, and is what the config.json files say', () => {
    expect(rc.version).toBe('2.0')
    expect(rc.envId).toBe('{{env.TCB_ENV_ID}}')
    expect(path.resolve(ROOT, rc.functionRoot)).toBe(path.join(ROOT, 'dist/functions'))
    // Regenerate with `npx tsx scripts/cloudbaserc.ts` after editing a config.json.
    expect(readFileSync(RC_PATH, 'utf8')).toBe(renderRc(cloudbaseRc()))
  })

  test('each function: runtime, handler, installDependency, and the same timeout, memory, triggers and open APIs as its config.json', () => {
    for (const fn of rc.functions) {
      const config = readFunctionConfig(fn.name)
      expect({ name: fn.name, runtime: fn.runtime, handler: fn.handler, installDependency: fn.installDependency }).toEqual({
        name: fn.name,
        runtime: CLOUD_RUNTIME,
        handler: 'index.main',
        installDependency: false,
      })
      expect({ name: fn.name, timeout: fn.timeout, memorySize: fn.memorySize }).toEqual({ name: fn.name, timeout: config.timeout, memorySize: config.memorySize })
      expect(fn.triggers ?? []).toEqual(config.triggers ?? [])
      expect(fn.permissions?.openapi ?? []).toEqual(config.permissions?.openapi ?? [])
    }
  })
})

describe('config.json', () => {
  test('timeout within 1–900 s, memorySize one CloudBase offers, timer triggers with seven-field cron', () => {
    for (const name of folders) {
      const c = readFunctionConfig(name)
      expect(Number.isInteger(c.timeout) && c.timeout >= 1 && c.timeout <= 900).toBe(true)
      expect([128, 256, 512, 1024, 2048]).toContain(c.memorySize)
      for (const t of c.triggers ?? []) {
        expect(t.type).toBe('timer')
        expect(t.name).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/)
        expect(t.config.split(' ')).toHaveLength(7)
      }
    }
  })

  test('a job function has one timer trigger; a callable function has none', () => {
    for (const name of folders) {
      const l = loaded.get(name)!
      const triggers = readFunctionConfig(name).triggers ?? []
      if (l.definition) expect({ name, triggers }).toEqual({ name, triggers: [] })
      else expect({ name, triggers: triggers.length }).toEqual({ name, triggers: 1 })
    }
  })

  test('open-API permissions name the calls the function makes', () => {
    const openapi = (name: string) => readFunctionConfig(name).permissions?.openapi ?? []
    expect(openapi('member')).toContain('phonenumber.getPhoneNumber')
    expect(openapi('share')).toContain('wxacode.getUnlimited')
    for (const name of ['admin', 'staff', 'journeys', 'points-expiry-warning', 'tier-review']) expect({ name, openapi: openapi(name) }).toEqual({ name, openapi: expect.arrayContaining(['subscribeMessage.send']) })
  })
})

describe('docs/api.md', () => {
  test('names every callable function in a "## Function" section and every job in the Scheduled jobs table, with its trigger', () => {
    const jobsSection = docs.slice(docs.indexOf('## Scheduled jobs'), docs.indexOf('\n## ', docs.indexOf('## Scheduled jobs') + 1))
    for (const name of folders) {
      const l = loaded.get(name)!
      if (l.definition) expect({ name, documented: docs.includes(`## Function \`${name}\``) }).toEqual({ name, documented: true })
      for (const job of l.jobs ?? []) {
        const row = jobsSection.split('\n').find((line) => line.startsWith(`| \`${job}\` |`))
        expect({ job, row: row !== undefined }).toEqual({ job, row: true })
        for (const t of readFunctionConfig(name).triggers ?? []) expect({ job, trigger: row!.includes(`\`${t.config}\``) }).toEqual({ job, trigger: true })
      }
    }
  })

  test('documents no function or job that has no folder', () => {
    const documented = [...docs.matchAll(/^## Function `([a-z-]+)`/gm)].map((m) => m[1])
    const jobsSection = docs.slice(docs.indexOf('## Scheduled jobs'), docs.indexOf('\n## ', docs.indexOf('## Scheduled jobs') + 1))
    const jobs = [...jobsSection.matchAll(/^\| `([a-z-]+)` \| `[0-9* ]+`/gm)].map((m) => m[1])
    expect(documented.length).toBeGreaterThan(5)
    expect(jobs.length).toBeGreaterThan(5)
    for (const name of [...documented, ...jobs]) expect(folders).toContain(name)
  })

  test('has the Deployment bundles table with every function\'s timeout, memory and trigger', () => {
    const at = docs.indexOf('## Deployment bundles')
    expect(at).toBeGreaterThan(0)
    const section = docs.slice(at, docs.indexOf('\n## ', at + 1) > 0 ? docs.indexOf('\n## ', at + 1) : undefined)
    for (const name of folders) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))
      const c = readFunctionConfig(name)
      const cells = row?.split('|').map((x) => x.trim())
      // | name | kind | timeout | memory | trigger | open APIs |
      expect({ name, timeout: cells?.[3], memory: cells?.[4], trigger: cells?.[5] }).toEqual({
        name,
        timeout: String(c.timeout),
        memory: String(c.memorySize),
        trigger: (c.triggers ?? []).map((t) => `\`${t.config}\``).join(', '),
      })
    }
  })
})

describe('bundles', () => {
  test('one per function folder, each an index.js with a package.json that needs nothing installed and names the inlined SDK at the pinned version', () => {
    expect(bundles.map((b) => b.name)).toEqual(folders)
    const pinned = rootPkg.dependencies[SDK_PACKAGE]
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/) // pinned, so the cloud runs what was tested
    expect(JSON.parse(readFileSync(require.resolve(`${SDK_PACKAGE}/package.json`), 'utf8')).version).toBe(pinned)
    for (const b of bundles) {
      expect(b.bytes).toBeGreaterThan(10_000)
      const pkg = JSON.parse(readFileSync(path.join(b.dir, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; inlined: Record<string, string> }
      expect({ name: b.name, main: pkg.main, dependencies: pkg.dependencies, inlined: pkg.inlined }).toEqual({ name: b.name, main: 'index.js', dependencies: {}, inlined: { [SDK_PACKAGE]: pinned } })
      expect(readFileSync(path.join(b.dir, 'index.js'), 'utf8').slice(0, 200)).toContain(`${SDK_PACKAGE} ${pinned} inlined`)
      // The SDK is in the bundle: what a start needs in index.js, the rest in sdk-deferred.js.
      expect({ name: b.name, inIndex: b.sdkBytes > 200_000, deferred: b.lazy[DEFERRED_FILE] > 500_000 }).toEqual({ name: b.name, inIndex: true, deferred: true })
      expect(readFunctionConfig(b.name)).toEqual(JSON.parse(readFileSync(path.join(b.dir, 'config.json'), 'utf8')))
    }
  })

  test('requires nothing but node built-ins and the files beside it (the SDK, shared/, _lib/, zod, csv-parse inlined)', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
    const lazyFiles = [DEFERRED_FILE, ...LAZY_PACKAGES.map((p) => lazyPackageFile(p))]
    for (const b of bundles) {
      const code = readFileSync(path.join(b.dir, 'index.js'), 'utf8')
      const required = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]
      expect({ name: b.name, other: required.filter((r) => !builtins.has(r) && !lazyFiles.includes(r)) }).toEqual({ name: b.name, other: [] })
      for (const f of required.filter((r) => lazyFiles.includes(r))) expect({ name: b.name, file: f, exists: existsSync(path.join(b.dir, f)) }).toEqual({ name: b.name, file: f, exists: true })
      expect(code).not.toMatch(/from ["']\.\.?\//) // no ESM import left behind
    }
  })

  test("loads in a fresh process with nothing installed, and `main` is the function's CloudBase entry", () => {
    for (const name of folders) {
      const l = loaded.get(name)!
      expect({ name, main: l.main }).toEqual({ name, main: 'function' })
      // A callable function's definition carries the folder's name; a job folder exports its job, named like the folder.
      if (l.definition) expect(l.definition).toBe(name)
      else expect(l.jobs).toEqual([name])
    }
  })

  test('a callable bundle answers a CloudBase event: an unknown action comes back UNKNOWN_ACTION', () => {
    const callables = folders.filter((n) => loaded.get(n)!.definition)
    expect(callables.length).toBeGreaterThan(5)
    for (const name of callables) expect({ name, answer: loaded.get(name)!.answer }).toEqual({ name, answer: { ok: false, error: expect.objectContaining({ code: 'UNKNOWN_ACTION' }) } })
  })

  test("a callable bundle's router knows every action of its Api (it holds only its own input schemas): each, called anonymously, asks for an identity or for valid input", () => {
    for (const name of folders.filter((n) => loaded.get(n)!.definition)) {
      const b = bundles.find((x) => x.name === name)!
      expect({ name, api: b.api }).toEqual({ name, api: 'own' })
      const answers = loaded.get(name)!.actions!
      expect(Object.keys(answers)).toEqual(Object.keys((Api as Record<string, object>)[name]))
      // Only the console's login runs without an identity; its empty payload is not valid input.
      for (const [action, code] of Object.entries(answers)) expect({ name, action, code }).toEqual({ name, action, code: name === 'admin' && action === 'login' ? 'INVALID_INPUT' : 'UNAUTHENTICATED' })
    }
  })

  test('zod runs jitless in a bundle and answers invalid input exactly as in the repo (JIT)', async () => {
    for (const name of folders) expect({ name, jitless: loaded.get(name)!.zodJitless }).toEqual({ name, jitless: true })
    const inRepo = adminDefinition.build({} as Deps) // invalid input is answered before any dependency is used
    const expected = await Promise.all(LOGIN_PAYLOADS.map((p) => inRepo({ action: 'login', ...p }, { identity: null })))
    expect(expected.every((a) => !a.ok && a.error.code === 'INVALID_INPUT')).toBe(true)
    expect(loaded.get('admin')!.logins).toEqual(expected)
  })

  test('the input schemas a bundle holds are the very ones shared/api.ts declares, found where they are exported', () => {
    for (const name of folders) {
      const api = (Api as Record<string, Record<string, { input: unknown }>>)[name]
      const refs = functionApiRefs(name)
      if (!api) {
        expect({ name, refs }).toEqual({ name, refs: null }) // a job: no Api
        continue
      }
      for (const [action, ref] of Object.entries(refs!)) {
        expect({ name, action, found: ref !== null }).toEqual({ name, action, found: true })
        const value = ref!.path.reduce<any>((v, k) => v[k], (require(ref!.file) as Record<string, unknown>)[ref!.name])
        expect({ name, action, same: value === api[action].input }).toEqual({ name, action, same: true })
      }
    }
  })

  test('beside each index.js: sdk-deferred.js; beside the admin one, exceljs too, which no index.js holds', () => {
    for (const b of bundles) expect({ name: b.name, files: Object.keys(b.lazy) }).toEqual({ name: b.name, files: b.name === 'admin' ? [DEFERRED_FILE, lazyPackageFile('exceljs')] : [DEFERRED_FILE] })
    const admin = bundles.find((b) => b.name === 'admin')!
    // exceljs writes this part name into every XLSX file.
    for (const b of bundles) expect({ name: b.name, inlined: readFileSync(path.join(b.dir, 'index.js'), 'utf8').includes('xl/workbook.xml') }).toEqual({ name: b.name, inlined: false })
    expect(readFileSync(path.join(admin.dir, lazyPackageFile('exceljs')), 'utf8')).toContain('xl/workbook.xml')
  })
})
