import { openLocalRuntime } from '../../scripts/server/runtime'
import { runMemberInsight } from '../../cloudfunctions/_lib/insight-job'
import { readRun } from '../../cloudfunctions/_lib/insight-runs'
import { countSegment } from '../../cloudfunctions/_lib/segments'
import { NOW } from '../finance-data'
;(async () => {
  const rt = openLocalRuntime({ dataDir: '/tmp/huika-finance-bench', mode: 'local' })
  rt.clock.set(NOW, { frozen: true })
  const db = rt.deps.db
  let t = performance.now()
  const extra = Number(process.argv[2] ?? 0)
  if (extra > 0) { console.log(await runMemberInsight(rt.deps, NOW, { maxChunks: extra })); console.log('job', (performance.now() - t).toFixed(0)) }
  const run = (await readRun(db, '2027-06-15'))!
  for (const f of [{}, { lifecycle: ['dormant' as const], topSpender: true }, { tags: ['亲子'] }]) {
    for (let k = 0; k < 3; k++) {
      t = performance.now()
      const r = await countSegment(db, run, f, 20)
      console.log(run.chunks, JSON.stringify(f), r.count, r.sample.length, (performance.now() - t).toFixed(0))
    }
  }
  rt.close()
})()
