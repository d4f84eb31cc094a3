import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deploy, DeployError, type DeployIo } from '../../scripts/deploy'
import { applyIndexPlan, readIndexPlan, type DatabaseAdmin } from '../../scripts/deploy-indexes'

/**
 * `npm run deploy`: the refusal without credentials (a real process: one message, exit 1, no stack),
 * the dry run (bundles and the plan, no cloud), and the deployment's order of calls against a fake
 * CloudBase (no network here): database first, then login, then one `tcb fn deploy` per function.
 */
jest.setTimeout(120_000)
const repo = path.resolve(__dirname, '..', '..')
const rc = JSON.parse(readFileSync(path.join(repo, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string; triggers?: Array<{ name: string }> }> }
const noCredentials = (extra: Record<string, string> = {}) => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const k of ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY', 'HUIKA_SECRET']) if (!(k in extra)) delete env[k]
  return env
}
const runScript = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'scripts', 'deploy.ts'), ...args], { cwd: repo, env, encoding: 'utf8' })

let tmp: string
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'huika-deploy-test-'))
})
afterEach(() => rmSync(tmp, { recursive: true, force: true }))

test('without credentials it refuses in one message naming what is missing and where to get it', () => {
  const r = runScript([], noCredentials())
  expect(r.status).toBe(1)
  expect(r.stderr).toContain('missing TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY')
  expect(r.stderr).toContain('https://console.cloud.tencent.com/cam/capi')
  expect(r.stderr).toContain('环境 ID')
  expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  expect(r.stdout).not.toContain('bundling') // refused before doing anything

  const partial = runScript([], noCredentials({ TCB_ENV_ID: 'huika-prod-1a2b' }))
  expect(partial.status).toBe(1)
  expect(partial.stderr).toContain('missing TCB_SECRET_ID, TCB_SECRET_KEY.')
  expect(partial.stderr).not.toMatch(/^\s+TCB_ENV_ID/m)
})

test('an unknown option is a usage message, not a stack trace', () => {
  const r = runScript(['--dryrun'], noCredentials())
  expect(r.status).toBe(1)
  expect(r.stderr).toContain('usage: npm run deploy')
  expect(r.stderr).not.toMatch(/\n\s+at /)
})

test('--dry-run builds the bundles and prints functions, triggers and indexes without credentials or network', () => {
  const r = runScript(['--dry-run', '--bundle-dir', tmp], noCredentials())
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  for (const fn of rc.functions) {
    expect(r.stdout).toMatch(new RegExp(`^  ${fn.name} +Nodejs`, 'm'))
    expect(existsSync(path.join(tmp, fn.name, 'index.js'))).toBe(true)
    for (const t of fn.triggers ?? []) expect(r.stdout).toContain(`timer ${t.name} "`)
  }
  expect(r.stdout).toContain('(TCB_ENV_ID not set)')
  expect(r.stdout).toContain('openid_unique (openid asc, unique)')
  expect(r.stdout).toContain('store_created (storeId asc, createdAt desc)')
  expect(r.stdout).toContain('dry run: nothing deployed')
})

function fakeCloud() {
  const calls: string[] = []
  const collections = new Map<string, Array<{ Name: string; Unique: boolean; Keys: Array<{ Name: string; Direction: string }> }>>([
    ['members', [{ Name: 'openid_unique', Unique: true, Keys: [{ Name: 'openid', Direction: '1' }] }]],
    ['orders', [{ Name: 'created', Unique: false, Keys: [{ Name: 'createdAt', Direction: '1' }] }]], // declared desc: differs
  ])
  const database: DatabaseAdmin = {
    async createCollectionIfNotExists(name) {
      const created = !collections.has(name)
      if (created) collections.set(name, [])
      calls.push(`db:ensure ${name}`)
      return { IsCreated: created }
    },
    async describeCollection(name) {
      return { Indexes: collections.get(name) }
    },
    async updateCollection(name, info) {
      calls.push(`db:index ${name} ${info.CreateIndexes.map((i) => i.IndexName).join(',')}`)
      for (const i of info.CreateIndexes)
        collections.get(name)!.push({ Name: i.IndexName, Unique: i.MgoKeySchema.MgoIsUnique, Keys: i.MgoKeySchema.MgoIndexKeys })
    },
  }
  const configs: Array<Record<string, unknown>> = []
  let creds: unknown
  const cloud: DeployIo['cloud'] = (c) => {
    creds = c
    return {
      database,
      tcb(args) {
        calls.push(`tcb ${args.filter((a) => !a.includes(path.sep)).join(' ')}`)
        const i = args.indexOf('--config-file')
        if (i >= 0) configs.push(JSON.parse(readFileSync(args[i + 1], 'utf8')) as Record<string, unknown>)
      },
    }
  }
  return { calls, collections, configs, cloud, creds: () => creds }
}

