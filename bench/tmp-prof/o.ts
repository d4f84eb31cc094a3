import { openLocalRuntime } from '../../scripts/server/runtime'
import { NOW } from '../finance-data'
;(async () => {
  const rt = openLocalRuntime({ dataDir: '/tmp/huika-finance-bench', mode: 'local' })
  rt.clock.set(NOW, { frozen: true })
  const admin = rt.functions.get('admin')!
  const r = await admin({ action: 'insight' }, { identity: { openid: 'bench-insight-admin', unionid: null } })
  console.log(JSON.stringify(r, null, 1))
  rt.close()
})()
