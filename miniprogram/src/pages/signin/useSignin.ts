import { useCallback, useRef, useState } from 'react'
import type { CalendarResult, CheckInResult } from '@shared/signin/schemas'
import { call, type CallError } from '../../services/api'

export type CalendarState =
  | { kind: 'loading' }
  | { kind: 'unregistered' }
  | { kind: 'error'; error: CallError }
  /** `switching`: another month is on its way; the shown one stays meanwhile. */
  | { kind: 'ready'; calendar: CalendarResult; switching: boolean; monthError?: CallError }

export type CheckInState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; result: CheckInResult } | { kind: 'error'; error: CallError }

/**
 * The sign-in page's data: one month of the calendar (with the streak and upcoming rewards the
 * server sends along) and the check-in. A generation counter drops a month that arrives after a
 * newer request, so quick taps on ‹ › always end on the month last asked for.
 */
export function useSignin() {
  const [calendar, setCalendar] = useState<CalendarState>({ kind: 'loading' })
  const [checkIn, setCheckIn] = useState<CheckInState>({ kind: 'idle' })
  const generation = useRef(0)
  /** The month on screen, so coming back to the page reloads that month, not the current one. */
  const shown = useRef<string>()

  const load = useCallback(async (month?: string) => {
    const gen = ++generation.current
    setCalendar((s) => (s.kind === 'ready' ? { ...s, switching: true, monthError: undefined } : s))
    const res = await call('signin', 'calendar', month ? { month } : {})
    if (gen !== generation.current) return
    if (res.ok) {
      shown.current = res.data.month
      return setCalendar({ kind: 'ready', calendar: res.data, switching: false })
    }
    if (res.error.code === 'NOT_REGISTERED') return setCalendar({ kind: 'unregistered' })
    // A failed month switch keeps the month on screen and says why below it.
    setCalendar((s) => (s.kind === 'ready' ? { ...s, switching: false, monthError: res.error } : { kind: 'error', error: res.error }))
  }, [])

  const reload = useCallback(() => load(shown.current), [load])
  const retry = useCallback(() => {
    setCalendar({ kind: 'loading' })
    return load(shown.current)
  }, [load])

  const sending = useRef(false)
  const submit = useCallback(async () => {
    if (sending.current) return
    sending.current = true
    setCheckIn({ kind: 'sending' })
    const res = await call('signin', 'checkIn', {})
    sending.current = false
    setCheckIn(res.ok ? { kind: 'done', result: res.data } : { kind: 'error', error: res.error })
    // Back to this month either way: today's mark, the streak and what comes next have changed,
    // or were not what the page showed (checked in on another device).
    await load(res.ok ? res.data.day.slice(0, 7) : undefined)
  }, [load])

  return { calendar, checkIn, showMonth: load, reload, retry, submit }
}
