import path from 'node:path'
import { build, type Plugin } from 'esbuild'

/**
 * The parts of `@cloudbase/node-sdk` that a function's start never uses, moved out of its bundle's
 * index.js into `sdk-deferred.js` beside it, loaded on first use (scripts/functions-bundle.ts).
 *
 * The SDK requires these modules when it loads, but only some SDK calls use them. In index.js each
 * is a stand-in that, the first time one of its exports is read, called or constructed, loads the
 * real module from sdk-deferred.js. The real modules import SDK internals (cloudbase.js, the request
 * code...) that index.js has too; sdk-deferred.js takes those from index.js (`registry`), so there is
 * one copy of each module and of its state, as with an installed SDK.
 */

/**
 * The deferred modules, by path under node_modules, with what uses them. `exports`: the importers
 * read named exports; `function`: the module is a function or class (CommonJS `module.exports = fn`).
 */
export const DEFERRED_SDK_MODULES: Record<string, { shape: 'exports' | 'function'; usedBy: string }> = {
  '@cloudbase/node-sdk/dist/ai/index.js': { shape: 'exports', usedBy: 'app.ai()' },
  '@cloudbase/node-sdk/dist/storage/index.js': { shape: 'exports', usedBy: 'uploadFile, downloadFile, getTempFileURL, deleteFile' },
  '@cloudbase/node-sdk/dist/auth/index.js': { shape: 'exports', usedBy: 'app.auth(): login tickets, user info, the data-model credential' },
  'axios/index.js': { shape: 'function', usedBy: 'app.requestClient (extensions) and the metadata probe, which never runs on SCF' },
  'form-data/lib/form_data.js': { shape: 'function', usedBy: 'multipart requests (file uploads)' },
  'agentkeepalive/index.js': { shape: 'function', usedBy: 'keep-alive agents, off on SCF' },
  'https-proxy-agent/dist/index.js': { shape: 'exports', usedBy: 'the `proxy` option' },
  'http-proxy-agent/dist/index.js': { shape: 'exports', usedBy: 'the `proxy` option' },
}

/**
 * The data-model client: `CloudBase.init` calls its `generateHTTPClient` for `app.models`, so its
 * stand-in returns a proxy that makes that call on first use of `app.models` (`generateMySQLClient`
 * is only called inside `app.mysql()` / `app.rdb()`). Loading it costs ~15 ms: its top level touches
 * `Headers`, which makes Node load its fetch implementation.
 */
const DATA_MODEL_CLIENT = '@cloudbase/wx-cloud-client-sdk/lib/wxCloudClientSDK.cjs.js'

/** Where the deferred parts sit, relative to the bundle's index.js. */
export const DEFERRED_FILE = './sdk-deferred.js'

const KEYS = [...Object.keys(DEFERRED_SDK_MODULES), DATA_MODEL_CLIENT]
const keyOf = (file: string) => KEYS.find((k) => file.replaceAll('\\', '/').endsWith(`/node_modules/${k}`))
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const FILTER = new RegExp(`[\\\\/]node_modules[\\\\/](${KEYS.map(escape).join('|')})$`)

/** A proxy for the value `load()` returns, got on first use; `callable` when that value is a function or class. */
const LAZY_VALUE = `(load, callable) => {
  let v
  const get = () => v || (v = load())
  return new Proxy(callable ? function () {} : {}, {
    get: (_, k) => Reflect.get(get(), k),
    set: (_, k, x) => Reflect.set(get(), k, x),
    has: (_, k) => Reflect.has(get(), k),
    apply: (_, self, args) => Reflect.apply(get(), self, args),
    construct: (_, args) => Reflect.construct(get(), args),
    ...(callable ? {} : {
      ownKeys: () => Reflect.ownKeys(get()),
      getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); return d && { ...d, configurable: true } },
    }),
  })
}`

/** The stand-in for the deferred module `key`, in index.js. */
function standIn(key: string): string {
  const load = `() => require(${JSON.stringify(DEFERRED_FILE)})(require("huika:sdk-registry"))[${JSON.stringify(key)}]()`
  if (key === DATA_MODEL_CLIENT)
    return `const lazyValue = ${LAZY_VALUE}
let real
const load = () => real || (real = (${load})().default)
exports.__esModule = true
exports.default = {
  generateHTTPClient: (...args) => lazyValue(() => load().generateHTTPClient(...args), false),
  generateMySQLClient: (...args) => load().generateMySQLClient(...args),
}`
  if (DEFERRED_SDK_MODULES[key].shape === 'exports') return `module.exports = (${LAZY_VALUE})(${load}, false)`
  // TypeScript's __importDefault / __importStar read `__esModule` at once: answered here without
  // loading, with `default` being the module itself, as they would make it.
  return `const fn = (${LAZY_VALUE})(${load}, true)
module.exports = new Proxy(fn, { get: (t, k) => (k === '__esModule' ? true : k === 'default' ? fn : Reflect.get(t, k)) })`
}

