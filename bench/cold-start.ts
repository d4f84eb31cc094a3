import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildFunctionBundles, CLOUD_FUNCTION_ENV } from '../scripts/functions-bundle'
import type { Figure } from './run'

/**
 * Cold start of each bundled cloud function (`npx tsx bench/cold-start.ts [--runs 5] [names...]`).
 *
 * The bundles are built into a temp dir with no node_modules (the SDK is inlined: nothing else is
 * there in the cloud either), with time marks (`marks` in scripts/functions-bundle.ts). Each run is a
 * fresh `node` process with the environment CloudBase gives a function (CLOUD_FUNCTION_ENV: the SCF
 * runtime, so no cloud-metadata probe; a dummy HUIKA_SECRET; nothing from this shell) that
 *   1. requires the bundle (`require`),
 *   2. for a callable function (the bundle exports `definition`), calls `main({action: '__cold_start__'}, {})` once (`first call`):
 *      that is the real first-call path in the cloud, `cloudDeps()` (tcb.init + database handle),
 *      `definition.build(deps)` and the router, which answers UNKNOWN_ACTION before any database
 *      call, so nothing touches the network. The answer is checked.
 *      A timer job's `main` would go straight to the database, so for jobs only the require counts.
 * `require` splits into `load` (read + compile the file, until its first line runs), `sdk` (the SDK's
 * module code) and `own` (everything else the bundle runs at load: zod schemas, shared/, _lib/).
 * The files beside index.js (sdk-deferred.js, lazy/exceljs.js) are not loaded by a start, nor by a
 * database call (tests/server/bundle-cloud-path.test.ts): deferring them moves no cost into a real first call.
 * `boot` is node's own start-up until the probe's first line (the same for every function);
 * `require + first call` is what the function adds and what the 150 ms target is about.
 * Each figure is the median of the runs. Prints a table and writes bench/results/cold-start-<iso>.json.
 */

export interface ColdStart {
  name: string
  kind: 'callable' | 'job'
  bytes: number
  /** index.js bytes that are the inlined SDK. */
  sdkBytes: number
  /** The files beside index.js loaded on first use (sdk-deferred.js, lazy/exceljs.js), with their bytes. */
  lazy: Record<string, number>
  bootMs: number
  /** require of the bundle = loadMs + sdkMs + ownMs. */
  requireMs: number
  /** Reading and compiling the file: from require() to the bundle's first line. */
  loadMs: number
  /** The SDK's module code. */
  sdkMs: number
  /** The rest of the bundle's module code. */
  ownMs: number
  firstCallMs: number | null
  /** require + first call. */
  totalMs: number
  /** Spawn to exit, as seen by the parent (includes boot and process teardown). */
  processMs: number
  runs: number
}

export const COLD_START_TARGET_MS = 150

const PROBE = `'use strict'
const bootMs = performance.now()
const bundle = process.argv[2]
const t0 = performance.now()
const m = require(bundle)
const requireMs = performance.now() - t0
const marks = globalThis.__huikaMarks
const callable = typeof m.definition === 'object' && m.definition !== null
const done = (firstCallMs, answer) => process.stdout.write(JSON.stringify({ bootMs, requireMs, loadMs: marks.start - t0, sdkMs: marks.sdkEnd - marks.sdkStart, firstCallMs, answer, main: typeof m.main, callable }))
if (!callable) done(null, null)
else {
  const t = performance.now()
  Promise.resolve(m.main({ action: '__cold_start__' }, {})).then((answer) => done(performance.now() - t, answer), (e) => done(performance.now() - t, { thrown: String(e) }))
}`

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round1 = (x: number) => Math.round(x * 10) / 10

interface ProbeOut {
  bootMs: number
  requireMs: number
  loadMs: number
  sdkMs: number
  firstCallMs: number | null
  answer: unknown
  main: string
  callable: boolean
}

function probe(dir: string, bundle: string): ProbeOut & { processMs: number } {
  const started = process.hrtime.bigint()
  const out = execFileSync(process.execPath, [path.join(dir, 'probe.js'), bundle], {
    cwd: dir,
    // A clean, cloud-like environment: nothing from this shell (no TCB_* keys), a dummy secret for cloudDeps().
    env: { PATH: process.env.PATH ?? '', HUIKA_SECRET: 'cold-start-probe-secret-0123456789abcdef', ...CLOUD_FUNCTION_ENV },
    encoding: 'utf8',
    timeout: 30_000,
  })
  const processMs = Number(process.hrtime.bigint() - started) / 1e6
  return { ...(JSON.parse(out) as ProbeOut), processMs }
}

