import * as z from '../zod'

/**
 * What a message is about. The service reminders (about the member's own points and level) come
 * first; the marketing kinds (journeys and campaigns) after them.
 */
export const MessageKind = z.enum(['points-expiry', 'tier-at-risk', 'tier-changed', 'welcome', 'birthday', 'win-back', 'campaign'])
export type MessageKind = z.infer<typeof MessageKind>

/**
 * Which message a scarce subscribe opt-in goes to first (lower is more valuable): expiring points,
 * then the member's level, then the journeys, then campaigns.
 */
export const PRIORITY: Record<MessageKind, number> = {
  'points-expiry': 0,
  'tier-at-risk': 1,
  'tier-changed': 1,
  welcome: 2,
  birthday: 2,
  'win-back': 2,
  campaign: 3,
}

/**
 * Marketing kinds count toward the per-member frequency cap and are limited by it; the service
 * reminders are not (they are few, and about the member's own points and level).
 */
export const isMarketing = (kind: MessageKind) => PRIORITY[kind] >= 2
