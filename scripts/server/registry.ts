import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { JobDefinition } from '../../cloudfunctions/_lib/job'
import type { FunctionDefinition } from '../../cloudfunctions/_lib/router'

/**
 * Everything under cloudfunctions/ the local server and the CLI can run. Each function folder's
 * index.ts exports `definition` (a callable function, served at POST /api/<folder>) and/or
 * `jobs` (scheduled jobs). Folders starting with `_` are shared code, not functions.
 */
export interface Registry {
  functions: Map<string, FunctionDefinition>
  jobs: Map<string, JobDefinition>
}

export const FUNCTIONS_DIR = path.resolve(__dirname, '../../cloudfunctions')

export function loadRegistry(dir = FUNCTIONS_DIR): Registry {
  const functions = new Map<string, FunctionDefinition>()
  const jobs = new Map<string, JobDefinition>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_') || entry.name.startsWith('.')) continue
    const folder = path.join(dir, entry.name)
    if (!existsSync(path.join(folder, 'index.ts')) && !existsSync(path.join(folder, 'index.js'))) continue
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(folder) as { definition?: FunctionDefinition; jobs?: JobDefinition[] }
    if (mod.definition) {
      if (mod.definition.name !== entry.name)
        throw new Error(`cloudfunctions/${entry.name} defines function "${mod.definition.name}": the name must match the folder`)
      functions.set(entry.name, mod.definition)
    }
    for (const job of mod.jobs ?? []) {
      if (jobs.has(job.name)) throw new Error(`job "${job.name}" is defined twice`)
      jobs.set(job.name, job)
    }
  }
  return { functions, jobs }
}
