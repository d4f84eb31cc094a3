/**
 * What a message sent through `deliver` (_lib/messaging.ts) is, so that a log line or a test can
 * find a campaign's or a member's messages. Absent on other messages (SMS verification codes).
 */
export interface MessageMeta {
  key: string
  memberId: string
  kind: string
  campaignId: string | null
}

/**
 * Local mode's stand-in for every outgoing message (SMS and subscribe messages): nothing leaves
 * the machine, and `GET /_dev/outbox` shows what would have been sent.
 */
export interface OutboxEntry {
  channel: 'sms' | 'subscribe'
  to: string
  template: string
  text: string
  data: Record<string, string>
  /** ISO time on the injected clock. */
  at: string
  /** From MessageMeta; null on messages that did not go through `deliver`. */
  key: string | null
  memberId: string | null
  kind: string | null
  campaignId: string | null
}

/** The outbox fields a message's meta fills (all null without one). */
export const metaFields = (meta: MessageMeta | undefined) => ({
  key: meta?.key ?? null,
  memberId: meta?.memberId ?? null,
  kind: meta?.kind ?? null,
  campaignId: meta?.campaignId ?? null,
})

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
