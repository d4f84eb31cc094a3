import { createHmac } from 'node:crypto'
import type { Signer } from '../../shared/member/member-code'

/** HMAC-SHA256 under the server secret. The secret never leaves the server. */
export function hmacSigner(secret: string): Signer {
  if (secret.length < 32) throw new Error('the server secret must be at least 32 characters')
  return (message) => createHmac('sha256', secret).update(message).digest()
}

/** A hex digest for storing a value that must be checkable but not readable (SMS codes). */
export const hashHex = (sign: Signer, message: string) => Buffer.from(sign(message)).toString('hex')
