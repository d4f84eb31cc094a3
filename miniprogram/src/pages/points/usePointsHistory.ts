import { useCallback, useRef, useState } from 'react'
import type { LedgerEntryView } from '@shared/points/schemas'
import { call, type CallError } from '../../services/api'

export type HistoryState = {
  entries: LedgerEntryView[]
  /** null once the oldest entry is loaded. */
  nextCursor: string | null
  loading: boolean
  /** The first page failed: the list has nothing to show. */
  error?: CallError
  /** A later page failed: the list stays, the footer offers a retry. */
  moreError?: CallError
  loaded: boolean
}

const initial: HistoryState = { entries: [], nextCursor: null, loading: false, loaded: false }

/**
 * The ledger, newest first, a page at a time (`points.history {cursor}`). A reload bumps a
 * generation counter so a slow page from before the reload is dropped instead of appended.
 */
export function usePointsHistory() {
  const [state, setState] = useState<HistoryState>(initial)
  const generation = useRef(0)
  const busy = useRef(false)
  const cursor = useRef<string | null>(null)

  const fetchPage = useCallback(async (first: boolean) => {
    const gen = first ? ++generation.current : generation.current
    if (!first && (busy.current || cursor.current === null)) return
    busy.current = true
    setState((s) => (first ? { ...initial, loading: true } : { ...s, loading: true, moreError: undefined }))
    const res = await call('points', 'history', first ? {} : { cursor: cursor.current ?? undefined })
    if (gen !== generation.current) return
    busy.current = false
    if (!res.ok) {
      setState((s) => (first ? { ...initial, loaded: true, error: res.error } : { ...s, loading: false, moreError: res.error }))
      return
    }
    cursor.current = res.data.nextCursor
    setState((s) => ({
      entries: first ? res.data.entries : [...s.entries, ...res.data.entries],
      nextCursor: res.data.nextCursor,
      loading: false,
      loaded: true,
    }))
  }, [])

  const reload = useCallback(() => fetchPage(true), [fetchPage])
  const loadMore = useCallback(() => fetchPage(false), [fetchPage])
  return { ...state, reload, loadMore }
}
