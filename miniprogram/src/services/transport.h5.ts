import { getDevOpenid } from './identity'

export async function send(name: string, body: Record<string, unknown>): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const openid = getDevOpenid()
  if (openid) headers['x-wx-openid'] = openid
  const res = await fetch(`/api/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(body) })
  // Failures still carry the {ok:false,error} envelope, whatever the HTTP status.
  return res.json()
}
