/**
 * Who the console acts as, kept in sessionStorage (closing the tab signs out): a console session
 * token (production's password sign-in), or in local mode an openid sent as the dev identity header.
 */
export type Session = { kind: 'token'; token: string } | { kind: 'dev'; openid: string }

const KEY = 'huika-console-session'
const listeners = new Set<() => void>()

export function currentSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null
  }
}

export function setSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s))
  else sessionStorage.removeItem(KEY)
  listeners.forEach((l) => l())
}

export function onSessionChange(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

/** The headers that identify the caller on every call. */
export function sessionHeaders(s: Session | null = currentSession()): Record<string, string> {
  if (!s) return {}
  return s.kind === 'token' ? { authorization: `Bearer ${s.token}` } : { 'x-wx-openid': s.openid }
}
