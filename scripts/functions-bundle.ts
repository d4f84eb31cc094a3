import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build, type Metafile, type Plugin } from 'esbuild'
import { functionApi } from './bundle-function-api'
import { buildSdkSplit, DEFERRED_FILE, sdkStandInsPlugin, type SdkSplit } from './sdk-deferred'

/**
 * Per-function deployment bundles for CloudBase (`npm run bundle`).
 *
 * Each cloud function folder (`cloudfunctions/<name>/index.ts`, folders starting with `_` are shared
 * code) becomes `dist/functions/<name>/index.js`: one CommonJS file for Node 18 holding everything
 * the function runs: `shared/`, `_lib/`, zod, csv-parse, qrcode-generator and `@cloudbase/node-sdk`
 * itself, at the exact version the root package.json pins (checked against the installed copy). The
 * bundle's package.json has no dependencies, so CloudBase installs nothing. `exports.main` is the
 * function's CloudBase entry (handler `index.main`); its `config.json` is copied beside it.
 *
 * Cold start (bench/cold-start.ts; target: require + first call under 150 ms) shapes the rest:
 * - The SDK is inlined: one file to compile instead of some 300 modules resolved and read one by one.
 * - The SDK parts a start never uses (AI, storage, auth, the data-model client, axios, form-data…)
 *   are in `sdk-deferred.js` beside index.js, loaded on first use (scripts/sdk-deferred.ts).
 * - The router holds only the function's own input schemas, not all of shared/api.ts
 *   (scripts/bundle-function-api.ts).
 * - A heavy package that one action needs (`LAZY_PACKAGES`: exceljs, for XLSX imports) is a file of
 *   its own, `lazy/<package>.js`, which the action requires when it runs.
 * - No `keepNames`: the name-keeping calls cost ~5 ms per start, and stack traces never used them.
 * - zod parses without JIT-compiled parsers in a bundle (`ZOD_JITLESS`).
 */

const ROOT = path.resolve(__dirname, '..')
export const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions')
export const DEFAULT_OUT_DIR = path.join(ROOT, 'dist', 'functions')

/** The Node version the bundles target; matches `runtime` in cloudbaserc.json. */
export const BUNDLE_TARGET = 'node18'
export const CLOUD_RUNTIME = 'Nodejs18.15'

/** The CloudBase SDK, inlined into every bundle at the version the root package.json pins. */
export const SDK_PACKAGE = '@cloudbase/node-sdk'

/**
 * What CloudBase sets in every function's environment that the SDK reads when it starts: the SCF
 * runtime (so `tcb.init` skips its cloud-metadata probe), the namespace (the environment id) and the
 * region. Bundles run locally (bench, tests) get these, plus what each run needs.
 */
export const CLOUD_FUNCTION_ENV = { TENCENTCLOUD_RUNENV: 'SCF', SCF_NAMESPACE: 'huika-local', TENCENTCLOUD_REGION: 'ap-shanghai' } as const

/**
 * The first line of every bundle, run before zod loads (zod takes its settings from
 * `globalThis.__zod_globalConfig`): object schemas parse without JIT-compiled parsers. Compiling one
 * (`new Function`) costs more than it saves in a function: every default config parsed at load pays
 * it (3–6 ms of a start), and so does each action's first call, to speed up parses that take
 * microseconds either way. The mini-program is jitless too (shared/zod.ts); the local server keeps the JIT.
 */
export const ZOD_JITLESS = 'globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });'

/** Packages that only some actions need, each in a file of its own beside index.js, required on first use. */
export const LAZY_PACKAGES = ['exceljs'] as const
/** Where a lazy package's file sits, relative to the bundle's index.js. */
export const lazyPackageFile = (pkg: string) => `./lazy/${pkg.replace(/[^a-z0-9.-]/gi, '_')}.js`

export interface FunctionBundle {
  name: string
  dir: string
  /** index.js, the file CloudBase loads. */
  bytes: number
  /** index.js bytes that are the inlined SDK (from the metafile). */
  sdkBytes: number
  /** The files beside index.js loaded on first use (`./sdk-deferred.js`, `./lazy/exceljs.js`), with their bytes. */
  lazy: Record<string, number>
  /** What stands for shared/api.ts: the function's input schemas only (`own`), nothing (`none`: a job) or all of it. */
  api: 'own' | 'none' | 'all'
}

