import { useEffect, useState } from 'react'

/**
 * Routes live in the hash (/console#/members/M1), so the server only ever serves /console and a
 * reload or a shared link opens the same page.
 */
const read = () => decodeURI(window.location.hash.replace(/^#/, '')) || '/'

export function useRoute(): string[] {
  const [path, setPath] = useState(read)
  useEffect(() => {
    const on = () => setPath(read())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return path.split('/').filter(Boolean).map(decodeURIComponent)
}

export const navigate = (path: string) => {
  window.location.hash = path
}

export const href = (path: string) => `#${path}`
