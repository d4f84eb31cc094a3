/**
 * Console-driven work in steps (imports, campaign sends, tier previews): reports the first state, then
 * calls `step` while `running` says there is more and the page has not `stopped` asking, reporting each
 * answer. What is left goes on from its checkpoint whenever it is stepped again.
 */
export async function runSteps<T>(
  first: T,
  step: (current: T) => Promise<T>,
  running: (current: T) => boolean,
  onStep: (current: T) => void,
  stopped: () => boolean,
): Promise<T> {
  let current = first
  onStep(current)
  while (running(current) && !stopped()) {
    current = await step(current)
    onStep(current)
  }
  return current
}
