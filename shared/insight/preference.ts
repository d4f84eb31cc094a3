import { earningStoreOf } from '../finance/attribution'
import { NO_STORE } from '../finance/points-flow'

/**
 * Where a member engages, from their ledger entries in the insight's window (issue 9). Every entry
 * id names the business event that wrote it (shared/points/ledger-entry.ts EntryIds), so the channel
 * is read from the id's prefix:
 * - `till`: a purchase credited at a store (`earn:<storeId>:<orderId>`);
 * - `mall`: a points-mall redemption (`mall:<code>`);
 * - `play`: a daily check-in, a wheel spin or its win, a collect-the-set reward (`signin:`, `game:`, `game-win:`, `set:`);
 * - `invite`: an invitation reward, as inviter or as the friend invited (`invite:`).
 * Refunds, expiries, settlements, give-backs and operators' adjustments are nothing the member did: no channel.
 */
export const CHANNELS = ['till', 'mall', 'play', 'invite'] as const
export type Channel = (typeof CHANNELS)[number]

const PREFIXES: Record<string, Channel> = { earn: 'till', mall: 'mall', signin: 'play', game: 'play', 'game-win': 'play', set: 'play', invite: 'invite' }

export function channelOfEntry(entryId: string): Channel | null {
  const colon = entryId.indexOf(':')
  return colon > 0 ? (PREFIXES[entryId.slice(0, colon)] ?? null) : null
}

export type ChannelCounts = Record<Channel, number>
export const noChannels = (): ChannelCounts => ({ till: 0, mall: 0, play: 0, invite: 0 })

/** One member's entries, counted as they are read. */
export class Engagement {
  readonly channels = noChannels()
  private readonly stores = new Map<string, number>()

  add(entryId: string): void {
    const c = channelOfEntry(entryId)
    if (!c) return
    this.channels[c]++
    if (c === 'till') {
      const store = earningStoreOf(entryId)
      if (store !== NO_STORE) this.stores.set(store, (this.stores.get(store) ?? 0) + 1)
    }
  }

  /** The store with the most till purchases; on a tie the smaller store id. Null without purchases. */
  preferredStore(): string | null {
    let best: string | null = null
    let most = 0
    for (const [store, n] of this.stores) if (n > most || (n === most && best !== null && store < best)) [best, most] = [store, n]
    return best
  }

  preferredChannel(): Channel | null {
    return preferredChannel(this.channels)
  }
}

/** The channel with the most entries; on a tie the one listed first in CHANNELS. Null with none. */
export function preferredChannel(counts: ChannelCounts): Channel | null {
  let best: Channel | null = null
  for (const c of CHANNELS) if (counts[c] > 0 && (best === null || counts[c] > counts[best])) best = c
  return best
}
