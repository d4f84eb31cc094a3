import { useCallback, useEffect, useRef, useState } from 'react'
import type { SpinResult, WheelView } from '@shared/game/schemas'
import { call, type CallError } from '../../services/api'
import { SPIN_MS, stopAt } from './rotation'

export type WheelState = { kind: 'loading' } | { kind: 'unregistered' } | { kind: 'error'; error: CallError } | { kind: 'ready'; view: WheelView }

/** `turning`: the server has paid the spin and the wheel is on its way to that prize; the result waits until it stops. */
export type SpinState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'turning'; result: SpinResult }
  | { kind: 'done'; result: SpinResult }
  | { kind: 'error'; error: CallError }

/**
 * The wheel page's data: the wheel (odds, spins left, balance) and one spin at a time. The wheel is
 * read again once a spin has stopped or was refused, so the balance, the cost of the next spin and
 * the spins left are the server's, not the page's own arithmetic.
 */
export function useWheel(wheelId: string) {
  const [wheel, setWheel] = useState<WheelState>({ kind: 'loading' })
  const [spin, setSpin] = useState<SpinState>({ kind: 'idle' })
  const [rotation, setRotation] = useState(0)
  const busy = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])

  const load = useCallback(async () => {
    const res = await call('game', 'wheel', { wheelId })
    if (res.ok) return setWheel({ kind: 'ready', view: res.data })
    if (res.error.code === 'NOT_REGISTERED') return setWheel({ kind: 'unregistered' })
    // A failed refresh keeps the wheel on screen; only a first load shows the error page.
    setWheel((s) => (s.kind === 'ready' ? s : { kind: 'error', error: res.error }))
  }, [wheelId])

  /** Not while the wheel turns: the new balance would give the result away before it stops. */
  const reload = useCallback(() => {
    if (!busy.current) void load()
  }, [load])

  const retry = useCallback(() => {
    setWheel({ kind: 'loading' })
    return load()
  }, [load])

  const submit = useCallback(async () => {
    if (busy.current || wheel.kind !== 'ready') return
    busy.current = true
    setSpin({ kind: 'sending' })
    const res = await call('game', 'spin', { wheelId })
    if (!res.ok) {
      busy.current = false
      setSpin({ kind: 'error', error: res.error })
      // The limit, the balance or the window was not what the page showed (e.g. spun on another phone).
      return load()
    }
    const { prizes } = wheel.view
    const index = prizes.findIndex((p) => p.id === res.data.prize.id)
    const finish = () => {
      busy.current = false
      setSpin({ kind: 'done', result: res.data })
      void load()
    }
    // A prize the page does not know (the wheel was changed meanwhile) has no sector to turn to.
    if (index < 0) return finish()
    setRotation((r) => stopAt(r, index, prizes.length))
    setSpin({ kind: 'turning', result: res.data })
    timer.current = setTimeout(finish, SPIN_MS)
  }, [wheel, wheelId, load])

  return { wheel, spin, rotation, reload, retry, submit }
}
