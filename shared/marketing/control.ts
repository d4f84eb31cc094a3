/**
 * The held-out control group (issue 9): a campaign may keep a share of its audience back, sending
 * them nothing, so that what its members bought can be set against what they would have bought
 * anyway. Who is held out depends only on the campaign and the member, so every step, a retried one,
 * the preview and the report agree without storing a draw.
 */

/** A 32-bit FNV-1a hash of the text's UTF-16 units, mixed with murmur3's finaliser so near ids spread. */
function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The member's place 0–9999 in the campaign's draw: uniform over members. */
export const controlBucket = (campaignId: string, memberId: string): number => hash32(`${campaignId}:${memberId}`) % 10_000

/** Whether the campaign holds this member back (`percent` of its audience, 0–50). */
export const inControl = (campaignId: string, memberId: string, percent: number): boolean => percent > 0 && controlBucket(campaignId, memberId) < percent * 100

export type Group = 'treated' | 'control'
export const groupOf = (campaignId: string, memberId: string, percent: number): Group => (inControl(campaignId, memberId, percent) ? 'control' : 'treated')
