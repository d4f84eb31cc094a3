import { openLocalRuntime } from '../../scripts/server/runtime'
import { NOW } from '../finance-data'
import { verifySample } from '../insight'
;(async () => {
  const rt = openLocalRuntime({ dataDir: '/tmp/huika-finance-bench', mode: 'local' })
  rt.clock.set(NOW, { frozen: true })
  const t = performance.now()
  const r = await verifySample(rt, 1_000_000, 200)
  console.log(r.checked, r.differ.length, r.differ.slice(0, 3), (performance.now() - t).toFixed(0))
  rt.close()
})()
