/**
 * Work on a hot document (a flash sale's stock shard), one call at a time per key within this
 * process. Concurrent transactions on one document would all but one fail at commit and retry;
 * queueing them here turns that storm into a line. Correctness never depends on this: the
 * transaction alone guarantees it, and several cloud instances still race (and retry) normally.
 */
const tails = new Map<string, Promise<unknown>>()

export function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve()
  const run = before.then(work, work)
  const tail = run.catch(() => undefined)
  tails.set(key, tail)
  // Forget the key once the line is empty, so the map holds only keys in use.
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key)
  })
  return run
}
