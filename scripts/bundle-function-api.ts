import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'esbuild'

/**
 * In a function's bundle, the router (`cloudfunctions/_lib/router.ts`) imports `Api` from
 * shared/api.ts only to find each of the function's actions' input schema. The whole file builds
 * every function's zod schemas, inputs and outputs, when it loads: about half of a callable bundle's
 * own start time. This plugin gives the router instead a module that imports just the function's
 * input schemas, from the shared/ modules that export them.
 */

const ROOT = path.resolve(__dirname, '..')
const API_FILE = path.join(ROOT, 'shared', 'api.ts')
const ROUTER = path.join(ROOT, 'cloudfunctions', '_lib', 'router.ts')

/** A value exported by a shared/ module: `require(file)[name]`, then `[path[0]][path[1]]…`. */
export interface ExportRef {
  file: string
  name: string
  path: string[]
}

/**
 * Where each of a function's input schemas is exported from, found by identity among the exports of
 * the modules shared/api.ts imports (and one level into exported objects, for the `...XAdminApi`
 * blocks). An action maps to `null` when its input is not reachable that way (a schema written inline
 * in shared/api.ts). `null` for a folder with no entry in shared/api.ts (a job).
 */
export function functionApiRefs(name: string): Record<string, ExportRef | null> | null {
  const { Api } = require(API_FILE) as { Api: Record<string, Record<string, { input: unknown }> | undefined> }
  const actions = Api[name]
  if (!actions) return null
  const sources = [...readFileSync(API_FILE, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => require.resolve(path.join(ROOT, 'shared', m[1])))
  const find = (input: unknown): ExportRef | null => {
    for (const file of sources) {
      for (const [exported, value] of Object.entries(require(file) as Record<string, unknown>)) {
        if (value === input) return { file, name: exported, path: [] }
        if (typeof value !== 'object' || value === null) continue
        const key = Object.keys(value).find((k) => (value as Record<string, { input?: unknown } | undefined>)[k]?.input === input)
        if (key !== undefined) return { file, name: exported, path: [key, 'input'] }
      }
    }
    return null
  }
  return Object.fromEntries(Object.entries(actions).map(([action, { input }]) => [action, find(input)]))
}

/** The module that stands for shared/api.ts: `Api` with the function's inputs only (none for a job). */
function functionApiSource(name: string, refs: Record<string, ExportRef>): string {
  const files = [...new Set(Object.values(refs).map((r) => r.file))]
  const imports = files.map((f, i) => `import * as m${i} from ${JSON.stringify(f)}`)
  const entries = Object.entries(refs).map(
    ([action, r]) => `${JSON.stringify(action)}: { input: m${files.indexOf(r.file)}[${JSON.stringify(r.name)}]${r.path.map((k) => `[${JSON.stringify(k)}]`).join('')} }`,
  )
  return `${imports.join('\n')}\nexport const Api = { ${JSON.stringify(name)}: { ${entries.join(', ')} } }\n`
}

/**
 * The plugin for function `name`, and what the bundle's router holds: `own` (its input schemas only),
 * `none` (a job: an empty Api) or `all` (some input could not be located, so no plugin: all of
 * shared/api.ts, and `missing` names the actions at fault).
 */
export function functionApi(name: string): { api: 'own' | 'none' | 'all'; plugin: Plugin | null; missing: string[] } {
  const found = functionApiRefs(name)
  const missing = Object.entries(found ?? {}).filter(([, r]) => r === null).map(([a]) => a)
  if (missing.length) return { api: 'all', plugin: null, missing }
  const refs = (found ?? {}) as Record<string, ExportRef>
  const plugin: Plugin = {
    name: 'function-api',
    setup(b) {
      b.onResolve({ filter: /[\\/]shared[\\/]api$/ }, (args) => (args.importer === ROUTER ? { path: name, namespace: 'function-api' } : undefined))
      b.onLoad({ filter: /.*/, namespace: 'function-api' }, () => ({ contents: functionApiSource(name, refs), loader: 'ts', resolveDir: ROOT }))
    },
  }
  return { api: found ? 'own' : 'none', plugin, missing }
}
