import { openLocalRuntime } from '../../scripts/server/runtime'
import { membersAfter } from '../../cloudfunctions/_lib/insight-sources'
;(async () => {
  const rt = openLocalRuntime({ dataDir: '/tmp/huika-finance-bench', mode: 'local' })
  const db = rt.deps.db
  if (process.argv[2]) (rt.store as any).db.pragma(`cache_size = -${process.argv[2]}`)
  const _ = db.command
  const since = new Date('2026-06-16T00:00:00+08:00')
  for (const start of ['c0', 'c1', 'c2', 'c3', 'd0', 'd1']) {
    const members = await membersAfter(db, start, 2000)
    const ids = members.map((m) => m._id)
    const time = async (name: string, coll: string, field: string, filter: object, fields: object, per: number) => {
      const t = performance.now()
      let n = 0, q = 0
      for (let i = 0; i < ids.length; i += per) {
        const part = ids.slice(i, i + per)
        let after = ''
        for (;;) {
          const res = await db.collection(coll).where({ ...filter, [field]: _.in(part), _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).field(fields).get()
          q++; n += res.data.length
          if (res.data.length < 1000) break
          after = (res.data as any[])[res.data.length - 1]._id
        }
      }
      console.log(start, name, n, q, (performance.now() - t).toFixed(0))
    }
    let t = performance.now()
    for (let i = 0; i < 2000; i += 1000) await db.collection('member_tiers').where({ _id: _.in(ids.slice(i, i + 1000)) }).limit(1000).field({ levelId: true, terms: true, reviewOn: true, growth: true }).get()
    console.log(start, 'tiers', (performance.now() - t).toFixed(0))
    await time('ledger', 'ledger', 'memberId', { createdAt: _.gte(since) }, { memberId: true }, 100)
    await time('coupons', 'coupons', 'memberId', { state: 'used', usedAt: _.gte(since) }, { memberId: true }, 250)
    await time('mall', 'mall_orders', 'memberId', { createdAt: _.gte(since), status: _.nin(['cancelled', 'expired']) }, { memberId: true }, 250)
    await time('referrals', 'referrals', 'inviterId', { status: _.in(['rewarded', 'over_cap']) }, { inviterId: true }, 250)
  }
  rt.close()
})()
