import { useCallback, useEffect, useState } from 'react'

/**
 * A list read a page at a time ("load more"): the first page once per change of `deps`, then each
 * next page appended from the cursor the previous one answered with.
 */
export function usePaged<T>(page: (cursor: string | undefined) => Promise<{ rows: T[]; nextCursor: string | null }>, deps: unknown[]) {
  const [rows, setRows] = useState<T[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(null)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fetchPage = useCallback(page, deps)
  const load = useCallback(
    async (from?: string) => {
      setLoading(true)
      setError(null)
      try {
        const r = await fetchPage(from)
        setRows((prev) => (from ? [...prev, ...r.rows] : r.rows))
        setCursor(r.nextCursor)
      } catch (e) {
        setError(e)
      } finally {
        setLoading(false)
      }
    },
    [fetchPage],
  )
  useEffect(() => {
    void load()
  }, [load])
  const more = useCallback(() => (cursor ? load(cursor) : Promise.resolve()), [cursor, load])
  return { rows, cursor, loading, error, more }
}