/**
 * sdk-deferred.js (`code`), the modules of index.js it uses (`registry`) and those it holds that
 * index.js must not (`holds`: all but the deferred modules, which index.js has as stand-ins), by path
 * relative to the repository.
 */
export interface SdkSplit {
  registry: string[]
  holds: string[]
  code: string
}

/**
 * For a function's index.js: the deferred modules become stand-ins, `./sdk-deferred.js` stays a
 * file beside it, and `huika:sdk-registry` hands sdk-deferred.js the modules it takes from index.js
 * (each a thunk: a module index.js has not run yet runs when sdk-deferred.js first needs it).
 */
export function sdkStandInsPlugin(root: string, split: Pick<SdkSplit, 'registry'>): Plugin {
  return {
    name: 'sdk-stand-ins',
    setup(b) {
      b.onLoad({ filter: FILTER, namespace: 'file' }, (args) => ({ loader: 'js', resolveDir: path.dirname(args.path), contents: standIn(keyOf(args.path)!) }))
      b.onResolve({ filter: new RegExp(`^${escape(DEFERRED_FILE)}$`) }, () => ({ path: DEFERRED_FILE, external: true }))
      b.onResolve({ filter: /^huika:sdk-registry$/ }, () => ({ path: 'sdk-registry', namespace: 'huika' }))
      b.onLoad({ filter: /^sdk-registry$/, namespace: 'huika' }, () => ({
        loader: 'js',
        resolveDir: root,
        contents: `module.exports = {\n${split.registry.map((p) => `  ${JSON.stringify(p)}: () => require(${JSON.stringify(path.join(root, p))}),`).join('\n')}\n}`,
      }))
    },
  }
}

/**
 * Builds sdk-deferred.js (the same for every function): the deferred modules and what only they use.
 * First the SDK alone as index.js would have it, to learn which modules index.js holds; every import
 * of the deferred code that lands on one of those is taken from index.js through the registry.
 */
export async function buildSdkSplit(opts: { root: string; target: string; sdk: string }): Promise<SdkSplit> {
  const base = { bundle: true, platform: 'node', format: 'cjs', target: opts.target, write: false, metafile: true, logLevel: 'silent', absWorkingDir: opts.root } as const
  const main = await build({
    ...base,
    stdin: { contents: `require(${JSON.stringify(opts.sdk)})`, resolveDir: opts.root, loader: 'js' },
    outfile: path.join(opts.root, 'sdk-main.js'),
    plugins: [sdkStandInsPlugin(opts.root, { registry: [] })],
  })
  const inMain = new Set(Object.keys(main.metafile.inputs).filter((p) => !p.includes(':')))
  // Each deferred module as the SDK resolves it (one copy each), for sdk-deferred.js to hold.
  const real = new Map<string, string>()
  for (const p of inMain) {
    const key = keyOf(`/${p}`)
    if (!key) continue
    if (real.has(key)) throw new Error(`two copies of ${key} in the SDK's tree: ${real.get(key)} and ${p}`)
    real.set(key, path.join(opts.root, p))
  }
  const missing = KEYS.filter((k) => !real.has(k))
  if (missing.length) throw new Error(`the SDK no longer loads ${missing.join(', ')}: update DEFERRED_SDK_MODULES in scripts/sdk-deferred.ts`)
  const registry = new Set<string>()
  const fromMain: Plugin = {
    name: 'from-index-js',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving' || args.path.startsWith('huika:')) return undefined
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' })
        if (r.errors.length) return { errors: r.errors }
        if (r.external || r.namespace !== 'file') return { path: r.path, namespace: r.namespace, external: r.external }
        const rel = path.relative(opts.root, r.path).replaceAll('\\', '/')
        if (!inMain.has(rel) || keyOf(r.path)) return { path: r.path }
        registry.add(rel)
        return { path: rel, namespace: 'huika-main' }
      })
      b.onResolve({ filter: /^huika:main-ref$/ }, () => ({ path: 'main-ref', namespace: 'huika' }))
      b.onLoad({ filter: /^main-ref$/, namespace: 'huika' }, () => ({ loader: 'js', contents: 'module.exports = { main: null }' }))
      b.onLoad({ filter: /.*/, namespace: 'huika-main' }, (args) => ({
        loader: 'js',
        contents: `module.exports = require("huika:main-ref").main[${JSON.stringify(args.path)}]()`,
      }))
    },
  }
  const thunks = KEYS.map((k) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(real.get(k))}),`)
  const deferred = await build({
    ...base,
    stdin: {
      contents: `const ref = require("huika:main-ref")
let modules
module.exports = (main) => {
  ref.main = main
  return modules || (modules = {\n${thunks.join('\n')}\n})
}`,
      resolveDir: opts.root,
      loader: 'js',
    },
    outfile: path.join(opts.root, 'sdk-deferred.js'),
    minify: true,
    legalComments: 'none',
    plugins: [fromMain],
  })
  const holds = Object.keys(deferred.metafile.inputs).filter((p) => !p.includes(':') && !keyOf(`/${p}`))
  return { registry: [...registry].sort(), holds, code: deferred.outputFiles[0].text }
}
