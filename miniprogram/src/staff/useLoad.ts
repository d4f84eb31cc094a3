import { useCallback, useEffect, useState } from 'react'
import type { CallError, CallResult } from '../services/api'

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; error: CallError } | { kind: 'ready'; data: T }

/** Runs `fetch` on mount and whenever it changes (wrap it in useCallback with its inputs); `reload` runs it again. */
export function useLoad<T>(fetch: () => Promise<CallResult<T>>) {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' })
  const reload = useCallback(async () => {
    setState({ kind: 'loading' })
    const res = await fetch()
    setState(res.ok ? { kind: 'ready', data: res.data } : { kind: 'error', error: res.error })
  }, [fetch])
  useEffect(() => void reload(), [reload])
  return { state, reload }
}

/** One field of a successful result, e.g. the array in `{ approvals: [...] }`. */
export function field<T, K extends keyof T>(res: CallResult<T>, key: K): CallResult<T[K]> {
  return res.ok ? { ok: true, data: res.data[key] } : res
}
