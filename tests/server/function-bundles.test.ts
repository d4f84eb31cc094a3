import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { builtinModules } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { cloudbaseRc, RC_PATH, readFunctionConfig, renderRc, type CloudbaseRc } from '../../scripts/cloudbaserc'
import { buildFunctionBundles, CLOUD_RUNTIME, EXTERNAL_DEPENDENCIES, functionNames, FUNCTIONS_DIR, type FunctionBundle } from '../../scripts/functions-bundle'

/**
 * Issue 10, item 1: every cloud function folder builds into a self-contained bundle whose `main` is
 * the CloudBase entry, and cloudbaserc.json, each function's config.json, the folders and docs/api.md
 * agree. The bundles are built once into a temp dir (about 3 s for all of them) whose node_modules
 * holds only the bundles' declared dependency, as CloudBase's installDependency would.
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
}

let tmp: string
let bundles: FunctionBundle[]
const loaded = new Map<string, Loaded>()

// Runs in a fresh node process: require the bundle, report its exports and, for a callable function,
// what `main` answers to an unknown action (answered before any database call: no network).
const LOAD = `
const m = require(process.argv[1])
const out = { main: typeof m.main, definition: m.definition ? m.definition.name : null, jobs: m.jobs ? m.jobs.map((j) => j.name) : null, answer: null }
const done = () => process.stdout.write(JSON.stringify(out))
if (!m.definition) done()
else Promise.resolve(m.main({ action: '__no_such_action__' }, {})).then((a) => { out.answer = a; done() }, (e) => { out.answer = String(e); done() })
`

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'huika-bundles-'))
  bundles = await buildFunctionBundles({ outDir: path.join(tmp, 'functions') })
  for (const dep of EXTERNAL_DEPENDENCIES) {
    mkdirSync(path.dirname(path.join(tmp, 'node_modules', dep)), { recursive: true })
    symlinkSync(path.dirname(require.resolve(`${dep}/package.json`)), path.join(tmp, 'node_modules', dep), 'dir')
  }
  for (const b of bundles) {
    const out = execFileSync(process.execPath, ['-e', LOAD, path.join(b.dir, 'index.js')], {
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '', HUIKA_SECRET: 'function-bundles-test-secret-0123456789' },
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
        installDependency: true,
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
  test('one per function folder, each an index.js with a package.json naming only the external SDK at the root version', () => {
    expect(bundles.map((b) => b.name)).toEqual(folders)
    for (const b of bundles) {
      expect(b.bytes).toBeGreaterThan(10_000)
      const pkg = JSON.parse(readFileSync(path.join(b.dir, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> }
      expect(pkg.main).toBe('index.js')
      expect(pkg.dependencies).toEqual({ '@cloudbase/node-sdk': rootPkg.dependencies['@cloudbase/node-sdk'] })
      expect(rootPkg.dependencies['@cloudbase/node-sdk']).toMatch(/^\d+\.\d+\.\d+$/) // pinned, so the cloud installs what was tested
      expect(readFunctionConfig(b.name)).toEqual(JSON.parse(readFileSync(path.join(b.dir, 'config.json'), 'utf8')))
    }
  })

  test('requires nothing but node built-ins and the declared dependency (shared/, _lib/, zod, csv-parse, exceljs inlined)', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
    for (const b of bundles) {
      const code = readFileSync(path.join(b.dir, 'index.js'), 'utf8')
      const required = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]
      expect({ name: b.name, other: required.filter((r) => !builtins.has(r) && !(EXTERNAL_DEPENDENCIES as readonly string[]).includes(r)) }).toEqual({ name: b.name, other: [] })
      expect(code).not.toMatch(/from ["']\.\.?\//) // no ESM import left behind
    }
  })

  test("loads in a fresh process with only the SDK installed, and `main` is the function's CloudBase entry", () => {
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
})