/** Every deployable function folder: not starting with `_` or `.`, holding an index.ts. Sorted. */
export function functionNames(dir = FUNCTIONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.') && existsSync(path.join(dir, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort()
}

/** The SDK version the root package.json pins; the installed copy, which gets inlined, must be that one. */
export function sdkVersion(): string {
  const pinned = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies?.[SDK_PACKAGE]
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) throw new Error(`${SDK_PACKAGE} must be pinned to an exact version in package.json (found ${pinned ?? 'nothing'})`)
  const installed = (JSON.parse(readFileSync(require.resolve(`${SDK_PACKAGE}/package.json`), 'utf8')) as { version: string }).version
  if (installed !== pinned) throw new Error(`${SDK_PACKAGE} ${installed} is installed but package.json pins ${pinned}: run npm install`)
  return pinned
}

/** Imports of a LAZY_PACKAGES package become requires of its file beside index.js (built by buildBundle). */
function lazyPackagesPlugin(): Plugin {
  const lazy = new Set<string>(LAZY_PACKAGES)
  return {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (lazy.has(args.path) ? { path: lazyPackageFile(args.path), external: true } : undefined))
    },
  }
}

/** Bytes of index.js that come from the SDK: every input reachable from its entry in the metafile. */
function sdkOutputBytes(meta: Metafile): number {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint)
  const entry = Object.keys(meta.inputs).find((f) => f.endsWith('node_modules/@cloudbase/node-sdk/dist/index.js'))
  if (!out || !entry) return 0
  const seen = new Set<string>()
  const stack = [entry]
  while (stack.length) {
    const f = stack.pop()!
    if (seen.has(f)) continue
    seen.add(f)
    for (const i of meta.inputs[f]?.imports ?? []) if (meta.inputs[i.path]) stack.push(i.path)
  }
  return [...seen].reduce((s, f) => s + (out.inputs[f]?.bytesInOutput ?? 0), 0)
}

/**
 * For bench/cold-start.ts only: time marks in `globalThis.__huikaMarks`: `start` (the bundle's first
 * line runs, so compiling is done), `sdkStart` / `sdkEnd` (around the SDK's own module code).
 */
function loadMarksPlugin(): Plugin {
  const entry = require.resolve(SDK_PACKAGE)
  return {
    name: 'load-marks',
    setup(b) {
      b.onLoad({ filter: /node-sdk[\\/]dist[\\/]index\.js$/, namespace: 'file' }, (args) =>
        args.path === entry
          ? { loader: 'js', contents: `globalThis.__huikaMarks.sdkStart = performance.now();\n${readFileSync(entry, 'utf8')}\n;globalThis.__huikaMarks.sdkEnd = performance.now();` }
          : undefined,
      )
    },
  }
}

/**
 * One bundle: `entry` and everything it imports in one minified CommonJS file for Node 18 with the
 * SDK inlined, and beside it the files loaded on first use: `sdk-deferred.js` (`split`, built once
 * per run by buildSdkSplit) and each LAZY_PACKAGES package the entry imports. `plugins` come first.
 */
