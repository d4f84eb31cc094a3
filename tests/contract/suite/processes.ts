import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { Harness } from '../harness'
import { idFor } from './helpers'

const CHILD = path.join(__dirname, '..', 'child.ts')
const TSX = require.resolve('tsx/cjs')

export type ChildTask =
  | { kind: 'spend'; account: string; amount: number; attempts: number }
  | { kind: 'transfer'; tag: string; account: string; amount: number; attempts: number; worker: number }
  | { kind: 'accrue-until-killed'; tag: string; account: string }

interface Child {
  child: ChildProcess
  lines: string[]
  /** Resolves once the child has connected and waits for `go()`. */
  ready: Promise<void>
  go(): void
  /** The child's JSON result (undefined if it was killed). */
  done: Promise<unknown>
}

/** Starts tests/contract/child.ts in its own Node process, on the harness's database. */
export function startChild(h: Harness, task: ChildTask): Child {
  const child = spawn(process.execPath, ['--require', TSX, CHILD], {
    env: { ...process.env, ...h.childEnv, CONTRACT_TASK: JSON.stringify(task) },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  const lines: string[] = []
  let stderr = ''
  let partial = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop()!
    lines.push(...parts)
    if (parts.includes('ready')) markReady()
  })
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise((resolve, reject) =>
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve(undefined)
      if (code !== 0) return reject(new Error(`child exited with ${code ?? signal}: ${stderr}`))
      try {
        resolve(JSON.parse(lines[lines.length - 1]))
      } catch {
        reject(new Error(`child printed no result: ${lines.join('\n')}`))
      }
    }),
  )
  return { child, lines, ready, go: () => child.stdin!.end('go\n'), done }
}

/** Starts the children, and lets them all begin at once so that their writes really interleave. */
async function race(children: Child[]): Promise<unknown[]> {
  await Promise.race([Promise.all(children.map((c) => c.ready)), Promise.all(children.map((c) => c.done))])
  for (const c of children) c.go()
  return Promise.all(children.map((c) => c.done))
}

export function processes(use: () => Harness, canKill: boolean) {
  describe('separate processes', () => {
    test('4 processes racing conditional decrements: exactly the affordable ones succeed, never below zero', async () => {
      const h = use()
      const account = idFor(h, 'shared')
      await h.db.collection('contract_accounts').add({ _id: account, t: h.tag, points: 100 })
      const results = (await race(
        [0, 1, 2, 3].map(() => startChild(h, { kind: 'spend', account, amount: 3, attempts: 15 })),
      )) as Array<{ succeeded: number; sawNegative: boolean }>
      expect(results.reduce((n, r) => n + r.succeeded, 0)).toBe(33)
      expect(results.some((r) => r.sawNegative)).toBe(false)
      expect(await h.probes.get('contract_accounts', account)).toMatchObject({ points: 1 })
    }, 60_000)

    test('4 processes racing transactions (ledger entry + balance): every committed entry is in the balance', async () => {
      const h = use()
      const account = idFor(h, 'shared')
      await h.db.collection('contract_accounts').add({ _id: account, t: h.tag, points: 200 })
      const results = (await race(
        [0, 1, 2, 3].map((worker) => startChild(h, { kind: 'transfer', tag: h.tag, account, amount: 2, attempts: 30, worker })),
      )) as Array<{ committed: number; conflicts: number; refused: number }>
      const committed = results.reduce((n, r) => n + r.committed, 0)
      const ledger = await h.probes.find('contract_ledger')
      expect(committed).toBe(100)
      expect(ledger).toHaveLength(100)
      expect(await h.probes.get('contract_accounts', account)).toMatchObject({ points: 0 })
    }, 60_000)

    ;(canKill ? test : test.skip)('acknowledged writes survive kill -9 of the writing process', async () => {
      const h = use()
      const account = idFor(h, 'killed')
      await h.db.collection('contract_accounts').add({ _id: account, t: h.tag, points: 0 })
      const { child, lines, ready, go, done } = startChild(h, { kind: 'accrue-until-killed', tag: h.tag, account })
      await ready
      go()
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (lines.filter((l) => l.startsWith('ack ')).length >= 200) {
            clearInterval(timer)
            child.kill('SIGKILL')
            resolve()
          }
        }, 5)
        child.on('exit', () => (clearInterval(timer), reject(new Error('child ended before it was killed'))))
      })
      await done
      const acked = lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4))
      const reopened = await h.reopen!()
      const ledger = await reopened.probes.find('contract_ledger')
      const keys = new Set(ledger.map((d) => d.key))
      expect(acked.filter((k) => !keys.has(k))).toEqual([])
      // Atomicity: whatever committed, balance and ledger agree (no half-applied transaction).
      const balance = (await reopened.probes.get('contract_accounts', account))!.points
      expect(balance).toBe(ledger.reduce((n, d) => n + d.amount, 0))
      expect(ledger.length).toBeGreaterThanOrEqual(acked.length)
    }, 60_000)
  })
}
