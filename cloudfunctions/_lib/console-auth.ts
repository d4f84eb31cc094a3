import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { Database } from './deps'
import type { Identity } from './router'

/**
 * The console's own sign-in, for production where no WeChat context exists: usernames with scrypt
 * password hashes, and sessions whose tokens are random and stored only as a SHA-256 hash.
 * - `console_logins`: `_id` = the username, lower-cased: `{openid, hash, failures, lockedUntil}`.
 * - `console_sessions`: `_id` = SHA-256 of the token: `{openid, createdAt, expiresAt}`.
 * A session stands for the staff record with that openid; what it may do is the staff record's role.
 */
export const CONSOLE_LOGINS = 'console_logins'
export const CONSOLE_SESSIONS = 'console_sessions'

export const SESSION_HOURS = 12
const MAX_FAILURES = 5
const LOCK_MINUTES = 15
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 }

const scrypt = (password: string, salt: Buffer, o: ScryptOptions & { keylen: number }) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, o.keylen, { N: o.N, r: o.r, p: o.p }, (err, key) => (err ? reject(err) : resolve(key))))

/** `scrypt$N$r$p$salt$key`, salt and key base64: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, SCRYPT)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !key) return false
  const want = Buffer.from(key, 'base64')
  const got = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), keylen: want.length })
  return got.length === want.length && timingSafeEqual(got, want)
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

export interface LoginRecord {
  _id: string
  openid: string
  hash: string
  failures: number
  lockedUntil: Date | null
  createdAt: Date
  updatedAt: Date
}

/** Creates or replaces a console login for a staff record (CLI: `staff password`). */
export async function setLogin(db: Database, username: string, openid: string, password: string, now: Date): Promise<void> {
  const id = username.toLowerCase()
  const old = ((await db.collection(CONSOLE_LOGINS).doc(id).get()).data as LoginRecord[])[0]
  const record: Omit<LoginRecord, '_id'> = { openid, hash: await hashPassword(password), failures: 0, lockedUntil: null, createdAt: old?.createdAt ?? now, updatedAt: now }
  await db.collection(CONSOLE_LOGINS).doc(id).set(record)
}

export type LoginOutcome = { ok: true; openid: string; token: string; expiresAt: Date } | { ok: false; code: 'LOGIN_FAILED' | 'LOGIN_LOCKED' }

/**
 * Checks a username and password and opens a session. Five wrong passwords lock the login for 15
 * minutes; an unknown username costs the same hashing time as a known one, so timing tells nothing.
 */
export async function login(db: Database, username: string, password: string, now: Date): Promise<LoginOutcome> {
  const id = username.toLowerCase()
  const record = ((await db.collection(CONSOLE_LOGINS).doc(id).get()).data as LoginRecord[])[0]
  if (!record) {
    await verifyPassword(password, `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$AAAAAAAAAAAAAAAAAAAAAA==$${'A'.repeat(43)}=`)
    return { ok: false, code: 'LOGIN_FAILED' }
  }
  if (record.lockedUntil && new Date(record.lockedUntil) > now) return { ok: false, code: 'LOGIN_LOCKED' }
  const logins = db.collection(CONSOLE_LOGINS).doc(id)
  if (!(await verifyPassword(password, record.hash))) {
    const failures = record.failures + 1
    const locked = failures >= MAX_FAILURES
    await logins.update({ failures: locked ? 0 : failures, lockedUntil: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null, updatedAt: now })
    return { ok: false, code: locked ? 'LOGIN_LOCKED' : 'LOGIN_FAILED' }
  }
  if (record.failures > 0 || record.lockedUntil) await logins.update({ failures: 0, lockedUntil: null, updatedAt: now })
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000)
  await db.collection(CONSOLE_SESSIONS).doc(tokenHash(token)).set({ openid: record.openid, createdAt: now, expiresAt })
  return { ok: true, openid: record.openid, token, expiresAt }
}

const TOKEN = /^[\w-]{20,100}$/

/** The identity a session token stands for, or null (unknown, malformed or expired). */
export async function sessionIdentity(db: Database, token: string, now: Date): Promise<Identity | null> {
  if (!TOKEN.test(token)) return null
  const id = tokenHash(token)
  const doc = ((await db.collection(CONSOLE_SESSIONS).doc(id).get()).data as Array<{ openid: string; expiresAt: Date }>)[0]
  if (!doc || new Date(doc.expiresAt) <= now) return null
  return { openid: doc.openid, unionid: null, session: id }
}

/** Ends one session (sign-out). */
export async function endSession(db: Database, sessionId: string): Promise<void> {
  await db.collection(CONSOLE_SESSIONS).doc(sessionId).remove()
}

/** `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null
  const m = /^Bearer\s+(\S+)$/i.exec(header)
  return m ? m[1] : null
}

/** A token that no longer names a session is SESSION_EXPIRED (sign in again), except on the login itself. */
export const isLogin = (event: unknown) => typeof event === 'object' && event !== null && (event as { action?: unknown }).action === 'login'