test('a deployment creates what the database lacks first, then logs in and deploys each function with --force', async () => {
  const fake = fakeCloud()
  const log: string[] = []
  const env = { TCB_ENV_ID: 'huika-prod-1a2b', TCB_SECRET_ID: 'AKIDexample', TCB_SECRET_KEY: 'key-example', HUIKA_SECRET: 's'.repeat(40) }
  await deploy(['--only', 'member,staff'], { env, log: (s) => log.push(s), cloud: fake.cloud, bundleDir: tmp })

  expect(fake.creds()).toEqual({ envId: 'huika-prod-1a2b', secretId: 'AKIDexample', secretKey: 'key-example', region: undefined })
  const firstTcb = fake.calls.findIndex((c) => c.startsWith('tcb'))
  expect(fake.calls.slice(0, firstTcb).every((c) => c.startsWith('db:'))).toBe(true)
  expect(fake.calls.slice(firstTcb)).toEqual([
    'tcb login --apiKeyId AKIDexample --apiKey key-example',
    'tcb --config-file fn deploy member -e huika-prod-1a2b --force --yes',
    'tcb --config-file fn deploy staff -e huika-prod-1a2b --force --yes',
  ])
  // The secret reaches every function through a temporary copy of cloudbaserc.json, removed afterwards.
  expect(fake.configs).toHaveLength(2)
  for (const c of fake.configs) for (const f of c.functions as Array<{ envVariables: unknown }>) expect(f.envVariables).toEqual({ HUIKA_SECRET: 's'.repeat(40) })
  expect(log.join('\n')).not.toContain('s'.repeat(40))

  // A trial build's HUIKA_MINIPROGRAM_STATE set where the deploy runs goes with the secret instead of being wiped.
  const trial = fakeCloud()
  await deploy(['--only', 'member'], { env: { ...env, HUIKA_MINIPROGRAM_STATE: 'trial' }, log: () => undefined, cloud: trial.cloud, bundleDir: tmp })
  expect(trial.configs).toHaveLength(1)
  for (const c of trial.configs)
    for (const f of c.functions as Array<{ envVariables: unknown }>) expect(f.envVariables).toEqual({ HUIKA_SECRET: 's'.repeat(40), HUIKA_MINIPROGRAM_STATE: 'trial' })

  // Every declared collection and index now exists; the existing unique index was not recreated,
  // and the differing one was reported and left alone.
  for (const { collection, indexes } of readIndexPlan()) {
    const names = fake.collections.get(collection)!.map((i) => i.Name)
    for (const i of indexes) expect(names).toContain(i.name)
  }
  expect(fake.calls.filter((c) => /^db:index members .*openid_unique/.test(c))).toEqual([])
  expect(fake.collections.get('orders')!.find((i) => i.Name === 'created')!.Keys).toEqual([{ Name: 'createdAt', Direction: '1' }])
  expect(log.join('\n')).toContain('orders.created exists with other keys')
})

test('without HUIKA_SECRET the functions keep their environment (no config override), and a short secret is refused', async () => {
  const fake = fakeCloud()
  const env = { TCB_ENV_ID: 'e1', TCB_SECRET_ID: 'id', TCB_SECRET_KEY: 'key' }
  await deploy(['--only', 'tier', '--skip-indexes'], { env, log: () => {}, cloud: fake.cloud, bundleDir: tmp })
  expect(fake.calls).toEqual(['tcb login --apiKeyId id --apiKey key', 'tcb fn deploy tier -e e1 --force --yes'])

  await expect(deploy([], { env: { ...env, HUIKA_SECRET: 'short' }, log: () => {}, cloud: fake.cloud, bundleDir: tmp })).rejects.toThrow(DeployError)
  await expect(deploy(['--only', 'nope'], { env, log: () => {}, cloud: fake.cloud, bundleDir: tmp })).rejects.toThrow(/not in cloudbaserc.json: nope/)
})

test('indexes are created in one call per collection, with CloudBase directions as strings', async () => {
  const fake = fakeCloud()
  const out = await applyIndexPlan(
    (fake.cloud({ envId: 'e', secretId: 'i', secretKey: 'k' })).database,
    [{ collection: 'approvals', indexes: [{ name: 'store_status_created', unique: false, keys: [{ field: 'storeId', direction: 1 }, { field: 'createdAt', direction: -1 }] }] }],
    () => {},
  )
  expect(out).toEqual({ collectionsCreated: ['approvals'], indexesCreated: ['approvals.store_status_created'], differing: [] })
  expect(fake.collections.get('approvals')).toEqual([
    { Name: 'store_status_created', Unique: false, Keys: [{ Name: 'storeId', Direction: '1' }, { Name: 'createdAt', Direction: '-1' }] },
  ])
})
