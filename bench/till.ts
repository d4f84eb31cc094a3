import autocannon from 'autocannon'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hmacSigner } from '../cloudfunctions/_lib/secret'
import { saveStaff } from '../cloudfunctions/_lib/staff-records'
import { issueMemberCode } from '../shared/member/member-code'
import { openLocalRuntime, type LocalRuntime } from '../scripts/server/runtime'
import { loadOrCreateSecret } from '../scripts/server/secret'
import { startServerProcess } from './server-process'

/**
 * The till path end to end: `staff.accrue` through the built function (in-process) and over HTTP
 * with 32 clients, and `staff.lookup` latency over HTTP. A member code credits one order, so each
 * accrual uses a member whose code has not been used yet.
 */
const STORE = 'bench-store'
const CLERKS = 32
const identity = (openid: string) => ({ identity: { openid, unionid: null } })

type Member = { memberNo: string }

async function seed(rt: LocalRuntime, members: number): Promise<Member[]> {
  const member = rt.functions.get('member')!
  const out: Member[] = []
  for (let i = 0; i < members; i++) {
    const phone = `139${String(i).padStart(8, '0')}`
    const r = await member({ action: 'registerWithWeChatPhone', phoneCode: phone }, identity(`bench-m-${i}`))
    if (!r.ok) throw new Error(`seed member: ${JSON.stringify(r)}`)
    out.push({ memberNo: (r.data as { member: Member }).member.memberNo })
  }
  const at = rt.deps.now()
  for (let c = 0; c < CLERKS; c++) {
    const openid = `bench-clerk-${c}`
    await saveStaff(rt.deps.db, { _id: openid, openid, role: 'clerk', storeId: STORE, name: null, phone: null, active: true, createdAt: at, updatedAt: at })
  }
  // Raise the till limits: this measures crediting, not the approval queue.
  await rt.deps.db.collection('config').doc('earning').set({ till: { perOrderMaxFen: 100_000_000, perStaffDailyFen: 1e12 } })
  return out
}

function openRuntime(prefix: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix))
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: (m, e) => console.error(m, e) }, checkpoints: 'background' })
  return { dataDir, rt }
}

/** In-process: the staff function as built for the server, on a frozen clock moved one code lifetime per round. */
export async function benchAccrueInProcess(opts: { members?: number; rounds?: number } = {}) {
  const members = opts.members ?? 500
  const rounds = opts.rounds ?? 8
  const { dataDir, rt } = openRuntime('huika-bench-accrue-')
  try {
    const seeded = await seed(rt, members)
    const staff = rt.functions.get('staff')!
    let t = new Date('2027-03-01T10:00:00+08:00').getTime()
    let n = 0
    let elapsed = 0
    for (let r = 0; r < rounds; r++) {
      rt.clock.set(new Date(t), { frozen: true })
      const now = rt.clock.now()
      const codes = seeded.map((m) => issueMemberCode(m.memberNo, now, rt.deps.sign).code)
      const start = process.hrtime.bigint()
      for (let i = 0; i < codes.length; i++) {
        const res = await staff({ action: 'accrue', memberCode: codes[i], orderId: `r${r}-${i}`, amountFen: 12_345 }, identity(`bench-clerk-${i % CLERKS}`))
        if (!res.ok || (res.data as { status: string }).status !== 'credited') throw new Error(`accrue: ${JSON.stringify(res)}`)
      }
      elapsed += Number(process.hrtime.bigint() - start) / 1e9
      n += codes.length
      t += 70_000 // past the codes' lifetime: next round, new codes
    }
    if (rt.store.rawCount('orders') !== n) throw new Error('orders do not match accruals')
    return { name: 'staff.accrue in-process', opsPerSec: Math.round(n / elapsed), n, detail: `${members} members, ${CLERKS} clerks, sequential` }
  } finally {
    rt.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Over HTTP: the server in its own process, 32 connections, each request a fresh member code. */
export async function benchTillHttp(opts: { members?: number; connections?: number } = {}) {
  const members = opts.members ?? 6000
  const connections = opts.connections ?? 32
  const { dataDir, rt } = openRuntime('huika-bench-till-http-')
  let seeded: Member[]
  try {
    seeded = await seed(rt, members)
  } finally {
    rt.close()
  }
  const server = await startServerProcess(dataDir)
  try {
    const sign = hmacSigner(loadOrCreateSecret(dataDir))
    const codes = seeded.map((m) => issueMemberCode(m.memberNo, new Date(), sign).code)
    const headers = (i: number) => ({ 'content-type': 'application/json', 'x-wx-openid': `bench-clerk-${i % CLERKS}` })

    let next = 0
    let failed = 0
    const accrual = await autocannon({
      url: `${server.url}/api/staff`,
      connections,
      amount: codes.length,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = next++
            return { ...req, headers: headers(i), body: JSON.stringify({ action: 'accrue', memberCode: codes[i], orderId: `h-${i}`, amountFen: 12_345 }) }
          },
          onResponse: (_status, body) => {
            if (!JSON.parse(body).ok) failed++
          },
        },
      ],
    })
    if (failed + accrual.non2xx + accrual.errors > 0) throw new Error(`accrue over HTTP: ${failed} refused, ${accrual.errors} errors`)

    // Lookups are reads: the same few codes may be scanned again and again.
    const lookup = await autocannon({
      url: `${server.url}/api/staff`,
      connections,
      duration: 5,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = next++
            return { ...req, headers: headers(i), body: JSON.stringify({ action: 'lookup', memberCode: codes[i % codes.length] }) }
          },
          onResponse: (_status, body) => {
            if (!JSON.parse(body).ok) failed++
          },
        },
      ],
    })
    if (failed + lookup.non2xx + lookup.errors > 0) throw new Error(`lookup over HTTP: ${failed} refused, ${lookup.errors} errors`)
    return [
      { name: 'staff.accrue over HTTP', opsPerSec: Math.round(accrual.requests.average), n: accrual.requests.total, detail: `${connections} connections, ${CLERKS} clerks, p99 ${accrual.latency.p99} ms` },
      { name: 'staff.lookup over HTTP', opsPerSec: Math.round(lookup.requests.average), n: lookup.requests.total, detail: `${connections} connections, p50 ${lookup.latency.p50} ms, p99 ${lookup.latency.p99} ms`, p99Ms: lookup.latency.p99 },
    ]
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  ;(async () => {
    console.log(await benchAccrueInProcess())
    console.log(await benchTillHttp())
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