export async function measureColdStarts(opts: { runs?: number; only?: string[]; log?: (s: string) => void } = {}): Promise<ColdStart[]> {
  const runs = opts.runs ?? 5
  const log = opts.log ?? (() => {})
  const root = mkdtempSync(path.join(os.tmpdir(), 'huika-cold-start-'))
  try {
    const bundles = await buildFunctionBundles({ outDir: path.join(root, 'functions'), only: opts.only, marks: true })
    writeFileSync(path.join(root, 'probe.js'), PROBE)

    const results: ColdStart[] = []
    for (const b of bundles) {
      const name = b.name
      const outs = Array.from({ length: runs }, () => probe(root, path.join(b.dir, 'index.js')))
      for (const o of outs) {
        if (o.main !== 'function') throw new Error(`${name}: the bundle's main is ${o.main}, not a function`)
        const code = (o.answer as { error?: { code?: string } } | null)?.error?.code
        if (o.callable && code !== 'UNKNOWN_ACTION') throw new Error(`${name}: first call answered ${JSON.stringify(o.answer)}, expected UNKNOWN_ACTION`)
      }
      const callable = outs[0].callable
      const firstCallMs = callable ? median(outs.map((o) => o.firstCallMs ?? 0)) : null
      const r: ColdStart = {
        name,
        kind: callable ? 'callable' : 'job',
        bytes: b.bytes,
        sdkBytes: b.sdkBytes,
        lazy: b.lazy,
        bootMs: round1(median(outs.map((o) => o.bootMs))),
        requireMs: round1(median(outs.map((o) => o.requireMs))),
        loadMs: round1(median(outs.map((o) => o.loadMs))),
        sdkMs: round1(median(outs.map((o) => o.sdkMs))),
        ownMs: round1(median(outs.map((o) => o.requireMs - o.loadMs - o.sdkMs))),
        firstCallMs: firstCallMs === null ? null : round1(firstCallMs),
        totalMs: round1(median(outs.map((o) => o.requireMs + (o.firstCallMs ?? 0)))),
        processMs: round1(median(outs.map((o) => o.processMs))),
        runs,
      }
      log(`${name}: require ${r.requireMs} ms, first call ${r.firstCallMs ?? '-'} ms`)
      results.push(r)
    }
    return results
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

export function coldStartTable(results: ColdStart[]): string {
  const kb = (n: number) => Math.round(n / 1024)
  const head = '| function | kind | index.js KB (of it SDK) | loaded on first use, KB | boot ms | require ms = load + SDK + own | first call ms | require + first call ms | process ms |'
  const rule = '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |'
  const rows = results.map((r) => {
    const lazy = Object.entries(r.lazy).map(([f, n]) => `${path.basename(f, '.js')} ${kb(n)}`).join(', ')
    return `| ${r.name} | ${r.kind} | ${kb(r.bytes)} (${kb(r.sdkBytes)}) | ${lazy} | ${r.bootMs} | ${r.requireMs} = ${r.loadMs} + ${r.sdkMs} + ${r.ownMs} | ${r.firstCallMs ?? '– (job)'} | ${r.totalMs}${r.totalMs > COLD_START_TARGET_MS ? ' ⚠' : ''} | ${r.processMs} |`
  })
  return [head, rule, ...rows].join('\n')
}

/** One row of `npm run bench` per function: starts per second of one fresh instance (1000 / ms). */
export async function benchColdStart(opts: { runs?: number } = {}): Promise<Figure[]> {
  const results = await measureColdStarts(opts)
  return results.map((r) => ({
    name: `cold start ${r.name}`,
    opsPerSec: Math.round((1000 / r.totalMs) * 10) / 10,
    n: r.runs,
    detail: `${r.totalMs} ms (target < ${COLD_START_TARGET_MS}): require ${r.requireMs} (load ${r.loadMs} + SDK ${r.sdkMs} + own ${r.ownMs})${r.firstCallMs === null ? ', job: require only' : ` + first call ${r.firstCallMs}`}; index.js ${Math.round(r.bytes / 1024)} KB with the SDK inlined`,
  }))
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const runsAt = args.indexOf('--runs')
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5
  const only = args.filter((a, i) => !a.startsWith('-') && !(runsAt >= 0 && i === runsAt + 1))
  const started = new Date()
  measureColdStarts({ runs, only: only.length ? only : undefined }).then(
    (results) => {
      const machine = `${os.cpus().length} cores, node ${process.version}`
      console.log(`\nCold start of each bundled function, median of ${runs} fresh processes (${machine}); target require + first call < ${COLD_START_TARGET_MS} ms\n`)
      console.log(coldStartTable(results))
      const over = results.filter((r) => r.totalMs > COLD_START_TARGET_MS)
      console.log(over.length ? `\n${over.length} of ${results.length} over the target (⚠)` : '\nall under the target')
      const dir = path.join(__dirname, 'results')
      mkdirSync(dir, { recursive: true })
      const file = path.join(dir, `cold-start-${started.toISOString().replace(/[:.]/g, '-')}.json`)
      writeFileSync(file, JSON.stringify({ at: started.toISOString(), machine, runs, targetMs: COLD_START_TARGET_MS, results }, null, 2) + '\n')
      console.log(`written to ${path.relative(process.cwd(), file)}`)
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
