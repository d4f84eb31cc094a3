// Relative, not @shared: the node tests import this module too.
import type { RedeemInput } from '../../../shared/mall/schemas'

export type Address = NonNullable<RedeemInput['address']>

/** What the item page hands to the confirm page: the address stays in memory, never in a URL. */
export type Draft = { itemId: string; quantity: number; address?: Address }

let draft: Draft | undefined
let lastAddress: Address | undefined

export function saveDraft(next: Draft): void {
  draft = next
  if (next.address) lastAddress = next.address
}

/** The draft for this item, if the item page made one in this session. */
export const draftFor = (itemId: string): Draft | undefined => (draft?.itemId === itemId ? draft : undefined)

/** The address typed last in this session, to fill the next delivery form. */
export const rememberedAddress = (): Address | undefined => lastAddress

/**
 * A redemption's idempotency key: made once when the confirm page opens, so every retry of that
 * confirmation (after a network error, a double tap) is the same request and redeems at most once.
 * Unique per member is enough (the server keys it by member), so time plus randomness will do.
 */
export function newRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  const rand = Array.from({ length: 10 }, () => Math.floor(random() * 36).toString(36)).join('')
  return `r${now.toString(36)}-${rand}`
}
