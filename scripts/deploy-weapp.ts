import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { hashInputs } from './build-hash'
import { runTaroBuild, TARO_INPUTS } from './taro-build'

/**
 * The weapp build that gets uploaded (`npm run build:weapp`, output miniprogram/dist/weapp) and the
 * package sizes WeChat enforces on it: the main package (everything outside the subpackage roots)
 * at most 1 MB, every package at most 2 MB. `ensureWeappBuild` rebuilds only when the inputs (the same
 * ones as the H5 build) or HUIKA_CLOUD_ENV changed, like scripts/h5-build.ts.
 * `npx tsx scripts/deploy-weapp.ts` builds if needed, prints the sizes and exits 1 when over a limit.
 */
const repo = path.resolve(__dirname, '..')
export const weappDir = path.join(repo, 'miniprogram', 'dist', 'weapp')
const STAMP = '.huika-build-hash'
const inputs = TARO_INPUTS

export const MAIN_PACKAGE_LIMIT = 1024 * 1024
export const PACKAGE_LIMIT = 2 * 1024 * 1024

/** The inputs' hash plus the build settings baked into the output (cloud env id, production mode). */
export const hashWeappInputs = (): string => `${hashInputs(repo, inputs)} env=${process.env.HUIKA_CLOUD_ENV ?? ''}`

export function weappBuildIsCurrent(dir = weappDir): boolean {
  const stamp = path.join(dir, STAMP)
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hashWeappInputs()
}

/** Builds miniprogram/dist/weapp unless it is current; returns the build's seconds (0 when skipped). */
export async function ensureWeappBuild(log: (line: string) => void = console.log): Promise<number> {
  if (weappBuildIsCurrent()) return 0
  const hash = hashWeappInputs()
  rmSync(path.join(weappDir, STAMP), { force: true })
  log('正在构建小程序 / Building the weapp (about 20 s)…')
  const started = Date.now()
  await runTaroBuild('weapp')
  writeFileSync(path.join(weappDir, STAMP), hash + '\n')
  const seconds = (Date.now() - started) / 1000
  log(`小程序构建完成 / weapp built in ${seconds.toFixed(1)} s`)
  return seconds
}

export interface PackageSize {
  /** `main`, or a subpackage's root (`staff`, `mall`, `games`). */
  name: string
  bytes: number
  limit: number
}

function bytesUnder(dir: string, skip: (rel: string) => boolean, rel = ''): number {
  let total = 0
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name
    if (skip(child)) continue
    if (entry.isDirectory()) total += bytesUnder(dir, skip, child)
    else if (entry.isFile()) total += statSync(path.join(dir, child)).size
  }
  return total
}

/**
 * The size of each package of a weapp build, from its app.json: every subpackage root's bytes, and
 * the main package = every other file. Counts every file the upload could carry (LICENSE texts
 * included), except the build stamp, so it errs on the large side.
 */
export function weappPackageSizes(dir = weappDir): PackageSize[] {
  const appJson = path.join(dir, 'app.json')
  if (!existsSync(appJson)) throw new Error(`${path.relative(repo, dir) || dir}: no app.json (build the weapp first: npm run build:weapp)`)
  const app = JSON.parse(readFileSync(appJson, 'utf8')) as { subPackages?: Array<{ root: string }>; subpackages?: Array<{ root: string }> }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/^\/+|\/+$/g, ''))
  const inRoot = (rel: string, root: string) => rel === root || rel.startsWith(root + '/')
  const main = bytesUnder(dir, (rel) => rel === STAMP || roots.some((r) => inRoot(rel, r)))
  return [
    { name: 'main', bytes: main, limit: MAIN_PACKAGE_LIMIT },
    ...roots.map((root) => ({ name: root, bytes: existsSync(path.join(dir, root)) ? bytesUnder(path.join(dir, root), () => false) : 0, limit: PACKAGE_LIMIT })),
  ]
}

export const overLimit = (sizes: PackageSize[]): PackageSize[] => sizes.filter((s) => s.bytes > s.limit)

export const formatSize = (s: PackageSize): string =>
  `${s.name.padEnd(8)} ${(s.bytes / 1024).toFixed(1).padStart(8)} KB of ${s.limit / 1024} KB (${((100 * s.bytes) / s.limit).toFixed(0)}%)`

if (require.main === module) {
  ensureWeappBuild()
    .then(() => {
      const sizes = weappPackageSizes()
      sizes.forEach((s) => console.log(formatSize(s)))
      const over = overLimit(sizes)
      if (over.length) {
        console.error(`over WeChat's limit: ${over.map((s) => s.name).join(', ')}`)
        process.exit(1)
      }
    })
    .catch((e: Error) => {
      console.error(e.message)
      process.exit(1)
    })
}
