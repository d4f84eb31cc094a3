import { useCallback, useRef, useState } from 'react'
import type { ClaimResult, DrawResult, SetView } from '@shared/game/schemas'
import { call, type CallError } from '../../services/api'

export type { ClaimResult }

export type SetState = { kind: 'loading' } | { kind: 'unregistered' } | { kind: 'error'; error: CallError } | { kind: 'ready'; view: SetView }

/** What the member's last tap did; one at a time. `shared`: how many draws sharing added (0 once the day's cap is reached). */
export type ActionState =
  | { kind: 'idle' }
  | { kind: 'sending'; what: 'draw' | 'share' | 'claim' }
  | { kind: 'drew'; result: DrawResult }
  | { kind: 'shared'; gained: number }
  | { kind: 'claimed'; result: ClaimResult; label: string }
  | { kind: 'error'; what: 'draw' | 'share' | 'claim'; error: CallError }

/**
 * The collect-the-set page's data: the campaign as the member stands in it, and one draw, share or
 * claim at a time. Every answer carries the server's SetView, which replaces the page's; after a
 * refusal the campaign is read again, since the page was out of step (e.g. drew on another phone).
 */
export function useCollectSet(campaignId: string) {
  const [set, setSet] = useState<SetState>({ kind: 'loading' })
  const [action, setAction] = useState<ActionState>({ kind: 'idle' })
  const busy = useRef(false)

  const load = useCallback(async () => {
    const res = await call('game', 'set', { campaignId })
    if (res.ok) return setSet({ kind: 'ready', view: res.data })
    if (res.error.code === 'NOT_REGISTERED') return setSet({ kind: 'unregistered' })
    // A failed refresh keeps the cards on screen; only a first load shows the error page.
    setSet((s) => (s.kind === 'ready' ? s : { kind: 'error', error: res.error }))
  }, [campaignId])

  const reload = useCallback(() => {
    if (!busy.current) void load()
  }, [load])

  const retry = useCallback(() => {
    setSet({ kind: 'loading' })
    return load()
  }, [load])

  /** Runs one action; `done` turns its answer into the new view and what to say about it. */
  const run = useCallback(
    async <T>(what: 'draw' | 'share' | 'claim', send: () => Promise<{ ok: true; data: T } | { ok: false; error: CallError }>, done: (data: T) => { view: SetView; state: ActionState }) => {
      if (busy.current) return
      busy.current = true
      setAction({ kind: 'sending', what })
      const res = await send()
      busy.current = false
      if (!res.ok) {
        setAction({ kind: 'error', what, error: res.error })
        return load()
      }
      const { view, state } = done(res.data)
      setSet({ kind: 'ready', view })
      setAction(state)
    },
    [load],
  )

  const draw = useCallback(
    () => run('draw', () => call('game', 'draw', { campaignId }), (result) => ({ view: result.set, state: { kind: 'drew', result } })),
    [run, campaignId],
  )

  /** WeChat does not say whether the share was sent, so the extra draw is asked for when the member opens the share sheet. */
  const share = useCallback(
    (before: SetView) =>
      run('share', () => call('game', 'shareDraw', { campaignId }), (view) => ({ view, state: { kind: 'shared', gained: Math.max(0, before.shareDrawsLeft - view.shareDrawsLeft) } })),
    [run, campaignId],
  )

  const claim = useCallback(
    (tier: SetView['tiers'][number]) =>
      run('claim', () => call('game', 'claim', { campaignId, rewardTier: tier.id }), (result) => ({ view: result.set, state: { kind: 'claimed', result, label: tier.label } })),
    [run, campaignId],
  )

  return { set, action, reload, retry, draw, share, claim }
}
