import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { call, type CallError } from '../../services/api'

/** Ask for the next code this long before the current one expires. */
const REFRESH_LEAD_MS = 5_000
const MIN_LIFE_MS = 10_000
const MAX_LIFE_MS = 60_000

export type LiveCode = { code: string; expiresAt: number }

/**
 * When the code expires, in this device's clock. The phone's clock may be off from the
 * server's, so the life the server grants is clamped to 10–60 s: the code is then never
 * shown past its real expiry by more than the clock error, and never refreshed in a loop.
 */
export function localExpiry(expiresAtIso: string, receivedAt: number): number {
  const life = Date.parse(expiresAtIso) - receivedAt
  if (!Number.isFinite(life)) return receivedAt + MAX_LIFE_MS
  return receivedAt + Math.min(MAX_LIFE_MS, Math.max(MIN_LIFE_MS, life))
}

/** The rotating member code, refreshed shortly before expiry while the page is visible. */
export function useMemberCode(enabled: boolean) {
  const [current, setCurrent] = useState<LiveCode>()
  const [error, setError] = useState<CallError>()
  const [refreshing, setRefreshing] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const inFlight = useRef(false)
  const visible = useRef(true)

  const stop = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = undefined
  }

  const refresh = useCallback(async () => {
    if (inFlight.current) return
    inFlight.current = true
    stop()
    setRefreshing(true)
    const res = await call('member', 'code', {})
    inFlight.current = false
    setRefreshing(false)
    if (!res.ok) {
      setError(res.error)
      return
    }
    const expiresAt = localExpiry(res.data.expiresAt, Date.now())
    setError(undefined)
    setCurrent({ code: res.data.code, expiresAt })
    if (visible.current) timer.current = setTimeout(refresh, Math.max(1_000, expiresAt - Date.now() - REFRESH_LEAD_MS))
  }, [])

  useEffect(() => {
    if (enabled) void refresh()
    return stop
  }, [enabled, refresh])

  // No timers while the page is hidden; coming back fetches a fresh code if the old one is near its end.
  useDidHide(() => {
    visible.current = false
    stop()
  })
  useDidShow(() => {
    visible.current = true
    if (enabled && !timer.current && !inFlight.current) void refresh()
  })

  return { current, error, refreshing, refresh }
}
