import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { missingCredentials } from './cloud-credentials'

/**
 * `npm test`: type-check both sides, then run every jest project once, and end with the plain
 * "N passed, N failed" line CI reads. Extra arguments go to jest (e.g. `npm test -- --selectProjects domain`).
 */
const repo = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(repo, 'node_modules', '.bin', name)

function run(cmd: string, args: string[]): number {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' })
  return r.status ?? 1
}

const tsconfigs = ['tsconfig.json', 'miniprogram/tsconfig.json', 'console/tsconfig.json'].filter((p) => existsSync(path.join(repo, p)))
for (const p of tsconfigs) {
  console.log(`类型检查 / typecheck ${p}`)
  if (run(bin('tsc'), ['-p', p, '--noEmit']) !== 0) {
    console.error(`typecheck failed: ${p}`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
}

const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'huika-test-')), 'results.json')
const status = run(bin('jest'), ['-c', 'tests/jest.config.js', '--json', `--outputFile=${out}`, ...process.argv.slice(2)])
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'))
  const skipped = r.numPendingTests + r.numTodoTests
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
  if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) console.log(`${r.numFailedTestSuites} test files failed to run`)
}
const missingCloud = missingCredentials()
if (missingCloud.length > 0)
  console.log(`real CloudBase: skipped (the contract suite's cloud half and the handler tests' handlers-cloud project), ${missingCloud.join(', ')} not set`)
process.exit(status)
