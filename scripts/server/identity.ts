import type { IncomingHttpHeaders } from 'node:http'
import type { Identity } from '../../cloudfunctions/_lib/router'
import type { Mode } from './runtime'

/** What WeChat's container hosting calls these headers; any sane openid fits the pattern. */
const OPENID_HEADER = 'x-wx-openid'
const UNIONID_HEADER = 'x-wx-unionid'
const ID_PATTERN = /^[\w.@:-]{1,128}$/

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name]
  return typeof v === 'string' && ID_PATTERN.test(v) ? v : null
}

/**
 * The caller's identity for one request. Local mode trusts the dev header (that is its purpose:
 * acting as anyone). Production mode ignores it, since anyone can send a header, and has no other
 * identity source yet, so every call there is UNAUTHENTICATED until a real platform source is wired in.
 */
export function identify(mode: Mode, headers: IncomingHttpHeaders): Identity | null {
  if (mode !== 'local') return null
  const openid = header(headers, OPENID_HEADER)
  return openid ? { openid, unionid: header(headers, UNIONID_HEADER) } : null
}
