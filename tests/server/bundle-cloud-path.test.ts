import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { definition as memberDefinition } from '../../cloudfunctions/member'
import type { LocalStore } from '../../scripts/local-cloudbase'
import { buildBundle, buildFunctionBundles, lazyPackageFile, SDK_PACKAGE, sdkSplit, type FunctionBundle } from '../../scripts/functions-bundle'
import { DEFERRED_FILE } from '../../scripts/sdk-deferred'
import { lastCode, openHarness, type Harness } from '../handlers/harness'
import { cloudLikeEnv, serveTcbEndpoint, type TcbEndpoint } from './tcb-http-endpoint'

/**
 * Bundles with the SDK inlined WORK, not just load: a bundled function, in a fresh process with no
 * node_modules anywhere and the environment CloudBase gives a function, does real database round
 * trips (reads, a transaction) over HTTP through its own copy of the SDK, to an endpoint answered by
 * a local store; and the SDK parts the bundles defer, and the lazy exceljs file, work when used.
 */
jest.setTimeout(120_000)

const run = promisify(execFile)
const OPENID = 'openid-bundle-alice'
const PHONE = '13800138123'

let tmp: string
let bundles: Map<string, FunctionBundle>
let h: Harness
let endpoint: TcbEndpoint

/**
 * Runs `script` in a fresh node process in the temp dir, with `bundle` = the required `file` and
 * `loaded()` = the files required since, besides it; returns what the script returns.
 */
async function inBundle(file: string, script: string): Promise<any> {
  const code = `const file = ${JSON.stringify(file)}; const bundle = require(file)
const loaded = () => Object.keys(require.cache).filter((f) => f !== file).map((f) => require('path').relative(require('path').dirname(file), f))
;(async () => { ${script} })().then((out) => process.stdout.write(JSON.stringify(out)), (e) => { console.error(e); process.exit(1) })`
  const { stdout } = await run(process.execPath, ['-e', code], {
    cwd: tmp,
    env: { ...cloudLikeEnv(endpoint), HUIKA_SECRET: 'bundle-cloud-path-secret-0123456789abcdef' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return JSON.parse(stdout)
}

/** The context CloudBase passes with a call from the mini-program: the caller's openid. */
const context = JSON.stringify({ environment: JSON.stringify({ WX_OPENID: OPENID }) })

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'huika-bundle-cloud-'))
  const built = await buildFunctionBundles({ outDir: path.join(tmp, 'functions'), only: ['admin', 'points', 'signin'] })
  bundles = new Map(built.map((b) => [b.name, b]))
  await buildBundle({ entry: path.join(__dirname, 'bundled-sdk-probe.ts'), outfile: path.join(tmp, 'probe', 'index.js'), split: await sdkSplit() })
  // A registered member, made in this process through the repo's own member function on a local store
  // (running on the real clock, as the bundles do); the bundles then reach that store over HTTP.
  h = openHarness(memberDefinition)
  h.clock.set(null)
  expect(await h.call(OPENID, { action: 'sendCode', phone: PHONE })).toMatchObject({ ok: true })
  expect(await h.call(OPENID, { action: 'register', phone: PHONE, smsCode: lastCode(h, PHONE) })).toMatchObject({ ok: true })
  // The server project runs the harness on its local target: its store is a LocalStore, which the endpoint serves.
  endpoint = await serveTcbEndpoint(h.store as LocalStore, (action, params) =>
    action === 'storage.batchGetDownloadUrl'
      ? { requestId: 'bundle-test', data: { download_list: (params.file_list as Array<{ fileid: string }>).map((f) => ({ fileid: f.fileid, download_url: `https://files.example/${f.fileid.split('/').pop()}`, code: 'SUCCESS' })) } }
      : undefined,
  )
})

