/**
 * Where to go after registering: a member page of this app from `?back=` (the main package, the
 * mall or the games subpackage; never the register page itself or the staff pages), else the card.
 */
export function safeBackUrl(back: string | undefined): string {
  const url = back ? decodeURIComponent(back) : ''
  return /^\/(pages|mall|games)\/[a-z0-9/_-]+(\?.*)?$/i.test(url) && !url.startsWith('/pages/register/') ? url : '/pages/card/index'
}

/** The current page as a URL to come back to, without Taro's internal params. */
export function currentPageUrl(path: string, params: Record<string, string | undefined>): string {
  const base = '/' + path.split('?')[0].replace(/^\/+/, '')
  const query = Object.entries(params)
    .filter(([k, v]) => v !== undefined && !k.startsWith('$') && k !== 'stamp')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(decodeURIComponent(v!))}`)
    .join('&')
  return query ? `${base}?${query}` : base
}

export function registerUrl(back: string): string {
  return `/pages/register/index?back=${encodeURIComponent(back)}`
}
