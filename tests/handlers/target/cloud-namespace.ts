import path from 'node:path'
import { applyIndexPlan, readIndexPlan, type DatabaseAdmin } from '../../../scripts/deploy-indexes'
import { ensureDeployTools } from '../../../scripts/deploy-tools'

/**
 * The handler tests' collections in a real CloudBase environment: `<ns><worker>_<name>` for every
 * collection in cloudfunctions/indexes.json, with its indexes, one set per jest worker so parallel
 * test files never share one. Created before the run and deleted after it (the manager SDK that
 * `npm run deploy` uses), so the environment is left as it was.
 */
type Admin = DatabaseAdmin & { deleteCollection(name: string): Promise<unknown> }

function admin(): Admin {
  const tools = ensureDeployTools((s) => console.log(s))
  const CloudBase = tools.requireTool('@cloudbase/manager-node') as new (c: object) => { database: Admin }
  const env = process.env
  return new CloudBase({ secretId: env.TCB_SECRET_ID, secretKey: env.TCB_SECRET_KEY, envId: env.TCB_ENV_ID }).database
}

const prefixes = (ns: string, workers: number) => Array.from({ length: workers }, (_, i) => `${ns}${i + 1}_`)

export async function createNamespaces(ns: string, workers: number): Promise<void> {
  const db = admin()
  const plan = readIndexPlan()
  for (const prefix of prefixes(ns, workers))
    await applyIndexPlan(db, plan.map((c) => ({ ...c, collection: prefix + c.collection })), () => undefined)
}

/** The contract suite's own collections (tests/contract/indexes.json): created when missing, kept (it cleans up by tag). */
export async function ensureContractCollections(): Promise<void> {
  await applyIndexPlan(admin(), readIndexPlan(path.resolve(__dirname, '../../contract/indexes.json')), () => undefined)
}

export async function dropNamespaces(ns: string, workers: number): Promise<void> {
  const db = admin()
  for (const prefix of prefixes(ns, workers))
    for (const { collection } of readIndexPlan()) await db.deleteCollection(prefix + collection).catch(() => undefined)
}
