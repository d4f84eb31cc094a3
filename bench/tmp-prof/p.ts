import { openLocalRuntime } from '../../scripts/server/runtime'
import { membersAfter, insightRows } from '../../cloudfunctions/_lib/insight-sources'
import { loadTierConfig } from '../../cloudfunctions/_lib/tiers'
import { DefaultInsightConfig } from '../../shared/insight/rfm'
import { encodeChunk } from '../../shared/insight/chunk'
;(async () => {
  const rt = openLocalRuntime({ dataDir: '/tmp/huika-finance-bench', mode: 'local' })
  const db = rt.deps.db
  let t = performance.now()
  const members = await membersAfter(db, '4', 2000)
  console.log('members', members.length, (performance.now() - t).toFixed(0))
  const ctx = { day: '2027-06-15', config: DefaultInsightConfig, tiers: await loadTierConfig(db), thresholdFen: 100000 }
  for (let k = 0; k < 3; k++) {
    t = performance.now()
    const rows = await insightRows(db, members, ctx)
    console.log('rows', rows.length, (performance.now() - t).toFixed(0))
    t = performance.now()
    const doc = encodeChunk(rows, { run: 'x', n: 0, asOf: '2027-06-15' })
    console.log('encode', (performance.now() - t).toFixed(0), JSON.stringify(doc).length)
  }
  rt.close()
})()
