import type { LocalRuntime } from './runtime'

/** How often `npm start` runs `webhook-deliver` by itself (the cloud's timer runs it every minute). */
export const WEBHOOK_TICK_MS = 20_000

/**
 * Local mode's stand-in for the job's timer trigger, so that a merchant trying webhooks with
 * `npm start` sees them arrive without running the job by hand. Runs never overlap; `stop()`
 * waits for one in progress, so the store is not closed under it. Tests leave it off.
 */
export function tickWebhooks(rt: LocalRuntime, everyMs = WEBHOOK_TICK_MS): { stop(): Promise<void> } {
  const job = rt.registry.jobs.get('webhook-deliver')
  let running: Promise<void> | null = null
  const tick = () => {
    if (running || !job) return
    running = job
      .run(rt.deps, rt.clock.now())
      .then(() => undefined)
      .catch((err) => rt.deps.log.error('webhook-deliver (local timer) failed', err))
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(tick, everyMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
