import { useEffect, useState } from 'react'

/**
 * The server's time now, ticking every second while `ticking` (a page with a running countdown);
 * `offsetMs` comes from clock.ts serverOffsetMs when the page's data arrived.
 */
export function useServerNow(offsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs)
  useEffect(() => {
    setNow(Date.now() + offsetMs)
    if (!ticking) return
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000)
    return () => clearInterval(timer)
  }, [offsetMs, ticking])
  return now
}
