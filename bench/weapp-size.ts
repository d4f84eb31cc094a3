import { ensureWeappBuild, formatSize, weappPackageSizes } from '../scripts/deploy-weapp'
import type { Figure } from './run'

/**
 * The weapp's package sizes against WeChat's limits (main package ≤ 1 MB, each package ≤ 2 MB), from
 * the production build in miniprogram/dist/weapp (rebuilt first only if its sources changed). One row
 * per package: `n` is the package's bytes; there is no throughput, so ops/s is 0.
 * `npx tsx bench/weapp-size.ts` prints them alone.
 */
export async function benchWeappSize(): Promise<Array<Figure & { target: string }>> {
  const seconds = await ensureWeappBuild(() => {})
  const built = seconds > 0 ? `; built in ${seconds.toFixed(0)} s` : ''
  return weappPackageSizes().map((s) => ({
    name: `weapp package ${s.name}`,
    opsPerSec: 0,
    n: s.bytes,
    target: s.name === 'main' ? '≤ 1 MB' : '≤ 2 MB',
    detail: `${(s.bytes / 1024).toFixed(1)} KB, ${((100 * s.bytes) / s.limit).toFixed(0)}% of the limit${s.bytes > s.limit ? ' — OVER' : ''}${built}`,
  }))
}

if (require.main === module) {
  ensureWeappBuild()
    .then(() => weappPackageSizes().forEach((s) => console.log(formatSize(s))))
    .catch((e: Error) => {
      console.error(e.message)
      process.exit(1)
    })
}
