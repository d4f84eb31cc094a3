import { cloudDeps } from './cloud'
import { consoleLogger, type Deps } from './deps'

/**
 * A scheduled job (tier review, points expiry, ...). In the cloud each job is its own function with
 * a timer trigger (`main = jobMain(job)`); locally `POST /_dev/jobs/<name>` and `npm run cli -- job <name>`
 * run it at once. A function folder exports its jobs as `export const jobs = [job]`.
 */
export interface JobDefinition {
  /** kebab-case, e.g. `tier-review`. */
  name: string
  /** One line, shown by the CLI's help and the unknown-job answer. */
  description: string
  /** Runs once at `now` and returns a JSON summary of what it did. Must be safe to run twice. */
  run(deps: Deps, now: Date): Promise<unknown>
}

export const defineJob = (job: JobDefinition): JobDefinition => job

/** CloudBase timer-trigger entry point. Dependencies are built once per container. */
export function jobMain(job: JobDefinition): () => Promise<unknown> {
  let deps: Deps | null = null
  return async () => {
    deps ??= cloudDeps()
    try {
      return await job.run(deps, deps.now())
    } catch (err) {
      consoleLogger.error(`job ${job.name} failed`, err)
      throw err // let the platform record the failed run
    }
  }
}
