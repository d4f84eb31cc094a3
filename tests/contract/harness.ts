import type tcb from '@cloudbase/node-sdk'

/**
 * What the contract suite needs from a backend: the SDK database object, and probes that read
 * what is really stored without going through the code under test. Every test gets its own
 * harness and its own tag; each document a test writes carries `t: tag`, so tests stay
 * independent even when they share a real CloudBase environment.
 */
export type Db = ReturnType<ReturnType<typeof tcb.init>['database']>
export type Doc = Record<string, any>

/** The collections the suite uses; contract_people and contract_ledger need the indexes in indexes.json. */
export const COLLECTIONS = ['contract_docs', 'contract_accounts', 'contract_people', 'contract_ledger'] as const
export type Collection = (typeof COLLECTIONS)[number]

export interface Probes {
  /** The stored document with this _id, if any. */
  get(coll: Collection, id: string): Promise<Doc | undefined>
  /** Every stored document of this test in the collection. */
  find(coll: Collection): Promise<Doc[]>
  /** The `_id`s a declared index maps `key` (the store's key text) to; only where the backend exposes its indexes. */
  indexed?(coll: Collection, index: string): Array<{ key: string; id: string | number }>
}

export interface Harness {
  db: Db
  tag: string
  probes: Probes
  /** Moves the server clock (for serverDate); absent on a real backend, whose clock cannot move. */
  setClock?(now: Date): void
  /** Environment for a child process to reach the same database (tests/contract/child.ts). */
  childEnv: Record<string, string>
  /** Reopens the same data after a child process was killed; local backends only. */
  reopen?(): Promise<Harness>
  close(): Promise<void>
}

export interface ContractTarget {
  name: string
  open(): Promise<Harness>
  /** Whether a child process can be killed mid-write and the data inspected (a local file). */
  canKill: boolean
}