afterAll(async () => {
  await endpoint?.close()
  h?.close()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

test('the bundles hold the SDK: nothing can resolve it from where they run', async () => {
  const out = await inBundle(path.join(bundles.get('points')!.dir, 'index.js'), `try { require.resolve(${JSON.stringify(SDK_PACKAGE)}); return { resolvable: true } } catch { return { resolvable: false, main: typeof bundle.main } }`)
  expect(out).toEqual({ resolvable: false, main: 'function' })
})

test('a bundled function does database round trips through its inlined SDK: check-in writes in a transaction, points reads it back', async () => {
  endpoint.requests.length = 0
  // A database call needs nothing that the bundle defers: no file but index.js is loaded.
  const { answer: checkIn, files } = await inBundle(path.join(bundles.get('signin')!.dir, 'index.js'), `return { answer: await bundle.main({ action: 'checkIn' }, ${context}), files: loaded() }`)
  expect(files).toEqual([])
  expect(checkIn).toMatchObject({ ok: true, data: { already: false, streak: 1 } })
  const points = checkIn.data.points as number
  expect(points).toBeGreaterThan(0)

  // What the function wrote is in the store the endpoint answers from.
  const memberId = (h.store.rawFind('members').find((m) => m.openid === OPENID) as { _id: string })._id
  expect(h.store.rawFind('signins')).toEqual([expect.objectContaining({ memberId })])
  expect(h.store.rawGet('accounts', memberId)).toMatchObject({ balance: points })
  expect(h.store.rawFind('ledger')).toEqual([expect.objectContaining({ memberId, points })])

  // Another function, another process, reads it back.
  const summary = await inBundle(path.join(bundles.get('points')!.dir, 'index.js'), `return bundle.main({ action: 'summary' }, ${context})`)
  expect(summary).toMatchObject({ ok: true, data: { balance: points } })

  // Over HTTP, signed with the function's credentials, in a transaction.
  const actions = endpoint.requests.map((r) => r.action)
  expect(actions).toEqual(expect.arrayContaining(['database.getDocument', 'database.startTransaction', 'database.commitTransaction']))
  expect(endpoint.requests.every((r) => r.authorization?.startsWith('TC3-HMAC-SHA256 Credential=bundle-test-secret-id/'))).toBe(true)
})

test('the SDK parts deferred at start, in sdk-deferred.js, work when used: data-model client, storage, auth, AI, requestClient', async () => {
  // The platform lists the WeChat context keys in WX_CONTEXT_KEYS; auth's getUserInfo reads them.
  const out = await inBundle(path.join(tmp, 'probe', 'index.js'), `Object.assign(process.env, { WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 'openid-probe' }); return { ...(await bundle.probeDeferredSdk()), files: loaded() }`)
  expect(out).toEqual({
    fetchLoadedAtInit: false, // the data-model client is not made by tcb.init …
    fetchLoadedAfterModels: true, // … but on first use of app.models
    modelMethods: ['function', 'function', 'function'],
    tempFileURL: expect.objectContaining({ download_url: 'https://files.example/a.png' }),
    openId: 'openid-probe',
    ai: 'function',
    requestClient: 'function',
    files: [DEFERRED_FILE.slice(2)],
  })
  expect(endpoint.requests.map((r) => r.action)).toContain('storage.batchGetDownloadUrl')
})

test('exceljs is a file of its own beside the admin bundle, not loaded at start, and loads when an import needs it', async () => {
  const admin = bundles.get('admin')!
  expect(admin.lazy[lazyPackageFile('exceljs')]).toBeGreaterThan(500_000)
  const file = path.join(admin.dir, lazyPackageFile('exceljs'))
  expect(existsSync(file)).toBe(true)
  const out = await inBundle(
    path.join(admin.dir, 'index.js'),
    `const atStart = loaded()
     const ExcelJS = require(${JSON.stringify(file)})
     const wb = new ExcelJS.Workbook(); wb.addWorksheet('s').addRow(['手机号', 13800138000])
     const back = new ExcelJS.Workbook(); await back.xlsx.load(await wb.xlsx.writeBuffer())
     return { atStart, cell: back.worksheets[0].getRow(1).values }`,
  )
  expect(out).toEqual({ atStart: [], cell: [null, '手机号', 13800138000] })
  expect(Object.keys(admin.lazy).sort()).toEqual([DEFERRED_FILE, lazyPackageFile('exceljs')].sort())
})
