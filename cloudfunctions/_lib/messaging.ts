import type { Deps } from './deps'

/**
 * Sending one message to one member (issue 9): every campaign, journey and reminder goes through
 * `deliver`. It is idempotent per `key`, respects the member's frequency cap, spends a subscribe
 * opt-in of the template (the most valuable messages first) or falls back to SMS where the member
 * agreed to it, and logs the outcome in `message_sends/<key>`.
 * OWNED BY the messaging work: the signatures are the contract the campaign and journey code builds on.
 */
export type MessageKind = 'points-expiry' | 'tier-at-risk' | 'tier-changed' | 'welcome' | 'birthday' | 'win-back' | 'campaign'

export interface OutgoingMessage {
  /** Idempotency: `campaign:<campaignId>:<memberId>`, `welcome:<memberId>`, `expiry:<memberId>:<day>` … */
  key: string
  memberId: string
  kind: MessageKind
  campaignId: string | null
  /** The channels allowed, in order of preference. */
  channels: ReadonlyArray<'subscribe' | 'sms'>
  /** Huika's subscribe template name (mapped to a WeChat template id by the deployment). */
  template: string
  /** The mini-program page the message opens (a campaign's carries `c=<campaignId>` for opens). */
  page: string
  /** The rendered text, exactly as the member reads it. */
  text: string
  data: Record<string, string>
}

export type DeliveryOutcome =
  | { status: 'sent'; channel: 'subscribe' | 'sms' }
  | { status: 'duplicate' }
  | { status: 'skipped'; reason: 'no_consent' | 'capped' | 'unclaimed' | 'no_member' }
  | { status: 'failed'; message: string }

export async function deliver(deps: Deps, message: OutgoingMessage): Promise<DeliveryOutcome> {
  void deps, message
  throw new Error('messaging: not built yet')
}
