/**
 * The code a link carries (`?code=...` from the till's coupon list or a deep link). Taro's H5
 * router and WeChat both hand query values over as written in the URL, still percent-encoded;
 * a malformed escape is kept as it came rather than thrown. The write-off and hand-over pages use it.
 */
export function queryCode(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeURIComponent(value).trim()
  } catch {
    return value.trim()
  }
}
