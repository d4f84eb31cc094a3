import tcb from '@cloudbase/node-sdk'
import { randomBytes } from 'node:crypto'
import { COLLECTIONS, type ContractTarget, type Db, type Doc, type Harness } from '../harness'

/**
 * A real CloudBase environment, from TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY. It must have
 * the collections in harness.ts with the indexes of tests/contract/indexes.json (created in the
 * console). Tests tag their documents and remove them afterwards; probes read with the SDK.
 */

const connect = (env: NodeJS.ProcessEnv): Db =>
  tcb.init({ env: env.TCB_ENV_ID!, secretId: env.TCB_SECRET_ID!, secretKey: env.TCB_SECRET_KEY! }).database()

export const cloudTarget: ContractTarget = {
  name: `CloudBase env ${process.env.TCB_ENV_ID ?? '(not configured)'}`,
  canKill: false,
  open: async (): Promise<Harness> => {
    const db = connect(process.env)
    const tag = `c${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
    const mine = async (coll: string): Promise<Doc[]> => {
      const out: Doc[] = []
      for (;;) {
        const { data } = await db.collection(coll).where({ t: tag }).skip(out.length).limit(1000).get()
        out.push(...data)
        if (data.length < 1000) return out
      }
    }
    return {
      db,
      tag,
      probes: {
        get: async (coll, id) => (await db.collection(coll).doc(id).get()).data[0],
        find: mine,
      },
      childEnv: { CONTRACT_TARGET: 'cloud' },
      close: async () => {
        for (const coll of COLLECTIONS) await db.collection(coll).where({ t: tag }).remove()
      },
    }
  },
}

export function connectChild(env: NodeJS.ProcessEnv): { db: Db; close(): void } {
  return { db: connect(env), close: () => undefined }
}
