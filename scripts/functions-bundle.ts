import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

/**
 * Per-function deployment bundles for CloudBase (`npm run bundle`).
 *
 * Each cloud function folder (`cloudfunctions/<name>/index.ts`, folders starting with `_` are shared
 * code) becomes `dist/functions/<name>/index.js`: one CommonJS file for Node 18 with `shared/`,
 * `_lib/` and every pure-JS dependency (zod, csv-parse, exceljs, qrcode-generator) inlined, plus a
 * `package.json` naming only what stays external: `@cloudbase/node-sdk`, at the exact version of the
 * root package.json, which CloudBase installs in the cloud (`installDependency: true` in
 * cloudbaserc.json). The bundle's `exports.main` is the function's CloudBase entry (handler
 * `index.main`). The function's `config.json` is copied beside it.
 */

const ROOT = path.resolve(__dirname, '..')
export const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions')
export const DEFAULT_OUT_DIR = path.join(ROOT, 'dist', 'functions')

/** The Node version the bundles target; matches `runtime` in cloudbaserc.json. */
export const BUNDLE_TARGET = 'node18'
export const CLOUD_RUNTIME = 'Nodejs18.15'

/** Dependencies left out of the bundle and installed by CloudBase from the bundle's package.json. */
export const EXTERNAL_DEPENDENCIES = ['@cloudbase/node-sdk'] as const

export interface FunctionBundle {
  name: string
  dir: string
  bytes: number
}

/** Every deployable function folder: not starting with `_` or `.`, holding an index.ts. Sorted. */
export function functionNames(dir = FUNCTIONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.') && existsSync(path.join(dir, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort()
}

function rootDependencyVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const version = pkg.dependencies?.[name]
  if (!version) throw new Error(`${name} is not a dependency in package.json`)
  return version
}

export async function buildFunctionBundles(
  opts: { outDir?: string; only?: string[]; log?: (s: string) => void } = {},
): Promise<FunctionBundle[]> {
  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT_DIR)
  const log = opts.log ?? (() => {})
  const all = functionNames()
  const names = opts.only ?? all
  const unknown = names.filter((n) => !all.includes(n))
  if (unknown.length) throw new Error(`not a cloud function folder: ${unknown.join(', ')} (known: ${all.join(', ')})`)
  const dependencies = Object.fromEntries(EXTERNAL_DEPENDENCIES.map((d) => [d, rootDependencyVersion(d)]))

  const bundles: FunctionBundle[] = []
  for (const name of names) {
    const dir = path.join(outDir, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const result = await build({
      entryPoints: [path.join(FUNCTIONS_DIR, name, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: BUNDLE_TARGET,
      external: [...EXTERNAL_DEPENDENCIES],
      minify: true,
      keepNames: true, // error names and stack traces in the function log stay readable
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
      metafile: false,
    })
    for (const w of result.warnings) log(`${name}: warning: ${w.text}`)
    const pkg = { name: `huika-${name}`, version: '1.0.0', private: true, main: 'index.js', dependencies }
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
    const config = path.join(FUNCTIONS_DIR, name, 'config.json')
    if (existsSync(config)) writeFileSync(path.join(dir, 'config.json'), readFileSync(config))
    const bytes = statSync(path.join(dir, 'index.js')).size
    log(`${name.padEnd(24)} ${(bytes / 1024).toFixed(0).padStart(6)} KB  ${path.relative(ROOT, dir)}/index.js`)
    bundles.push({ name, dir, bytes })
  }
  return bundles
}

if (require.main === module) {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  const started = Date.now()
  buildFunctionBundles({ only: only.length ? only : undefined, log: (s) => console.log(s) }).then(
    (bundles) => console.log(`${bundles.length} bundles in ${path.relative(process.cwd(), DEFAULT_OUT_DIR) || '.'} (${Date.now() - started} ms)`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err)
      process.exit(1)
    },
  )
}
