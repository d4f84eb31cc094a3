import type { ContractTarget, Harness } from '../harness'
import { processes } from './processes'
import { queries } from './queries'
import { transactions } from './transactions'
import { unique } from './unique'
import { updates } from './updates'

/**
 * The CloudBase database contract, run against any backend (next-auth adapter-suite style): each
 * test opens its own harness, works through the real SDK, and checks storage with the probes.
 */
export function runContractSuite(target: ContractTarget, run: jest.Describe = describe): void {
  run(`CloudBase contract: ${target.name}`, () => {
    let harness: Harness | undefined
    beforeEach(async () => {
      harness = await target.open()
    })
    afterEach(async () => {
      await harness?.close()
      harness = undefined
    })
    const use = () => {
      if (!harness) throw new Error('no harness: the target failed to open')
      return harness
    }
    queries(use)
    updates(use)
    unique(use)
    transactions(use)
    processes(use, target.canKill)
  })
}
