import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeLedger, LEDGER_MONTHS, type LedgerCloseSummary } from '../cloudfunctions/_lib/ledger-close'
import { useLocalStore } from '../scripts/local-cloudbase'
import { openLocalRuntime } from '../scripts/server/runtime'
import { counting } from './finance'
import { arg, defaultDir, ensureFinanceData, NOW } from './finance-data'

/**
 * The `ledger-close` job's first close (the full pass over the ledger, credited orders and used
 * coupons) on the finance data set (bench/finance-data.ts), twice from no close at all:
 * 1. one call straight through (the cloud's 780 s time box is never reached here at 1M);
 * 2. cut into calls of `--budget` seconds (default 20), each resuming from the checkpoint the one
 *    before left, as hourly triggers would at 10M members: the number of calls, the total and the
 *    longest call, and whether the month documents equal run 1's exactly.
 * The store's file is read once first, so both runs find it in the page cache.
 *
 * `npx tsx bench/ledger-close.ts [--members 1000000 --entries 10000000] [--dir D] [--budget 20]`
 * Writes bench/results/ledger-close-<time>.json.
 */

const mb = (b: number) => Math.round(b / 2 ** 20)

/** Reads the file once, 64 MB at a time (the OS keeps it cached). */
function warm(file: string): number {
  const started = process.hrtime.bigint()
  const fd = openSync(file, 'r')
  const buf = Buffer.alloc(64 * 2 ** 20)
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd)
  }
  return Number(process.hrtime.bigint() - started) / 1e9
}

async function main() {
  const members = Number(arg('members') ?? 1_000_000)
  const entries = Number(arg('entries') ?? members * 10)
  const budgetMs = Number(arg('budget') ?? 20) * 1000
  const dir = arg('dir') ?? defaultDir(members, entries)
  const at = new Date().toISOString()
  const log = (s: string) => process.stderr.write(s + '\n')
  const { stamp } = ensureFinanceData({ members, entries, seed: 1, dir, log })
  const warmSeconds = warm(path.join(dir, 'cloudbase.sqlite'))
  log(`store file read in ${warmSeconds.toFixed(0)} s`)
  const rt = openLocalRuntime({ dataDir: dir, mode: 'local', log: { error: (m, e) => console.error(m, e) } })
  try {
    rt.clock.set(NOW, { frozen: true })
    const { store, docs } = counting(rt.store)
    useLocalStore(store)
    const db = rt.deps.db
    const reopen = () => db.collection(LEDGER_MONTHS).where({ _id: db.command.exists(true) }).remove()
    const monthDocs = () =>
      JSON.stringify(
        rt.store
          .rawFind(LEDGER_MONTHS)
          .filter((d) => /^\d{4}-\d{2}$/.test(String(d._id)))
          .map(({ closedAt: _at, ...d }) => d),
      )
    const peak = () => {
      let rss = process.memoryUsage().rss
      const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100)
      return () => (clearInterval(timer), mb(Math.max(rss, process.memoryUsage().rss)))
    }

    await reopen()
    log('1. one call straight through ...')
    let stop = peak()
    let docs0 = docs()
    let t0 = process.hrtime.bigint()
    const straight = await closeLedger(db, rt.deps.now())
    const straightSeconds = Number(process.hrtime.bigint() - t0) / 1e9
    const straightRun = rt.store.rawGet(LEDGER_MONTHS, '_run') as { parts: number } | undefined
    const straightFigure = { seconds: straightSeconds, docs: docs() - docs0, parts: straightRun?.parts ?? null, peakRssMb: stop(), answer: straight }
    const expected = monthDocs()
    log(`   ${straightSeconds.toFixed(1)} s, ${straightFigure.docs.toLocaleString('en')} docs, ${straightFigure.parts} parts; closed ${straight.closed.length} months, ${straight.entries.toLocaleString('en')} entries`)

    await reopen()
    log(`2. calls of ${budgetMs / 1000} s, each resuming the last ...`)
    stop = peak()
    docs0 = docs()
    t0 = process.hrtime.bigint()
    const calls: Array<{ seconds: number; status: LedgerCloseSummary['status'] }> = []
    for (;;) {
      const c0 = process.hrtime.bigint()
      const a = await closeLedger(db, rt.deps.now(), { budgetMs })
      calls.push({ seconds: Number(process.hrtime.bigint() - c0) / 1e9, status: a.status })
      if (a.status === 'done') break
      if (calls.length > 10_000) throw new Error('the pass never finished')
    }
    const resumedSeconds = Number(process.hrtime.bigint() - t0) / 1e9
    const resumedRun = rt.store.rawGet(LEDGER_MONTHS, '_run') as { parts: number; invocations: number } | undefined
    const same = monthDocs() === expected
    const resumed = {
      budgetSeconds: budgetMs / 1000, calls: calls.length, seconds: resumedSeconds, longestCallSeconds: Math.max(...calls.map((c) => c.seconds)),
      docs: docs() - docs0, parts: resumedRun?.parts ?? null, peakRssMb: stop(), sameMonthDocuments: same,
    }
    log(`   ${calls.length} calls, ${resumedSeconds.toFixed(1)} s in all, longest ${resumed.longestCallSeconds.toFixed(1)} s, ${resumed.parts} parts; month documents equal run 1's: ${same}`)

    const table = [
      `ledger-close first close, ${at}: ${members.toLocaleString('en')} members, ${stamp.counts.ledger.toLocaleString('en')} entries, ${stamp.counts.orders.toLocaleString('en')} orders, ${stamp.counts.coupons.toLocaleString('en')} coupons. ${os.cpus().length} cores, node ${process.version}.`,
      '',
      '| run | calls | s | longest call s | docs read | parts | peak RSS MB | month documents |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      `| straight through | 1 | ${straightSeconds.toFixed(1)} | ${straightSeconds.toFixed(1)} | ${straightFigure.docs.toLocaleString('en')} | ${straightFigure.parts} | ${straightFigure.peakRssMb} | ${straight.closed.length} months |`,
      `| calls of ${budgetMs / 1000} s, resumed | ${calls.length} | ${resumedSeconds.toFixed(1)} | ${resumed.longestCallSeconds.toFixed(1)} | ${resumed.docs.toLocaleString('en')} | ${resumed.parts} | ${resumed.peakRssMb} | ${same ? 'equal to straight' : 'DIFFERENT'} |`,
    ].join('\n')
    console.log('\n' + table + '\n')
    const out = path.join(__dirname, 'results')
    mkdirSync(out, { recursive: true })
    const file = path.join(out, `ledger-close-${at.replace(/[:.]/g, '-')}.json`)
    writeFileSync(file, JSON.stringify({ at, members, data: stamp, warmSeconds, straight: straightFigure, resumed, calls, table }, null, 2) + '\n')
    log(`written to ${path.relative(process.cwd(), file)}`)
    if (!same) process.exitCode = 1
  } finally {
    rt.close()
  }
}

if (require.main === module) void main().catch((e) => (console.error(e), process.exit(1)))

