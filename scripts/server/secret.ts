import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The server secret that signs member codes and keys SMS code hashes. HUIKA_SECRET wins (as in the
 * cloud); otherwise one is generated on first start and kept in the data directory, so codes stay
 * valid across restarts and every data directory has its own.
 */
export function loadOrCreateSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.HUIKA_SECRET) return env.HUIKA_SECRET
  const file = path.join(dataDir, 'secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  // `wx` fails if another process created it first; then use theirs.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
    return secret
  } catch {
    return readFileSync(file, 'utf8').trim()
  }
}
