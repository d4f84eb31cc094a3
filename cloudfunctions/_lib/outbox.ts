/**
 * Local mode's stand-in for every outgoing message (SMS now, subscribe messages later):
 * nothing leaves the machine, and `GET /_dev/outbox` shows what would have been sent.
 */
export interface OutboxEntry {
  channel: 'sms' | 'subscribe'
  to: string
  template: string
  text: string
  data: Record<string, string>
  /** ISO time on the injected clock. */
  at: string
}

export interface Outbox {
  push(entry: OutboxEntry): void
  /** Newest first. */
  list(): OutboxEntry[]
}

/** Kept in memory (local mode only), newest first, bounded so a long session cannot grow it forever. */
export function memoryOutbox(limit = 1000): Outbox {
  const entries: OutboxEntry[] = []
  return {
    push(entry) {
      entries.unshift(entry)
      if (entries.length > limit) entries.length = limit
    },
    list: () => entries.slice(),
  }
}
