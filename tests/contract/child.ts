import type { Db } from './harness'
import type { ChildTask } from './suite/processes'

/**
 * A separate process of the contract suite: connects to the same database as the parent test
 * (CONTRACT_TARGET plus the target's own variables), runs one task, prints a JSON result line.
 */
function connect(): { db: Db; close(): void } {
  const target = process.env.CONTRACT_TARGET
  // Loaded on demand so that a local child never loads the cloud target, and the reverse.
  if (target === 'local') return (require('./targets/local') as typeof import('./targets/local')).connectChild(process.env)
  if (target === 'cloud') return (require('./targets/cloud') as typeof import('./targets/cloud')).connectChild(process.env)
  throw new Error(`unknown CONTRACT_TARGET ${target}`)
}

/** Says "ready" and waits for the parent's "go", so that sibling processes start together. */
function startSignal(): Promise<void> {
  process.stdout.write('ready\n')
  return new Promise((resolve) => {
    process.stdin.on('data', () => resolve())
    process.stdin.on('end', () => resolve())
  })
}

async function main() {
  const task = JSON.parse(process.env.CONTRACT_TASK!) as ChildTask
  const { db, close } = connect()
  await startSignal()
  const _ = db.command
  const accounts = db.collection('contract_accounts')
  if (task.kind === 'spend') {
    let succeeded = 0
    let sawNegative = false
    for (let i = 0; i < task.attempts; i++) {
      const res = await accounts.where({ _id: task.account, points: _.gte(task.amount) }).update({ points: _.inc(-task.amount) })
      succeeded += res.updated ?? 0
      const { data } = await accounts.doc(task.account).get()
      if (data[0].points < 0) sawNegative = true
    }
    console.log(JSON.stringify({ succeeded, sawNegative }))
  } else if (task.kind === 'transfer') {
    let committed = 0
    let conflicts = 0
    let refused = 0
    for (let i = 0; i < task.attempts; i++) {
      for (;;) {
        const tx = await db.startTransaction()
        try {
          const { data } = await tx.collection('contract_accounts').doc(task.account).get()
          if (data.points < task.amount) {
            await tx.rollback()
            refused++
            break
          }
          await tx.collection('contract_ledger').add({ t: task.tag, key: `${task.tag}-w${task.worker}-${i}`, amount: -task.amount })
          await tx.collection('contract_accounts').doc(task.account).update({ points: _.inc(-task.amount) })
          await tx.commit()
          committed++
          break
        } catch (err) {
          if ((err as { code?: string }).code !== 'DATABASE_TRANSACTION_CONFLICT') throw err
          conflicts++
          await tx.rollback().catch(() => undefined)
        }
      }
    }
    console.log(JSON.stringify({ committed, conflicts, refused }))
  } else {
    for (let i = 0; ; i++) {
      const key = `${task.tag}-k${i}`
      const tx = await db.startTransaction()
      await tx.collection('contract_ledger').add({ t: task.tag, key, amount: 1 })
      await tx.collection('contract_accounts').doc(task.account).update({ points: _.inc(1) })
      await tx.commit()
      process.stdout.write(`ack ${key}\n`)
    }
  }
  close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
