import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchColdStart } from './cold-start'
import { benchFinance } from './finance'
import { benchFlashSale } from './flash-sale'
import { benchHttpMe } from './http-me'
import { benchInsight } from './insight'
import { benchRawSqlite } from './raw-sqlite'
import { benchSdkLocal } from './sdk-local'
import { benchSignin } from './signin'
import { benchTierReview } from './tier-review'
import { benchAccrueInProcess, benchTillHttp } from './till'
import { benchWeappSize } from './weapp-size'

/**
 * `npm run bench`: every benchmark once, in one process, so ratios compare figures from the same run
 * on the same (noisy) machine. Prints a table and writes bench/results/<timestamp>.json and latest.md.
 */
export type Figure = { name: string; opsPerSec: number; n: number; detail?: string }

async function main() {
  const started = new Date()
  const raw = await benchRawSqlite()
  const sdk = await benchSdkLocal()
  const http = await benchHttpMe()
  const accrue = await benchAccrueInProcess()
  const [accrueHttp, lookupHttp] = await benchTillHttp()
  // 100 units, 1,000 members redeeming at once over HTTP; the row says whether the outcome was exact.
  const flashSale = await benchFlashSale({ members: 1000, stock: 100, shards: 8 })
  // 1,000 members checking in at once over HTTP, then 3 identical check-ins each (all `already: true`).
  const [signin, signinRepeats] = await benchSignin({ members: 1000, repeats: 3 })
  // 100,000 members all due (the worst day); the 1,000,000 figure: npx tsx bench/tier-review.ts --members 1000000
  const tierReview = await benchTierReview({ members: 100_000, deadlineMinutes: 10 })
  // Every finance report over 100,000 members / 1,000,000 entries (generated once into /tmp and reused),
  // and the 100,000-row member import; the 1,000,000 / 10,000,000 figure: npx tsx bench/finance.ts
  const finance = await benchFinance({ members: 100_000, entries: 1_000_000 })
  // The nightly member insight and segment counts on that same data set; the 1,000,000 figure: npx tsx bench/insight.ts
  const insight = await benchInsight({ members: 100_000, entries: 1_000_000 })
  // Each bundled cloud function in fresh node processes: require + one first call (median of 5); details: npx tsx bench/cold-start.ts
  const coldStart = await benchColdStart({ runs: 5 })
  // The weapp's main package and subpackages against WeChat's 1 MB / 2 MB limits (builds first if its sources changed).
  const weappSize = await benchWeappSize()

  const ofRaw = (f: Figure) => (f.opsPerSec / raw.opsPerSec).toFixed(2)
  const rows: Array<Figure & { ratio: string; target: string }> = [
    { ...raw, ratio: '1.00 (ceiling)', target: '' },
    { ...sdk, ratio: ofRaw(sdk), target: '≥ 0.50 of raw' },
    { ...http, ratio: '', target: '≥ 1,500 calls/s' },
    { ...accrue, ratio: ofRaw(accrue), target: '≥ 0.25 of raw' },
    { ...accrueHttp, ratio: ofRaw(accrueHttp), target: '≥ 1,000 accruals/s' },
    { ...lookupHttp, ratio: '', target: 'p99 < 20 ms' },
    { ...flashSale, ratio: '', target: 'exact; all answered < 5 s' },
    { ...signin, ratio: '', target: '1,000 at once: exact; throughput and p99' },
    { ...signinRepeats, ratio: '', target: 'exact; all already: true' },
    { ...tierReview, ratio: '', target: '1,000,000 in < 10 min' },
    ...finance.map((f) => ({ ...f, ratio: ofRaw(f), target: f.name === 'member import' ? '100,000 rows < 120 s' : 'each < 60 s at 10,000,000 entries' })),
    ...insight.map((f) => ({ ...f, ratio: '', target: f.name === 'insight job' ? '1,000,000 members < 10 min' : '1,000,000 members < 2 s' })),
    ...coldStart.map((f) => ({ ...f, ratio: '', target: 'require + first call < 150 ms' })),
    ...weappSize.map((f) => ({ ...f, ratio: '' })),
  ]
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`
  const lines = [
    `# Huika benchmarks, ${started.toISOString()}`,
    '',
    `Machine: ${machine}. One run; ratios are within this run.`,
    '',
    '| benchmark | ops/s | n | ratio to raw | target | detail |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${r.opsPerSec.toLocaleString('en')} | ${r.n} | ${r.ratio} | ${r.target} | ${r.detail ?? ''} |`),
  ]
  const report = lines.join('\n') + '\n'
  console.log('\n' + report)

  const dir = path.join(__dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const stamp = started.toISOString().replace(/[:.]/g, '-')
  writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify({ at: started.toISOString(), machine, rows }, null, 2) + '\n')
  writeFileSync(path.join(dir, 'latest.md'), report)
  console.log(`written to bench/results/${stamp}.json and bench/results/latest.md`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