export async function buildBundle(opts: {
  entry: string
  outfile: string
  split: SdkSplit
  banner?: string
  plugins?: Plugin[]
  marks?: boolean
  minify?: boolean
}): Promise<{ metafile: Metafile; warnings: string[]; lazy: Record<string, number> }> {
  const dir = path.dirname(opts.outfile)
  const result = await build({
    entryPoints: [opts.entry],
    outfile: opts.outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: BUNDLE_TARGET,
    absWorkingDir: ROOT,
    plugins: [...(opts.plugins ?? []), sdkStandInsPlugin(ROOT, opts.split), lazyPackagesPlugin(), ...(opts.marks ? [loadMarksPlugin()] : [])],
    minify: opts.minify ?? true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: `${opts.marks ? 'globalThis.__huikaMarks = { start: performance.now() };\n' : ''}${opts.banner ?? ''}\n${ZOD_JITLESS}` },
    logLevel: 'silent',
    metafile: true,
  })
  const used = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))
  const lazy: Record<string, number> = {}
  if (used.has(DEFERRED_FILE)) {
    // A module in both files would run twice, with two states: the entry must take it from the SDK's copy.
    const twice = opts.split.holds.filter((p) => p in result.metafile.inputs)
    if (twice.length) throw new Error(`${path.relative(ROOT, opts.entry)}: in both index.js and sdk-deferred.js: ${twice.join(', ')}`)
    writeFileSync(path.join(dir, DEFERRED_FILE), opts.split.code)
    lazy[DEFERRED_FILE] = Buffer.byteLength(opts.split.code)
  }
  for (const pkg of LAZY_PACKAGES) {
    const file = lazyPackageFile(pkg)
    if (!used.has(file)) continue
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)})`, resolveDir: ROOT, loader: 'js' },
      outfile: path.join(dir, file),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: BUNDLE_TARGET,
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    })
    lazy[file] = statSync(path.join(dir, file)).size
  }
  return { metafile: result.metafile, warnings: result.warnings.map((w) => w.text), lazy }
}

/** The SDK split for buildBundle (sdk-deferred.js and what it takes from index.js). */
export const sdkSplit = () => buildSdkSplit({ root: ROOT, target: BUNDLE_TARGET, sdk: SDK_PACKAGE })

export async function buildFunctionBundles(
  opts: { outDir?: string; only?: string[]; log?: (s: string) => void; marks?: boolean; minify?: boolean } = {},
): Promise<FunctionBundle[]> {
  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT_DIR)
  const log = opts.log ?? (() => {})
  const all = functionNames()
  const names = opts.only ?? all
  const unknown = names.filter((n) => !all.includes(n))
  if (unknown.length) throw new Error(`not a cloud function folder: ${unknown.join(', ')} (known: ${all.join(', ')})`)
  const version = sdkVersion()
  const split = await sdkSplit()

  const bundles: FunctionBundle[] = []
  for (const name of names) {
    const dir = path.join(outDir, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const { api, plugin, missing } = functionApi(name)
    if (missing.length) log(`${name}: warning: the input of ${missing.join(', ')} is not exported by a module shared/api.ts imports, so the bundle holds all of shared/api.ts`)
    const { metafile, warnings, lazy } = await buildBundle({
      entry: path.join(FUNCTIONS_DIR, name, 'index.ts'),
      outfile: path.join(dir, 'index.js'),
      split,
      banner: `/* huika ${name}: @cloudbase/node-sdk ${version} inlined (package.json pins it; nothing is installed) */`,
      plugins: plugin ? [plugin] : [],
      marks: opts.marks,
      minify: opts.minify,
    })
    for (const w of warnings) log(`${name}: warning: ${w}`)

    const pkg = { name: `huika-${name}`, version: '1.0.0', private: true, main: 'index.js', dependencies: {}, inlined: { [SDK_PACKAGE]: version } }
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
    const config = path.join(FUNCTIONS_DIR, name, 'config.json')
    if (existsSync(config)) writeFileSync(path.join(dir, 'config.json'), readFileSync(config))
    const bytes = statSync(path.join(dir, 'index.js')).size
    const lazyNote = Object.entries(lazy).map(([f, n]) => ` + ${f.slice(2)} ${(n / 1024).toFixed(0)} KB`).join('')
    log(`${name.padEnd(24)} ${(bytes / 1024).toFixed(0).padStart(6)} KB${lazyNote}  ${path.relative(ROOT, dir)}/`)
    bundles.push({ name, dir, bytes, sdkBytes: sdkOutputBytes(metafile), lazy, api })
  }
  return bundles
}

if (require.main === module) {
  // --no-minify: readable bundles, for a CPU profile (`node --cpu-prof`) of a cold start.
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  const minify = !process.argv.includes('--no-minify')
  const started = Date.now()
  buildFunctionBundles({ only: only.length ? only : undefined, minify, log: (s) => console.log(s) }).then(
    (bundles) => console.log(`${bundles.length} bundles in ${path.relative(process.cwd(), DEFAULT_OUT_DIR) || '.'} (${Date.now() - started} ms)`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err)
      process.exit(1)
    },
  )
}
