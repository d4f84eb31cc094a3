import { useCallback, useRef, useState } from 'react'
import type { InviteResult, StatsResult } from '@shared/share/schemas'
import { call, type CallError } from '../../services/api'

export type StatsState = { kind: 'ready'; stats: StatsResult } | { kind: 'error'; error: CallError }

export type InviteState =
  | { kind: 'loading' }
  | { kind: 'unregistered' }
  | { kind: 'error'; error: CallError }
  /** The invite (code, path, image) is what the page is for; stats failing alone keeps it on screen. */
  | { kind: 'ready'; invite: InviteResult; stats: StatsState }

/**
 * The invite page's data: share.invite and share.stats side by side. A generation counter drops
 * an answer that arrives after a newer load (quick show/hide), so the page ends on the latest.
 */
export function useInvite() {
  const [state, setState] = useState<InviteState>({ kind: 'loading' })
  const generation = useRef(0)

  const load = useCallback(async () => {
    const gen = ++generation.current
    const [invite, stats] = await Promise.all([call('share', 'invite', {}), call('share', 'stats', {})])
    if (gen !== generation.current) return
    if (!invite.ok) return setState(invite.error.code === 'NOT_REGISTERED' ? { kind: 'unregistered' } : { kind: 'error', error: invite.error })
    setState({ kind: 'ready', invite: invite.data, stats: stats.ok ? { kind: 'ready', stats: stats.data } : { kind: 'error', error: stats.error } })
  }, [])

  const retry = useCallback(() => {
    setState({ kind: 'loading' })
    return load()
  }, [load])

  return { state, load, retry }
}
